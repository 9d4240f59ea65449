"""The vendor home: status, the checklist from the requirements matrix, and what needs attention."""

from datetime import date, timedelta

from portal.core.db import db, utcnow
from portal.kpis.models import KpiSchedule


def test_home_shows_status_and_the_checklist_of_missing_documents(
    login_as, vendor_a, vendor_a_user
):
    vendor_a.category = "logistics"
    vendor_a.status = "onboarding"
    db.session.commit()
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert "Alpha Logistics Ltd" in page
    assert "Onboarding" in page
    for required in ("Business licence", "Insurance certificate", "Service agreement"):
        assert required in page
    assert page.count('data-status="missing"') == 3
    assert "0 of 3 required documents are in order." in page
    # Each missing item links straight to the upload with its kind chosen.
    assert "/vendor/upload?kind=insurance_certificate" in page


def test_root_shows_the_vendor_home(login_as, vendor_a_user):
    page = login_as(vendor_a_user).get("/").get_data(as_text=True)
    assert 'data-testid="checklist"' in page


def test_home_shows_what_a_reviewer_asked_to_change_and_why(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(
        vendor_a,
        state="changes_requested",
        kind="business_licence",
        review_note="The licence is cut off at the bottom; please scan the whole page.",
    )
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert 'data-testid="reviewer-request"' in page
    assert "please scan the whole page" in page
    assert f"/vendor/documents/{document.id}/renew" in page


def test_home_lists_documents_expiring_within_90_days_with_a_renewal_link(
    login_as, vendor_a, vendor_a_user, make_document
):
    soon = utcnow().date() + timedelta(days=30)
    later = utcnow().date() + timedelta(days=200)
    expiring = make_document(
        vendor_a, state="approved", kind="insurance_certificate", expiry_date=soon
    )
    make_document(vendor_a, state="approved", kind="business_licence", expiry_date=later)
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert page.count('data-testid="expiring"') == 1
    assert f"/vendor/documents/{expiring.id}/renew" in page
    assert "in 30 days" in page


def test_a_renewal_on_its_way_takes_the_document_off_the_expiring_list(
    login_as, vendor_a, vendor_a_user, make_document
):
    old = make_document(
        vendor_a,
        state="approved",
        kind="insurance_certificate",
        expiry_date=utcnow().date() + timedelta(days=10),
    )
    make_document(vendor_a, state="queued", kind="insurance_certificate", supersedes_id=old.id)
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert 'data-testid="expiring"' not in page


def test_home_says_which_kpi_reports_are_due(login_as, vendor_a, vendor_a_user):
    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2020, 1, 1))
    )
    db.session.commit()
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert page.count('data-testid="kpi-due"') == 4  # the last four ended quarters


def test_home_shows_nothing_of_another_vendor(login_as, vendor_a, vendor_b_user, make_document):
    make_document(vendor_a, state="extracted", original_filename="alpha-secret.pdf")
    page = login_as(vendor_b_user).get("/vendor/").get_data(as_text=True)
    assert "Beta Datenservice GmbH" in page
    assert "alpha-secret" not in page and "Alpha Logistics" not in page
