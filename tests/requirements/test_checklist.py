"""The requirements matrix and the checklist computed from it."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.documents.models import Document
from portal.requirements.checklist import (
    applicable_requirements,
    onboarding_complete,
    vendor_checklist,
)
from portal.requirements.models import Requirement
from portal.vendors.status import refresh_vendor_status

TODAY = date(2026, 11, 26)


def names(requirements):
    return [r.name for r in requirements]


def add_document(vendor, kind, state, expiry=None, note=None):
    n = db.session.query(Document).count() + 1
    document = Document(
        vendor_id=vendor.id,
        kind=kind,
        original_filename=f"{kind}.pdf",
        storage_key=f"k/{n}",
        sha256=f"{n:064d}",
        size=1,
        media_type="application/pdf",
        state=state,
        expiry_date=expiry,
        review_note=note,
    )
    db.session.add(document)
    db.session.commit()
    return document


@pytest.mark.parametrize(
    ("category", "country", "criticality", "spend", "expected"),
    [
        ("general", "DE", "low", None, ["Business licence"]),
        ("general", "DE", "medium", None, ["Business licence", "Service agreement"]),
        (
            "data_processor",
            "DE",
            "medium",
            None,
            [
                "Business licence",
                "Information security certification",
                "Data processing agreement",
                "Service agreement",
            ],
        ),
        (
            "data_processor",
            "CN",
            "low",
            None,
            [
                "Business licence",
                "Information security certification",
                "Data processing agreement",
                "EU standard contractual clauses",
            ],
        ),
        ("logistics", "CN", "low", None, ["Business licence", "Insurance certificate"]),
        ("general", "ES", "low", 2_500_000, ["Business licence", "Audited financial statements"]),
    ],
)
def test_default_matrix_applies_by_category_country_criticality_and_spend(
    app, create_vendor, category, country, criticality, spend, expected
):
    vendor = create_vendor(
        category=category, country=country, criticality=criticality, annual_spend_eur=spend
    )
    assert names(applicable_requirements(vendor)) == expected


def test_an_inactive_requirement_no_longer_applies(app, create_vendor):
    vendor = create_vendor(category="general", criticality="low")
    db.session.scalar(
        select(Requirement).where(Requirement.name == "Business licence")
    ).active = False
    db.session.commit()
    assert applicable_requirements(vendor) == []


def test_checklist_states_missing_in_progress_changes_approved_expiring_expired(app, create_vendor):
    vendor = create_vendor(category="data_processor", country="CN", criticality="low")
    add_document(vendor, "business_licence", "approved", expiry=None)
    add_document(vendor, "soc2_report", "approved", expiry=TODAY + timedelta(days=30))
    add_document(vendor, "data_processing_agreement", "changes_requested", note="Unsigned copy")
    add_document(
        vendor, "standard_contractual_clauses", "approved", expiry=TODAY - timedelta(days=1)
    )
    items = {i.name: i for i in vendor_checklist(vendor, TODAY)}
    assert items["Business licence"].status == "approved"
    assert items["Information security certification"].status == "expiring"
    assert items["Information security certification"].days_left == 30
    assert items["Data processing agreement"].status == "changes_requested"
    assert items["Data processing agreement"].review_note == "Unsigned copy"
    assert items["EU standard contractual clauses"].status == "expired"
    assert not onboarding_complete(items.values())


def test_a_renewal_in_progress_is_shown_beside_the_expiring_document(app, create_vendor):
    vendor = create_vendor(category="general", criticality="low")
    old = add_document(vendor, "business_licence", "approved", expiry=TODAY + timedelta(days=10))
    new = add_document(vendor, "business_licence", "in_review")
    (item,) = vendor_checklist(vendor, TODAY)
    assert (item.status, item.document_id, item.renewal_document_id) == ("expiring", old.id, new.id)


def test_rejected_documents_do_not_count(app, create_vendor):
    vendor = create_vendor(category="general", criticality="low")
    add_document(vendor, "business_licence", "rejected")
    (item,) = vendor_checklist(vendor, TODAY)
    assert item.status == "missing"


def test_vendor_becomes_active_when_complete_and_lapses_when_a_document_expires(app, create_vendor):
    vendor = create_vendor(category="general", criticality="low", status="onboarding")
    document = add_document(
        vendor, "business_licence", "approved", expiry=TODAY + timedelta(days=5)
    )
    assert refresh_vendor_status(vendor, TODAY) == "active"
    assert refresh_vendor_status(vendor, TODAY) is None  # nothing changes twice
    assert refresh_vendor_status(vendor, document.expiry_date + timedelta(days=1)) == "lapsed"
    db.session.commit()
    changes = db.session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "vendor.status_changed")
    ).all()
    assert [(c["before"], c["after"]) for c in changes] == [
        ("onboarding", "active"),
        ("active", "lapsed"),
    ]


def test_suspended_vendors_stay_suspended(app, create_vendor):
    vendor = create_vendor(category="general", criticality="low", status="suspended")
    add_document(vendor, "business_licence", "approved")
    assert refresh_vendor_status(vendor, TODAY) is None and vendor.status == "suspended"


@pytest.mark.both_backends
def test_the_sql_condition_selects_exactly_the_vendors_the_python_rule_accepts(app, create_vendor):
    from portal.requirements.checklist import (
        RequirementSpec,
        requirement_applies,
        requirement_condition,
    )
    from portal.vendors.models import Vendor

    vendors = [
        create_vendor(
            category=category, country=country, criticality=criticality, annual_spend_eur=spend
        )
        for category in ("general", "data_processor", "logistics")
        for country in ("DE", "CN", "US")
        for criticality in ("low", "high")
        for spend in (None, 500_000, 2_000_000)
    ]
    db.session.add_all(
        [
            Requirement(
                name="a", kinds=["x"], categories=["data_processor"], excluded_countries=["DE"]
            ),
            Requirement(name="b", kinds=["x"], countries=["CN", "US"], min_criticality="high"),
            Requirement(name="c", kinds=["x"], min_annual_spend_eur=1_000_000),
        ]
    )
    db.session.commit()
    for requirement in db.session.scalars(select(Requirement)):
        spec = RequirementSpec.of(requirement)
        by_sql = set(db.session.scalars(select(Vendor.id).where(requirement_condition(spec))))
        by_python = {v.id for v in vendors if requirement_applies(requirement, v)}
        assert by_sql == by_python, requirement.name
