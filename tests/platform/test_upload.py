"""The upload service: checks by content, stores under a generated key, never leaves a row
pointing at a missing object, and never loses a document when the queue is down."""

import io

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.core.storage import current_storage
from portal.documents.models import Document
from portal.documents.upload import (
    DuplicateUpload,
    FileTooLarge,
    QuotaExceeded,
    RenewalTargetInvalid,
    StorageDown,
    UnsupportedFile,
    upload_document,
)
from tests.support.documents import CERTIFICATE_LINES, text_pdf

PDF = text_pdf([CERTIFICATE_LINES])


def upload(vendor, data=PDF, filename="certificate.pdf", **kwargs):
    document = upload_document(vendor, None, filename, io.BytesIO(data), **kwargs)
    db.session.commit()
    return document


def document_count():
    return db.session.scalar(select(func.count(Document.id)))


@pytest.mark.both_backends
def test_upload_stores_bytes_under_a_generated_key_and_queues_extraction(app, vendor_a):
    document = upload(vendor_a, filename="../../etc/ISO 27001 Zertifikat.pdf")
    assert document.original_filename == "ISO 27001 Zertifikat.pdf"
    assert "Zertifikat" not in document.storage_key and ".." not in document.storage_key
    assert current_storage().read(document.storage_key) == PDF
    assert document.size == len(PDF) and document.media_type == "application/pdf"
    db.session.refresh(document)
    assert document.state == "queued"  # the queue took the message after the commit
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["document.uploaded", "document.state_changed"]


@pytest.mark.both_backends
def test_identical_bytes_are_detected(app, vendor_a, vendor_b):
    first = upload(vendor_a)
    with pytest.raises(DuplicateUpload) as error:
        upload(vendor_a, filename="again.pdf")
    assert error.value.document_id == first.id and error.value.status == 409
    upload(vendor_b)  # another vendor's copy is its own document
    assert document_count() == 2


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),  # an executable renamed .pdf
        ("image.png", PDF),  # a PDF named .png
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("page.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("report.docx", b"PK\x03\x04not really a zip"),
        ("noextension", PDF),
        ("nul.txt", b"text\x00with nul"),
    ],
)
def test_content_that_does_not_match_an_allowed_type_is_refused(app, vendor_a, filename, data):
    with pytest.raises(UnsupportedFile) as error:
        upload(vendor_a, data=data, filename=filename)
    assert error.value.status == 415 and str(error.value.message)
    assert document_count() == 0


def test_empty_file_is_refused(app, vendor_a):
    with pytest.raises(UnsupportedFile, match="empty"):
        upload(vendor_a, data=b"", filename="empty.pdf")


def test_too_large_is_refused_before_storing(app, vendor_a, configure):
    configure(max_upload_mb=1)
    with pytest.raises(FileTooLarge) as error:
        upload(vendor_a, data=b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    assert error.value.status == 413 and "1 MB" in str(error.value.message)
    assert document_count() == 0


def test_quota_per_vendor(app, vendor_a, vendor_b, configure):
    configure(vendor_quota_mb=1)
    upload(vendor_a, data=b"%PDF-1.7\n" + b"1" * 700_000)
    with pytest.raises(QuotaExceeded) as error:
        upload(vendor_a, data=b"%PDF-1.7\n" + b"2" * 700_000)
    assert error.value.status == 429
    upload(vendor_b, data=b"%PDF-1.7\n" + b"2" * 700_000)  # others are unaffected


def test_renewal_links_only_to_the_same_vendors_document(app, vendor_a, vendor_b):
    old = upload(vendor_a)
    renewal = upload(vendor_a, data=text_pdf([["renewed"]]), supersedes_id=old.id)
    assert renewal.supersedes_id == old.id
    with pytest.raises(RenewalTargetInvalid):
        upload(vendor_b, data=text_pdf([["other"]]), supersedes_id=old.id)


def test_object_store_down_gives_a_clear_error_and_no_row(app, vendor_a, aws_credentials):
    from portal.core.storage import S3Storage
    from tests.support.services import free_port

    app.extensions["portal.storage"] = S3Storage(
        "bucket", endpoint_url=f"http://127.0.0.1:{free_port()}"
    )
    with pytest.raises(StorageDown) as error:
        upload(vendor_a)
    assert error.value.status == 503 and "try again" in str(error.value.message)
    assert document_count() == 0


def test_queue_down_at_upload_keeps_the_document_uploaded_for_the_reaper(backend, vendor_a):
    from portal.app import create_app
    from tests.support.services import free_port

    dead_queue = f"redis://127.0.0.1:{free_port()}/0"
    with create_app({**backend.settings, "PORTAL_QUEUE_URL": dead_queue}).app_context():
        vendor = db.session.get(type(vendor_a), vendor_a.id)
        document = upload(vendor)
        db.session.refresh(document)
        assert document.state == "uploaded"
        assert current_storage().exists(document.storage_key)
        db.remove()
