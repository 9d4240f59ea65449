"""The reviewer's workbench: the queue, the document beside its evidence, field verdicts,
decisions, four-eyes approval, claims, onboarding activation and its e-mails."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.core.db import db, utcnow
from portal.core.outbox import MailMessage
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.review.models import DocumentPage
from tests.review.conftest import audit_rows


def _field(document, name):
    db.session.expire_all()
    return db.session.scalar(
        select(ExtractedField).where(
            ExtractedField.document_id == document.id, ExtractedField.name == name
        )
    )


def _fresh(document):
    db.session.expire_all()
    return db.session.get(Document, document.id)


def mails(to=None):
    db.session.expire_all()
    query = select(MailMessage).order_by(MailMessage.id)
    if to:
        query = query.where(MailMessage.to_addr == to)
    return list(db.session.scalars(query))


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_documents_waiting_across_vendors_oldest_first(
    login_as, reviewer_user, create_vendor, in_review, make_document
):
    alpha = create_vendor(legal_name="Alpha Ltd", country="CN")
    beta = create_vendor(legal_name="Beta GmbH", country="DE")
    now = utcnow()
    older = in_review(alpha, submitted_at=now - timedelta(days=3))
    newer = in_review(beta, submitted_at=now - timedelta(hours=2))
    make_document(alpha, state="extracted")  # not sent for review yet
    page = login_as(reviewer_user).get("/review")
    assert page.status_code == 200
    ids = [int(i) for i in re.findall(rb'data-document="(\d+)"', page.data)]
    assert ids == [older.id, newer.id]
    assert b"2 documents" in page.data


def test_the_queue_filters_by_vendor_country_type_confidence_and_expiry(
    login_as, reviewer_user, create_vendor, in_review
):
    alpha = create_vendor(legal_name="Alpha Ltd", country="CN")
    beta = create_vendor(legal_name="Beta GmbH", country="DE")
    sure = in_review(alpha, fields={"document_number": ("A-1", 0.99, None)})
    unsure = in_review(beta, fields={"document_number": ("B-2", 0.41, None)})
    insurance = in_review(
        beta,
        kind="insurance_certificate",
        expiry_date=date.today() + timedelta(days=20),
        fields={"document_number": ("C-3", 0.9, None)},
    )
    client = login_as(reviewer_user)

    def shown(query):
        body = client.get("/review?" + query).data
        return {int(i) for i in re.findall(rb'data-document="(\d+)"', body)}

    assert shown(f"vendor={alpha.id}") == {sure.id}
    assert shown("vendor_name=beta") == {unsure.id, insurance.id}
    assert shown("vendor_name=%25") == set()  # a wildcard is a character like any other
    assert shown("country=de") == {unsure.id, insurance.id}
    assert shown("kind=insurance_certificate") == {insurance.id}
    assert shown("confidence=0.5") == {unsure.id}
    assert shown("expiring=30") == {insurance.id}
    assert shown("mine=1") == set()
    body = client.get("/review?sort=confidence").data
    ids = [int(i) for i in re.findall(rb'data-document="(\d+)"', body)]
    assert ids == [unsure.id, insurance.id, sure.id]


def test_keyset_pages_follow_each_other_without_gaps_or_repeats(
    app, login_as, reviewer_user, create_vendor, in_review
):
    from portal.review import queue

    vendor = create_vendor()
    start = utcnow() - timedelta(days=10)
    made = [
        in_review(vendor, submitted_at=start + timedelta(minutes=i // 2), fields={})
        for i in range(7)
    ]
    client = login_as(reviewer_user)
    seen, url = [], "/review"
    original = queue.PAGE_SIZE
    queue.PAGE_SIZE = 3
    try:
        while url:
            body = client.get(url).data.decode()
            seen += [int(i) for i in re.findall(r'data-document="(\d+)"', body)]
            found = re.search(r'href="([^"]+)" rel="next"', body)
            url = found.group(1).replace("&amp;", "&") if found else None
    finally:
        queue.PAGE_SIZE = original
    assert seen == [d.id for d in made]


def test_an_edited_page_link_gets_a_clear_400(login_as, reviewer_user):
    response = login_as(reviewer_user).get("/review?after=not-a-cursor")
    assert response.status_code == 400
    assert b"not valid any more" in response.data


def test_vendors_cannot_open_the_queue(login_as, vendor_a_user):
    assert login_as(vendor_a_user).get("/review").status_code == 403


# --- the document beside its evidence --------------------------------------------------------


def test_the_document_shows_values_lowest_confidence_first_and_the_evidence_box(
    login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    expiry = _field(document, "expiry_date")
    page = login_as(reviewer_user).get(f"/review/documents/{document.id}").data.decode()
    names = re.findall(r'data-testid="review-field" data-name="(\w+)"', page)
    assert names == ["expiry_date", "document_number"]  # 62 % before 97 %
    # The lowest-confidence value is selected: its box is drawn over the page, in points.
    assert f'href="/review/documents/{document.id}/page-image?page=1"' in page
    assert re.search(
        r'<rect class="evidence-box" data-testid="evidence-box" x="72.0" y="150.0"', page
    )
    assert 'data-testid="evidence-zoom"' in page
    other = login_as(reviewer_user).get(
        f"/review/documents/{document.id}/viewer?field={_field(document, 'document_number').id}",
        headers={"HX-Request": "true"},
    )
    assert b'y="122.0"' in other.data and expiry is not None


def test_a_page_image_is_drawn_once_and_served_from_storage(
    app, login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    client = login_as(reviewer_user)
    first = client.get(f"/review/documents/{document.id}/page-image?page=1")
    second = client.get(f"/review/documents/{document.id}/page-image?page=1")
    assert first.status_code == second.status_code == 200
    assert first.data.startswith(b"\x89PNG") and first.data == second.data
    assert first.headers["Content-Type"] == "image/png"
    assert db.session.scalar(select(func.count(DocumentPage.id))) == 1
    missing = client.get(f"/review/documents/{document.id}/page-image?page=9")
    assert missing.status_code == 404


def test_a_document_without_page_images_shows_its_text(
    app, login_as, reviewer_user, vendor_a, in_review
):
    import io

    from portal.core.storage import current_storage

    document = in_review(vendor_a)
    current_storage().put(
        document.storage_key, io.BytesIO(b"Policy No. PX-1\nValid until 2029-01-31\n"), "text/plain"
    )
    document.media_type = "text/plain"
    db.session.commit()
    page = login_as(reviewer_user).get(f"/review/documents/{document.id}").data
    assert b'data-testid="document-text"' in page and b"Valid until 2029-01-31" in page


# --- field verdicts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("expiry_date", "31.03.2029", b"YYYY-MM-DD"),
        ("expiry_date", "2029-02-30", b"not a date in the calendar"),
        ("currency", "EURO", b"ISO 4217"),
        ("revenue", "lots", b"is not a number"),
        ("payment_terms_days", "30.5", b"whole number"),
        ("sla_uptime", "120", b"between 0 and 100"),
    ],
)
def test_a_correction_is_validated_and_a_bad_one_changes_nothing(
    login_as, reviewer_user, vendor_a, in_review, name, typed, message
):
    document = in_review(vendor_a, fields={name: ("x", 0.5, None)})
    field = _field(document, name)
    response = login_as(reviewer_user).post(
        f"/review/fields/{field.id}/review",
        data={"version": field.version, "action": "correct", "value": typed},
    )
    assert response.status_code == 400
    assert message in response.data
    after = _field(document, name)
    assert (after.value, after.review_status, after.version) == ("x", "pending", 1)


def test_correcting_the_expiry_date_updates_the_document_and_keeps_the_history(
    login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    field = _field(document, "expiry_date")
    client = login_as(reviewer_user)
    response = client.post(
        f"/review/fields/{field.id}/review",
        data={"version": 1, "action": "correct", "value": "2029-03-31", "note": "per page 1"},
    )
    assert response.status_code == 303
    field = _field(document, "expiry_date")
    assert (field.value, field.review_status, field.source) == (
        "2029-03-31",
        "corrected",
        "reviewer",
    )
    assert _fresh(document).expiry_date == date(2029, 3, 31)
    assert _fresh(document).min_confidence == pytest.approx(0.97)  # the next value to check
    [row] = audit_rows("field.changed", field.id)
    assert row.details["before"]["value"] == "2028-03-31"
    assert row.details["after"]["value"] == "2029-03-31"
    history = client.get(f"/review/fields/{field.id}/history").data
    assert b"2028-03-31" in history and b"per page 1" in history
    stale = client.post(
        f"/review/fields/{field.id}/review", data={"version": 1, "action": "accept"}
    )
    assert stale.status_code == 409
    assert db.session.scalar(select(func.count(FieldRevision.id))) == 1


def test_marking_a_value_absent_and_accepting_one(login_as, reviewer_user, vendor_a, in_review):
    document = in_review(vendor_a)
    client = login_as(reviewer_user)
    expiry = _field(document, "expiry_date")
    number = _field(document, "document_number")
    client.post(f"/review/fields/{expiry.id}/review", data={"version": 1, "action": "absent"})
    client.post(f"/review/fields/{number.id}/review", data={"version": 1, "action": "accept"})
    assert _field(document, "expiry_date").review_status == "absent"
    assert _field(document, "expiry_date").value is None
    assert _fresh(document).expiry_date is None
    assert _field(document, "document_number").review_status == "accepted"
    assert _fresh(document).min_confidence == 1.0


# --- decisions -------------------------------------------------------------------------------


def test_approving_the_last_required_document_activates_the_vendor_and_mails_everyone(
    app, requirements, login_as, create_user, create_vendor, in_review, contact
):
    owner = create_user(role="reviewer", email="owner@portal.example", name="Olga Owner")
    reviewer = create_user(role="reviewer", email="rita@portal.example")
    vendor = create_vendor(status="onboarding", owner_id=owner.id, criticality="medium")
    contact(vendor, "li@vendor.example", language="zh")
    certificate = in_review(vendor)
    insurance = in_review(vendor, kind="insurance_certificate")
    client = login_as(reviewer)
    first = client.post(f"/review/documents/{certificate.id}/approve", data={"version": 1})
    assert first.status_code == 303
    assert _fresh(certificate).state == "approved"
    assert _fresh(certificate).vendor.status == "onboarding"
    assert mails() == []
    client.post(f"/review/documents/{insurance.id}/approve", data={"version": 1})
    assert _fresh(insurance).vendor.status == "active"
    [activated] = audit_rows("vendor.activated")
    assert (activated.details["before"], activated.details["after"]) == ("onboarding", "active")
    [vendor_mail] = mails("li@vendor.example")
    [owner_mail] = mails("owner@portal.example")
    assert vendor_mail.language == "zh" and "活跃" in vendor_mail.subject
    assert owner_mail.language == "en" and "is now an active vendor" in owner_mail.subject
    assert f"/staff/vendors/{vendor.id}" in owner_mail.text_body
    decided = audit_rows("document.decided", insurance.id)
    assert decided[0].details["before"]["state"] == "in_review"
    assert decided[0].details["after"]["state"] == "approved"
    assert decided[0].details["after"]["fields"]["expiry_date"]["review_status"] == "accepted"


def test_request_changes_mails_the_reason_in_each_contacts_language_and_the_vendor_sees_it(
    app, login_as, reviewer_user, vendor_a, vendor_a_user, in_review, contact
):
    contact(vendor_a, "anna@vendor.example", language="de")
    contact(vendor_a, "lucia@vendor.example", language="es")
    document = in_review(vendor_a, original_filename="iso.pdf")
    reason = "The certificate expired; upload the renewed one <b>please</b>."
    response = login_as(reviewer_user).post(
        f"/review/documents/{document.id}/request-changes", data={"version": 1, "reason": reason}
    )
    assert response.status_code == 303
    assert _fresh(document).state == "changes_requested"
    [german] = mails("anna@vendor.example")
    [spanish] = mails("lucia@vendor.example")
    assert german.language == "de" and german.subject.startswith("Änderungen erbeten")
    assert spanish.language == "es" and spanish.subject.startswith("Cambios solicitados")
    assert reason in german.text_body
    assert "&lt;b&gt;please&lt;/b&gt;" in german.html_body
    assert f"http://localhost/vendor/documents/{document.id}" in german.text_body
    vendor_page = login_as(vendor_a_user).get(f"/vendor/documents/{document.id}").data
    assert b'data-testid="review-note"' in vendor_page
    assert b"upload the renewed one &lt;b&gt;please&lt;/b&gt;" in vendor_page


def test_reject_needs_a_reason(login_as, reviewer_user, vendor_a, in_review):
    document = in_review(vendor_a)
    client = login_as(reviewer_user)
    empty = client.post(
        f"/review/documents/{document.id}/reject", data={"version": 1, "reason": " "}
    )
    assert empty.status_code == 400 and b"Say why the document is rejected" in empty.data
    assert _fresh(document).state == "in_review"
    done = client.post(
        f"/review/documents/{document.id}/reject", data={"version": 1, "reason": "Not our vendor."}
    )
    assert done.status_code == 303
    assert _fresh(document).state == "rejected"
    assert _fresh(document).review_note == "Not our vendor."
    assert audit_rows("document.decided", document.id)[0].details["reason"] == "Not our vendor."


def test_a_stale_decision_gets_409_and_a_clear_message(
    login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    client = login_as(reviewer_user)
    client.post(f"/review/documents/{document.id}/approve", data={"version": 1})
    again = client.post(
        f"/review/documents/{document.id}/reject", data={"version": 1, "reason": "Too late now."}
    )
    assert again.status_code == 409
    assert b"Someone else decided this document meanwhile" in again.data
    assert _fresh(document).state == "approved"
    assert len(audit_rows("document.decided", document.id)) == 1


def test_approve_is_refused_while_a_value_the_vendor_flagged_is_unchecked(
    login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    field = _field(document, "expiry_date")
    field.vendor_note = "It is 2029-03-31"
    db.session.commit()
    client = login_as(reviewer_user)
    refused = client.post(f"/review/documents/{document.id}/approve", data={"version": 1})
    assert refused.status_code == 409 and b"flagged a value" in refused.data
    client.post(
        f"/review/fields/{field.id}/review",
        data={"version": field.version, "action": "correct", "value": "2029-03-31"},
    )
    assert (
        client.post(f"/review/documents/{document.id}/approve", data={"version": 1}).status_code
        == 303
    )


def test_critical_vendors_need_two_different_reviewers(
    login_as, create_user, create_vendor, in_review
):
    first, second = create_user(role="reviewer"), create_user(role="reviewer")
    vendor = create_vendor(criticality="critical", status="onboarding")
    document = in_review(vendor)
    response = login_as(first).post(f"/review/documents/{document.id}/approve", data={"version": 1})
    assert response.status_code == 303
    assert (_fresh(document).state, _fresh(document).first_approved_by_id) == (
        "in_review",
        first.id,
    )
    assert len(audit_rows("document.first_approval", document.id)) == 1
    same = login_as(first).post(f"/review/documents/{document.id}/approve", data={"version": 2})
    assert same.status_code == 409 and b"second, different reviewer" in same.data
    assert _fresh(document).state == "in_review"
    login_as(second).post(f"/review/documents/{document.id}/approve", data={"version": 2})
    assert _fresh(document).state == "approved"
    [decided] = audit_rows("document.decided", document.id)
    assert decided.details["first_approved_by"] == first.id
    assert decided.actor_user_id == second.id


def test_four_eyes_can_be_switched_off(
    configure, login_as, reviewer_user, create_vendor, in_review
):
    configure(four_eyes_from="off")
    document = in_review(create_vendor(criticality="critical"))
    login_as(reviewer_user).post(f"/review/documents/{document.id}/approve", data={"version": 1})
    assert _fresh(document).state == "approved"


# --- claims ----------------------------------------------------------------------------------


def test_a_document_claimed_by_one_reviewer_is_not_worked_by_another(
    login_as, create_user, vendor_a, in_review
):
    rita, sam = create_user(role="reviewer", name="Rita"), create_user(role="reviewer", name="Sam")
    document = in_review(vendor_a)
    assert (
        login_as(rita)
        .post("/review/next")
        .headers["Location"]
        .endswith(f"/review/documents/{document.id}")
    )
    assert _fresh(document).claimed_by_id == rita.id
    sam_client = login_as(sam)
    refused = sam_client.post(f"/review/documents/{document.id}/approve", data={"version": 1})
    assert refused.status_code == 409 and b"Rita is working on this document" in refused.data
    assert b"Nothing is waiting" in sam_client.post("/review/next", follow_redirects=True).data
    assert b"data-document" not in sam_client.get("/review?state=unclaimed").data
    sam_client.post(f"/review/documents/{document.id}/claim", data={"take_over": "1"})
    assert _fresh(document).claimed_by_id == sam.id
    assert audit_rows("document.claimed", document.id)[-1].details["taken_over"] is True


# --- vendors for staff -----------------------------------------------------------------------


def test_admins_suspend_and_reinstate_reviewers_cannot(
    app, requirements, login_as, admin_user, reviewer_user, create_vendor
):
    vendor = create_vendor(status="active")
    assert (
        login_as(reviewer_user)
        .post(f"/staff/vendors/{vendor.id}/suspend", data={"reason": "Sanctions check"})
        .status_code
        == 403
    )
    admin = login_as(admin_user)
    admin.post(f"/staff/vendors/{vendor.id}/suspend", data={"reason": "Sanctions check"})
    db.session.expire_all()
    assert vendor.status == "suspended"
    admin.post(f"/staff/vendors/{vendor.id}/reinstate", data={"reason": "Cleared by legal"})
    db.session.expire_all()
    assert vendor.status == "onboarding"  # its documents are missing
    page = admin.get(f"/staff/vendors/{vendor.id}").data
    assert b"Sanctions check" in page and b"Cleared by legal" in page
    listing = admin.get("/staff/vendors?status=onboarding").data
    assert vendor.legal_name.encode() in listing


def test_the_vendor_page_shows_documents_and_the_expiry_timeline(
    login_as, reviewer_user, vendor_a, in_review
):
    soon = in_review(vendor_a, state="approved", expiry_date=date.today() + timedelta(days=10))
    page = login_as(reviewer_user).get(f"/staff/vendors/{vendor_a.id}").data.decode()
    assert 'data-testid="timeline"' in page and soon.original_filename in page
    assert "in 10 days" in page


def test_exports_neutralise_formulas(app, login_as, reviewer_user, create_vendor, in_review):
    vendor = create_vendor(legal_name='=HYPERLINK("http://evil")', registration_number="+1-2")
    in_review(vendor, original_filename="@SUM(A1).pdf")
    client = login_as(reviewer_user)
    vendors = client.get("/staff/exports/vendors.csv")
    assert vendors.headers["Content-Type"].startswith("text/csv")
    text = vendors.get_data(as_text=True)
    assert "'=HYPERLINK" in text and "'+1-2" in text
    assert "\n=" not in text and ",=" not in text
    documents = client.get("/staff/exports/documents.csv").get_data(as_text=True)
    assert "'@SUM(A1).pdf" in documents and "2028-03-31" in documents
    assert len(audit_rows("export.downloaded")) == 2


def test_an_htmx_verdict_that_is_refused_shows_its_reason_in_the_alert_area(
    login_as, reviewer_user, vendor_a, in_review
):
    document = in_review(vendor_a)
    field = _field(document, "expiry_date")
    response = login_as(reviewer_user).post(
        f"/review/fields/{field.id}/review",
        data={"version": 1, "action": "correct", "value": "tomorrow"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # htmx swaps only successful answers
    assert response.headers["HX-Retarget"] == "#review-errors"
    assert response.headers["X-Review-Status"] == "400"
    assert b'role="alert"' in response.data and b"YYYY-MM-DD" in response.data
