"""KPI self-reports: the vendor's form (validated input), resubmission, staff validation."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.documents.models import Document
from portal.kpis.models import KpiDefinition, KpiReport, KpiSchedule
from portal.kpis.service import validated_kpi_values
from tests.support.documents import text_pdf
from tests.vendor.conftest import multipart

PERIOD = "2025-Q4"


@pytest.fixture
def reporting_vendor(vendor_a):
    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2025, 1, 1))
    )
    db.session.commit()
    return vendor_a


def kpi_ids():
    return {d.code: d.id for d in db.session.scalars(select(KpiDefinition))}


def figures(**values):
    ids = kpi_ids()
    return {f"kpi-{ids[code]}": value for code, value in values.items()}


def test_the_form_asks_for_the_four_kpis(login_as, reporting_vendor, vendor_a_user):
    page = login_as(vendor_a_user).get(f"/vendor/kpis/{PERIOD}").get_data(as_text=True)
    for label in ("On-time delivery rate", "Net Promoter Score", "Incidents", "SLA uptime"):
        assert label in page
    assert "Q4 2025" in page


def test_submitting_figures_creates_the_report(login_as, reporting_vendor, vendor_a_user):
    client = login_as(vendor_a_user)
    response = client.post(
        f"/vendor/kpis/{PERIOD}",
        data={
            **figures(on_time_delivery_rate="97.5", nps="42", incidents="0", sla_uptime="99.95"),
            "note": "Strong quarter.",
        },
    )
    assert response.status_code == 303
    report = db.session.scalar(select(KpiReport))
    assert report.status == "submitted" and report.period_start == date(2025, 10, 1)
    values = {v.definition.code: v.value for v in report.values}
    assert values == {
        "on_time_delivery_rate": Decimal("97.5"),
        "nps": Decimal("42"),
        "incidents": Decimal("0"),
        "sla_uptime": Decimal("99.95"),
    }
    assert report.note == "Strong quarter." and report.submitted_by_id == vendor_a_user.id
    overview = client.get("/vendor/kpis").get_data(as_text=True)
    assert "Submitted, waiting for validation" in overview


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"on_time_delivery_rate": "101"}, "Enter a value from 0 to 100."),
        ({"nps": "42.5"}, "Enter a whole number."),
        ({"incidents": "-1"}, "Enter a value of at least 0."),
        ({"sla_uptime": "99.9999"}, "Use at most 3 decimal places."),
        ({"nps": "lots"}, "Enter a number."),
        ({}, "Enter at least one value."),
    ],
)
def test_wrong_figures_are_refused_with_a_reason(
    login_as, reporting_vendor, vendor_a_user, values, message
):
    response = login_as(vendor_a_user).post(f"/vendor/kpis/{PERIOD}", data=figures(**values))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(KpiReport)) is None


def test_numbers_may_be_typed_the_way_the_vendors_language_writes_them(
    login_as, reporting_vendor, vendor_a_user
):
    reporting_vendor.preferred_language = "de"
    db.session.commit()
    login_as(vendor_a_user).post(
        f"/vendor/kpis/{PERIOD}", data=figures(on_time_delivery_rate="97,5")
    )
    (value,) = db.session.scalar(select(KpiReport)).values
    assert value.value == Decimal("97.5")


def test_a_supporting_document_is_uploaded_with_the_report(
    login_as, reporting_vendor, vendor_a_user
):
    pdf = text_pdf([["KPI report Q4 2025", "On-time delivery rate: 97.5%"]])
    login_as(vendor_a_user).post(
        f"/vendor/kpis/{PERIOD}",
        **multipart(
            {**figures(on_time_delivery_rate="97.5"), "supporting_file": [("kpi-q4.pdf", pdf)]}
        ),
    )
    report = db.session.scalar(select(KpiReport))
    document = db.session.get(Document, report.supporting_document_id)
    assert document.kind == "kpi_evidence" and document.vendor_id == reporting_vendor.id


def test_another_vendors_document_cannot_be_attached(
    login_as, reporting_vendor, vendor_b, vendor_a_user
):
    theirs = Document(
        vendor_id=vendor_b.id,
        original_filename="b.pdf",
        storage_key="k/b",
        sha256="b" * 64,
        size=1,
        media_type="application/pdf",
    )
    db.session.add(theirs)
    db.session.commit()
    login_as(vendor_a_user).post(
        f"/vendor/kpis/{PERIOD}",
        data={**figures(nps="10"), "supporting_document_id": str(theirs.id)},
    )
    assert db.session.scalar(select(KpiReport)).supporting_document_id is None


def test_a_period_not_yet_ended_cannot_be_reported(login_as, reporting_vendor, vendor_a_user):
    response = login_as(vendor_a_user).post("/vendor/kpis/2099-Q1", data=figures(nps="10"))
    assert response.status_code == 409
    assert db.session.scalar(select(KpiReport)) is None
    page = login_as(vendor_a_user).get("/vendor/kpis/2099-Q1").get_data(as_text=True)
    assert "This period has not ended yet." in page


def submit(client, **values):
    return client.post(f"/vendor/kpis/{PERIOD}", data=figures(**values))


def test_staff_validate_and_scorecards_read_only_validated_figures(
    login_as, reporting_vendor, vendor_a_user, reviewer_user
):
    submit(login_as(vendor_a_user), nps="42")
    report = db.session.scalar(select(KpiReport))
    assert validated_kpi_values(reporting_vendor.id) == []
    staff = login_as(reviewer_user)
    assert "Alpha Logistics Ltd" in staff.get("/kpi-reports").get_data(as_text=True)
    response = staff.post(f"/kpi-reports/{report.id}/validate", data={"version": report.version})
    assert response.status_code == 303
    db.session.refresh(report)
    assert report.status == "validated" and report.validated_by_id == reviewer_user.id
    assert report.validated_at is not None
    (figure,) = validated_kpi_values(reporting_vendor.id)
    assert (figure.code, figure.value, figure.period_start) == (
        "nps",
        Decimal("42"),
        date(2025, 10, 1),
    )
    # A validated report is closed.
    again = submit(login_as(vendor_a_user), nps="50")
    assert again.status_code == 409
    assert "can no longer be changed" in again.get_data(as_text=True)
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "kpi_report.validated")
    )


def test_staff_return_a_report_and_the_vendor_corrects_it(
    login_as, reporting_vendor, vendor_a_user, reviewer_user
):
    vendor = login_as(vendor_a_user)
    submit(vendor, incidents="40")
    report = db.session.scalar(select(KpiReport))
    staff = login_as(reviewer_user)
    no_reason = staff.post(f"/kpi-reports/{report.id}/return", data={"version": report.version})
    assert no_reason.status_code == 400
    staff.post(
        f"/kpi-reports/{report.id}/return",
        data={"version": report.version, "note": "40 incidents? Our log shows 4."},
    )
    db.session.refresh(report)
    assert report.status == "returned"
    page = vendor.get(f"/vendor/kpis/{PERIOD}").get_data(as_text=True)
    assert "Our log shows 4." in page
    assert "Q4 2025" in vendor.get("/vendor/").get_data(as_text=True)  # due again
    vendor.post(
        f"/vendor/kpis/{PERIOD}", data={**figures(incidents="4"), "version": report.version}
    )
    db.session.refresh(report)
    assert report.status == "submitted" and report.staff_note is None
    assert [v.value for v in report.values] == [Decimal("4")]


def test_two_staff_deciding_at_once_one_wins_the_other_gets_409(
    login_as, reporting_vendor, vendor_a_user, reviewer_user, admin_user
):
    submit(login_as(vendor_a_user), nps="1")
    report = db.session.scalar(select(KpiReport))
    seen = report.version
    assert (
        login_as(reviewer_user)
        .post(f"/kpi-reports/{report.id}/validate", data={"version": seen})
        .status_code
        == 303
    )
    late = login_as(admin_user).post(
        f"/kpi-reports/{report.id}/return", data={"version": seen, "note": "no"}
    )
    assert late.status_code == 409
    db.session.refresh(report)
    assert report.status == "validated"


def test_vendors_cannot_validate(login_as, reporting_vendor, vendor_a_user):
    client = login_as(vendor_a_user)
    submit(client, nps="1")
    report = db.session.scalar(select(KpiReport))
    assert (
        client.post(
            f"/kpi-reports/{report.id}/validate", data={"version": report.version}
        ).status_code
        == 403
    )
