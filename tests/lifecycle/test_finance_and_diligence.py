"""Financial health year on year, and due diligence checks in the onboarding checklist."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.diligence.service import CheckRefused, StaleCheck, save_check
from portal.finance.health import financial_health
from portal.requirements.checklist import onboarding_complete, vendor_checklist
from portal.requirements.models import Requirement
from portal.vendors.status import refresh_vendor_status
from tests.support.lifecycle import approved_document

TODAY = date(2026, 3, 1)


def statement(vendor, year, **figures):
    return approved_document(
        vendor,
        "audited_financial_statements",
        "financial_statement",
        {"fiscal_year_end": f"{year}-12-31", "currency": "EUR", **figures},
    )


def test_ratios_appear_where_the_figures_allow(app, vendor_a):
    statement(vendor_a, 2023, revenue=1_000_000, net_income=100_000)
    statement(
        vendor_a,
        2024,
        revenue=1_200_000,
        net_income=90_000,
        total_assets=800_000,
        total_liabilities=400_000,
        current_assets=300_000,
        current_liabilities=200_000,
    )
    health = financial_health(vendor_a.id)
    old, new = health.years
    assert old.net_margin == Decimal(10) and old.debt_ratio is None and old.current_ratio is None
    assert new.revenue_change == Decimal("0.2")
    assert new.net_margin == Decimal("7.5") and new.debt_ratio == Decimal(50)
    assert new.current_ratio == Decimal("1.5")
    assert not health.deteriorating  # margin fell 2.5 points: under the 5-point threshold


def test_a_margin_drop_and_rising_debt_are_warnings(app, vendor_a):
    statement(vendor_a, 2023, revenue=1_000, net_income=150, total_assets=100, total_liabilities=40)
    statement(vendor_a, 2024, revenue=1_000, net_income=50, total_assets=100, total_liabilities=60)
    warnings = " ".join(financial_health(vendor_a.id).warnings)
    assert "Net margin fell from 15.0 % to 5.0 %" in warnings
    assert "Debt ratio rose from 40.0 % to 60.0 %" in warnings


def test_statements_not_yet_approved_are_ignored(app, vendor_a):
    statement(vendor_a, 2023, revenue=1_000)
    approved_document(
        vendor_a,
        "audited_financial_statements",
        "financial_statement",
        {"fiscal_year_end": "2024-12-31", "revenue": 10},
        state="in_review",
    )
    assert [y.year for y in financial_health(vendor_a.id).years] == [2023]


@pytest.fixture
def sanctions_required(app, vendor_a):
    # Only the check is required here (the matrix ships with document requirements).
    for requirement in db.session.scalars(select(Requirement)):
        requirement.active = False
    db.session.add(
        Requirement(name="Sanctions screening", kinds=[], checks=["sanctions_screening"])
    )
    vendor_a.status = "onboarding"
    db.session.commit()
    return vendor_a


def test_a_required_check_counts_in_the_checklist_and_onboarding(
    app, sanctions_required, reviewer_user
):
    vendor = sanctions_required
    (item,) = vendor_checklist(vendor, TODAY)
    assert item.status == "missing" and item.checks == ("sanctions_screening",)
    assert refresh_vendor_status(vendor, TODAY) is None
    check = save_check(
        vendor,
        "sanctions_screening",
        {"outcome": "failed", "evidence": "Listed owner", "owner_id": str(reviewer_user.id)},
        None,
    )
    assert vendor_checklist(vendor, TODAY)[0].status == "changes_requested"
    save_check(
        vendor, "sanctions_screening", {"outcome": "passed", "evidence": "No hits"}, check.version
    )
    assert onboarding_complete(vendor_checklist(vendor, TODAY))
    db.session.refresh(vendor)
    assert vendor.status == "active"  # the last cleared check activates the vendor


def test_approving_every_document_does_not_activate_a_vendor_whose_check_is_open(
    app, sanctions_required
):
    from portal.reminders.lapse import refresh_vendor_statuses

    vendor = sanctions_required
    changes = refresh_vendor_statuses(db.session, TODAY, [vendor.id], activate_onboarding=True)
    db.session.refresh(vendor)
    assert changes.activated == [] and vendor.status == "onboarding"


def test_an_outcome_needs_evidence_and_a_stale_edit_gets_409(app, sanctions_required):
    vendor = sanctions_required
    with pytest.raises(CheckRefused, match="found"):
        save_check(vendor, "site_visit", {"outcome": "passed"}, None)
    check = save_check(vendor, "site_visit", {"outcome": "pending"}, None)
    save_check(vendor, "site_visit", {"outcome": "passed", "evidence": "Visited"}, check.version)
    with pytest.raises(StaleCheck) as stale:
        save_check(vendor, "site_visit", {"outcome": "failed", "evidence": "x"}, 1)
    assert stale.value.status == 409


def test_the_vendor_sees_the_check_without_an_upload_button(
    app, sanctions_required, login_as, vendor_a_user
):
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert "Sanctions screening" in page
    assert "nothing for you to upload" in page
