"""Admins define KPIs beyond the built-in four and set how often each vendor reports."""

from datetime import date

from sqlalchemy import select

from portal.core.db import db
from portal.kpis.models import KpiDefinition, KpiSchedule


def test_an_admin_defined_kpi_appears_on_the_vendors_form_in_their_language(
    login_as, admin_user, vendor_a, vendor_a_user
):
    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2025, 1, 1))
    )
    vendor_a.category = "logistics"
    vendor_a.preferred_language = "zh"
    db.session.commit()
    admin = login_as(admin_user)
    response = admin.post(
        "/admin/kpis",
        data={
            "code": "damaged_shipments",
            "name": "Damaged shipments",
            "name_zh": "货损件数",
            "unit": "count",
            "min_value": "0",
            "decimals": "0",
            "categories": ["logistics"],
            "active": "1",
            "position": "10",
        },
    )
    assert response.status_code == 303
    definition = db.session.scalar(
        select(KpiDefinition).where(KpiDefinition.code == "damaged_shipments")
    )
    assert definition.translations == {"zh": "货损件数"} and not definition.builtin
    page = login_as(vendor_a_user).get("/vendor/kpis/2025-Q4").get_data(as_text=True)
    assert "货损件数" in page


def test_a_kpi_for_other_categories_is_not_asked(login_as, admin_user, vendor_a, vendor_a_user):
    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2025, 1, 1))
    )
    db.session.add(
        KpiDefinition(
            code="uptime_dc",
            name="Data centre uptime",
            unit="percent",
            categories=["data_processor"],
        )
    )
    db.session.commit()
    page = login_as(vendor_a_user).get("/vendor/kpis/2025-Q4").get_data(as_text=True)
    assert "Data centre uptime" not in page


def test_definition_errors_are_explained(login_as, admin_user):
    response = login_as(admin_user).post(
        "/admin/kpis",
        data={
            "code": "NPS!",
            "name": "",
            "unit": "kg",
            "min_value": "10",
            "max_value": "1",
            "decimals": "9",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "Use 2 to 60 lower-case letters",
        "Enter a name.",
        "Choose a unit.",
        "The maximum must not be below the minimum.",
        "Enter a whole number from 0 to 4.",
    ):
        assert message in page
    duplicate = login_as(admin_user).post(
        "/admin/kpis", data={"code": "nps", "name": "NPS", "unit": "score", "decimals": "0"}
    )
    assert "Another KPI already uses this code." in duplicate.get_data(as_text=True)


def test_a_kpi_can_be_retired(login_as, admin_user):
    nps = db.session.scalar(select(KpiDefinition).where(KpiDefinition.code == "nps"))
    login_as(admin_user).post(
        f"/admin/kpis/{nps.id}",
        data={
            "name": "Net Promoter Score",
            "unit": "score",
            "min_value": "-100",
            "max_value": "100",
            "decimals": "0",
            "position": "2",
        },
    )
    db.session.refresh(nps)
    assert nps.active is False and nps.code == "nps"


def test_an_admin_sets_monthly_reporting(login_as, admin_user, vendor_a, vendor_a_user):
    response = login_as(admin_user).post(
        f"/admin/vendors/{vendor_a.id}/kpi-schedule", data={"frequency": "monthly"}
    )
    assert response.status_code == 303
    assert db.session.get(KpiSchedule, vendor_a.id).frequency == "monthly"
    page = login_as(vendor_a_user).get("/vendor/kpis").get_data(as_text=True)
    assert "every month" in page


def test_vendors_and_reviewers_cannot_change_definitions(login_as, vendor_a_user, reviewer_user):
    for user in (vendor_a_user, reviewer_user):
        assert login_as(user).post("/admin/kpis", data={"code": "x_y"}).status_code == 403
