"""A vendor's documents: state in words, what was read (literal), reading progress, flagging a
wrong value, sending for review, downloading."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.core.storage import current_storage
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.documents.processing import extract_document
from tests.support.documents import CERTIFICATE_LINES, text_pdf
from tests.vendor.conftest import XSS_PAYLOADS, multipart


def audit_actions(object_type="document"):
    return db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == object_type)
        .order_by(AuditEvent.id)
    ).all()


def test_document_page_says_the_state_in_words_and_shows_what_was_read(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(
        vendor_a,
        state="extracted",
        fields={
            "expiry_date": "2028-03-31",
            "document_number": "4411-ISMS",
            "standard": "ISO/IEC 27001:2022",
        },
        evidence="Valid until: 31 March 2028",
        detected_type="certification",
    )
    page = login_as(vendor_a_user).get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    assert "Ready for you to check" in page
    assert "Mar 31, 2028" in page  # the date as the reader writes it
    assert "4411-ISMS" in page and "Valid until: 31 March 2028" in page
    # The kind is suggested from the extracted standard, for the vendor to confirm.
    assert '<option value="iso27001_certificate" selected>' in page
    assert 'data-testid="submit-for-review"' in page


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_filenames_values_evidence_and_notes_render_as_literal_text(
    login_as, vendor_a, vendor_a_user, make_document, payload
):
    document = make_document(
        vendor_a,
        state="changes_requested",
        original_filename=f"{payload}.pdf",
        fields={"holder_name": payload},
        evidence=payload,
        review_note=payload,
    )
    field = document.fields[0]
    field.vendor_note = payload
    db.session.commit()
    client = login_as(vendor_a_user)
    for url in (f"/vendor/documents/{document.id}", "/vendor/documents", "/vendor/"):
        page = client.get(url).get_data(as_text=True)
        assert payload not in page, url
        assert "&lt;" in page
    page = client.get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    # Every container of text that came from the document is closed to htmx.
    assert page.count("hx-disable") >= 4


def test_progress_fragment_polls_while_reading_and_stops_when_done(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, state="extracting")
    client = login_as(vendor_a_user)
    htmx = {"HX-Request": "true"}
    reading = client.get(f"/vendor/documents/{document.id}/progress", headers=htmx)
    fragment = reading.get_data(as_text=True)
    assert "<html" not in fragment
    assert 'hx-trigger="load delay:1s"' in fragment and "Being read" in fragment
    document.state = "extracted"
    db.session.add(ExtractedField(document_id=document.id, name="expiry_date", value="2028-03-31"))
    db.session.commit()
    done = client.get(f"/vendor/documents/{document.id}/progress", headers=htmx).get_data(
        as_text=True
    )
    assert "hx-trigger" not in done.split(">", 1)[0]  # the section no longer polls
    assert "Ready for you to check" in done and 'data-testid="field"' in done
    # The facts at the top are sent along, out of band, now that reading is done.
    assert 'id="document-facts" hx-swap-oob="true"' in done
    assert "hx-swap-oob" not in fragment


def test_progress_without_htmx_goes_to_the_page(login_as, vendor_a, vendor_a_user, make_document):
    document = make_document(vendor_a, state="queued")
    response = login_as(vendor_a_user).get(f"/vendor/documents/{document.id}/progress")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/vendor/documents/{document.id}"
    page = login_as(vendor_a_user).get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    # Without JavaScript the page refreshes itself while the document is read.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_flagging_a_wrong_value_keeps_the_note_in_the_field_history(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, fields={"expiry_date": "2023-03-31"})
    field = document.fields[0]
    client = login_as(vendor_a_user)
    response = client.post(
        f"/vendor/fields/{field.id}/flag",
        data={"version": field.version, "note": "It is 31 March 2028, not 2023."},
    )
    assert response.status_code == 303
    db.session.refresh(field)
    assert field.vendor_note == "It is 31 March 2028, not 2023." and field.flagged_at
    assert field.value == "2023-03-31"  # the reviewer corrects; the vendor only flags
    revision = db.session.scalar(select(FieldRevision).where(FieldRevision.field_id == field.id))
    assert revision.source == "vendor" and revision.actor_user_id == vendor_a_user.id
    assert "field.changed" in audit_actions("field")
    page = client.get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    assert "You flagged this value:" in page and "Take back the flag" in page
    # Taking the flag back.
    client.post(
        f"/vendor/fields/{field.id}/flag", data={"version": field.version, "action": "unflag"}
    )
    db.session.refresh(field)
    assert field.vendor_note is None and field.flagged_at is None


def test_flag_answers_htmx_with_the_row(login_as, vendor_a, vendor_a_user, make_document):
    document = make_document(vendor_a, fields={"holder_name": "Alfa Logistic"})
    field = document.fields[0]
    response = login_as(vendor_a_user).post(
        f"/vendor/fields/{field.id}/flag",
        data={"version": field.version, "note": "Alpha Logistics Ltd"},
        headers={"HX-Request": "true"},
    )
    row = response.get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="field-{field.id}"') and "Alpha Logistics Ltd" in row


def test_a_flag_needs_a_note_and_a_current_version(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, fields={"holder_name": "X"})
    field = document.fields[0]
    client = login_as(vendor_a_user)
    empty = client.post(
        f"/vendor/fields/{field.id}/flag", data={"version": field.version, "note": " "}
    )
    assert empty.status_code == 400 and "Say what is wrong" in empty.get_data(as_text=True)
    stale = client.post(
        f"/vendor/fields/{field.id}/flag", data={"version": field.version + 5, "note": "no"}
    )
    assert stale.status_code == 409
    db.session.refresh(field)
    assert field.vendor_note is None


def test_values_cannot_be_flagged_once_sent_for_review(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, state="in_review", fields={"holder_name": "X"})
    field = document.fields[0]
    response = login_as(vendor_a_user).post(
        f"/vendor/fields/{field.id}/flag", data={"version": field.version, "note": "wrong"}
    )
    assert response.status_code == 409


def test_sending_for_review_moves_the_document_on_and_is_audited(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, state="extracted", fields={"holder_name": "Alpha"})
    response = login_as(vendor_a_user).post(
        f"/vendor/documents/{document.id}/submit",
        data={"version": document.version, "kind": "insurance_certificate"},
    )
    assert response.status_code == 303
    db.session.refresh(document)
    assert document.state == "in_review" and document.submitted_at is not None
    assert document.kind == "insurance_certificate"
    assert document.declared_type == "insurance_certificate"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "document.state_changed")
    )
    assert event.details["before"] == "extracted" and event.details["after"] == "in_review"
    assert event.actor_user_id == vendor_a_user.id


def test_sending_for_review_waits_until_reading_has_finished(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, state="extracting", kind="business_licence")
    response = login_as(vendor_a_user).post(
        f"/vendor/documents/{document.id}/submit", data={"version": document.version}
    )
    assert response.status_code == 409
    assert "still being read" in response.get_data(as_text=True)
    db.session.refresh(document)
    assert document.state == "extracting"


def test_sending_for_review_needs_a_kind_and_the_current_version(
    login_as, vendor_a, vendor_a_user, make_document
):
    document = make_document(vendor_a, state="extracted")
    client = login_as(vendor_a_user)
    no_kind = client.post(
        f"/vendor/documents/{document.id}/submit", data={"version": document.version}
    )
    assert no_kind.status_code == 400
    stale = client.post(
        f"/vendor/documents/{document.id}/submit",
        data={"version": document.version - 1, "kind": "other"},
    )
    assert stale.status_code == 409
    db.session.refresh(document)
    assert document.state == "extracted"


def test_posting_a_state_changes_nothing(login_as, vendor_a, vendor_a_user, make_document):
    document = make_document(vendor_a, state="extracted", kind="other")
    login_as(vendor_a_user).post(
        f"/vendor/documents/{document.id}/submit",
        data={"version": document.version, "state": "approved", "expiry_date": "2099-01-01"},
    )
    db.session.refresh(document)
    assert document.state == "in_review" and document.expiry_date is None


@pytest.mark.both_backends
def test_download_is_an_attachment_with_an_rfc6266_name(backend, login_as, vendor_a, vendor_a_user):
    pdf = text_pdf([CERTIFICATE_LINES])
    client = login_as(vendor_a_user)
    client.post(
        "/vendor/upload", **multipart({"files": [("Zertifikat ISO 27001 (2025).pdf", pdf)]})
    )
    document = db.session.scalar(select(Document))
    response = client.get(f"/vendor/documents/{document.id}/download")
    if backend.name == "sqlite":
        assert response.status_code == 200
        assert response.get_data() == pdf
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Zertifikat%20ISO%2027001%20%282025%29.pdf" in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "sandbox"
    else:
        # S3: a short-lived presigned URL that sets the same headers on the object store.
        assert response.status_code == 303
        location = response.headers["Location"]
        assert (
            "X-Amz-Expires=300" in location
            and "response-content-disposition=attachment" in location
        )
    assert "document.downloaded" in audit_actions()


def test_documents_list_shows_own_documents_in_words_and_filters_by_state(
    login_as, vendor_a, vendor_b, vendor_a_user, make_document
):
    make_document(vendor_a, state="approved", original_filename="mine-approved.pdf")
    make_document(vendor_a, state="failed", original_filename="mine-failed.pdf")
    make_document(vendor_b, state="approved", original_filename="theirs.pdf")
    client = login_as(vendor_a_user)
    page = client.get("/vendor/documents").get_data(as_text=True)
    assert "mine-approved.pdf" in page and "mine-failed.pdf" in page
    assert "theirs.pdf" not in page
    assert "Could not be read" in page and "Approved" in page
    only_failed = client.get("/vendor/documents?state=failed").get_data(as_text=True)
    assert "mine-failed.pdf" in only_failed and "mine-approved.pdf" not in only_failed


def test_upload_read_check_and_submit_with_the_real_pipeline(login_as, vendor_a, vendor_a_user):
    """The whole way on the pages, with the extraction of main's pipeline run synchronously."""
    client = login_as(vendor_a_user)
    client.post(
        "/vendor/upload",
        **multipart({"files": [("certificate.pdf", text_pdf([CERTIFICATE_LINES]))]}),
    )
    document = db.session.scalar(select(Document))
    extract_document(document.id)
    db.session.expire_all()
    document = db.session.get(Document, document.id)
    assert document.state == "extracted"
    page = client.get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    assert "Ready for you to check" in page
    response = client.post(
        f"/vendor/documents/{document.id}/submit",
        data={"version": document.version, "kind": "iso27001_certificate"},
    )
    assert response.status_code == 303
    db.session.refresh(document)
    assert document.state == "in_review"
    assert current_storage().exists(document.storage_key)
