"""Response-time SLA breaches: the contract's extracted `sla_response_hours` (the most severe
priority's time) against the vendor's validated self-reports and staff measurements."""

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portal.core.db import db
from portal.documents import processing
from portal.documents.models import Document, ExtractedField
from portal.documents.upload import upload_document
from portal.kpis.definitions import read_definition, save_definition
from portal.kpis.models import KpiDefinition
from portal.kpis.periods import parse_period
from portal.kpis.service import kpi_help, kpi_name
from portal.lifecycle.models import LifecycleEvent
from portal.scorecards.models import SlaBreach
from portal.scorecards.sla import check_vendor_sla, contracted_levels, record_measurement
from tests.support.documents import text_pdf
from tests.support.lifecycle import validated_report

TODAY = date(2026, 2, 10)
Q4 = parse_period("2025-Q4")
Q3 = parse_period("2025-Q3")

CONTRACT = text_pdf(
    [
        [
            "SUPPORT SERVICES AGREEMENT",
            "This Agreement is made between Harbour Freight Ltd (Customer) and Acme Cloud Ltd",
            "(Supplier). This Agreement is governed by the laws of Singapore.",
            "1. Fees. Customer shall pay each invoice within thirty (30) days of receipt.",
        ],
        [
            "2. Support and Service Levels",
            "2.1 Priority 1 incidents: response within 2 hours.",
            "2.2 Priority 2 incidents: response within 8 hours.",
            "3. Either party may terminate this Agreement on ninety (90) days' notice.",
        ],
    ]
)


def approved_contract(vendor):
    """The contract uploaded, extracted by the real pipeline, then approved."""
    document = upload_document(vendor, None, "support-agreement.pdf", io.BytesIO(CONTRACT))
    db.session.commit()
    processing.extract_document(document.id)
    db.session.expire_all()
    document = db.session.get(Document, document.id)
    document.state = "approved"
    db.session.commit()
    return document


def breaches():
    return db.session.scalars(select(SlaBreach).order_by(SlaBreach.id)).all()


def test_the_contracted_response_time_comes_from_the_extracted_clause(app, vendor_a):
    document = approved_contract(vendor_a)
    clause = db.session.scalar(
        select(ExtractedField).where(
            ExtractedField.document_id == document.id, ExtractedField.name == "sla_response_hours"
        )
    )
    assert clause.kind == "clause" and clause.page == 2
    level = contracted_levels(vendor_a.id, TODAY)["response_hours"]
    assert level.value == Decimal(2) and level.document_id == document.id
    assert "Priority 1 incidents: response within 2 hours" in level.evidence


def test_a_slower_reported_response_opens_one_issue_with_the_contract_evidence(app, vendor_a):
    document = approved_contract(vendor_a)
    validated_report(vendor_a, Q4.start, Q4.end, sla_response_hours="3.5")
    (breach,) = check_vendor_sla(vendor_a, TODAY)
    db.session.commit()
    assert (breach.metric, breach.source) == ("response_hours", "self_report")
    assert (breach.contracted, breach.actual) == (Decimal(2), Decimal("3.5"))
    assert breach.evidence["contract_document_id"] == document.id
    assert breach.evidence["clause_page"] == 2
    assert "Priority 1 incidents: response within 2 hours" in breach.evidence["clause_evidence"]
    issue = db.session.get(LifecycleEvent, breach.event_id)
    assert issue.kind == "sla_breach" and issue.status == "open"
    assert "Response time (hours) 3.5" in issue.title
    assert "support-agreement.pdf, page 2" in issue.detail
    assert "response within 2 hours" in issue.detail
    # running the check again adds neither a breach nor an issue
    assert check_vendor_sla(vendor_a, TODAY) == []
    db.session.commit()
    assert len(breaches()) == 1
    assert db.session.scalar(select(func.count(LifecycleEvent.id))) == 1


def test_a_response_within_the_contracted_time_is_no_breach(app, vendor_a):
    approved_contract(vendor_a)
    validated_report(vendor_a, Q4.start, Q4.end, sla_response_hours="1.5")
    validated_report(vendor_a, Q3.start, Q3.end, sla_response_hours="2")  # exactly on time
    assert check_vendor_sla(vendor_a, TODAY) == []
    assert breaches() == []


def test_staff_measurements_of_response_time_are_compared_too(app, vendor_a):
    approved_contract(vendor_a)
    record_measurement(
        vendor_a,
        "response_hours",
        date(2026, 1, 1),
        date(2026, 1, 31),
        Decimal("6"),
        "ticket 4411",
        None,
    )
    (breach,) = check_vendor_sla(vendor_a, TODAY)
    assert breach.source == "internal" and breach.evidence["note"] == "ticket 4411"


def test_an_admin_defined_response_time_kpi_is_used_as_the_self_report(app, vendor_a):
    approved_contract(vendor_a)
    form = read_definition(
        {
            "code": "incident_response_hours",
            "name": "Average incident response (hours)",
            "unit": "number",
            "decimals": "2",
            "active": "1",
        },
        [],
        None,
    )
    assert form.ok, form.errors
    save_definition(form.values, None)
    db.session.commit()
    validated_report(vendor_a, Q4.start, Q4.end, incident_response_hours="4")
    (breach,) = check_vendor_sla(vendor_a, TODAY)
    assert (breach.metric, breach.actual) == ("response_hours", Decimal(4))


def test_the_response_time_kpi_is_built_in_for_vendors_to_report(app):
    definition = db.session.scalar(
        select(KpiDefinition).where(KpiDefinition.code == "sla_response_hours")
    )
    assert definition.builtin and definition.active and not definition.higher_is_better
    assert definition.unit == "number" and definition.min_value == 0
    assert kpi_name(definition, "en") == "Incident response time (hours)"
    assert "highest-priority incident" in kpi_help(definition)
