"""Extraction jobs: leases, the reaper, retries that do not use up attempts, no duplicates."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.core.db import db, utcnow
from portal.documents import processing
from portal.documents.models import Document, ExtractedField
from portal.documents.upload import upload_document
from tests.support.documents import text_pdf

pytestmark = pytest.mark.both_backends

CONTRACT = text_pdf(
    [["SERVICES AGREEMENT", "This Agreement is governed by the laws of Singapore."]]
)


@pytest.fixture
def document(app, vendor_a):
    doc = upload_document(vendor_a, None, "agreement.pdf", io.BytesIO(CONTRACT))
    db.session.commit()
    return doc


def reload(doc):
    db.session.expire_all()
    return db.session.get(Document, doc.id)


def test_extraction_saves_fields_and_moves_the_document_on(app, document, monkeypatch):
    processing.extract_document(document.id)
    doc = reload(document)
    assert doc.state == "extracted"
    assert doc.detected_type == "contract" and doc.pages == 1
    assert doc.attempts == 1 and doc.lease_token is None
    states = db.session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "document.state_changed")
    ).all()
    assert [(d["before"], d["after"]) for d in states] == [
        ("uploaded", "queued"),
        ("queued", "extracting"),
        ("extracting", "extracted"),
    ]


def test_a_claimed_document_cannot_be_claimed_again(app, document):
    assert processing.claim(document.id) is not None
    assert processing.claim(document.id) is None


def test_running_twice_leaves_one_row_per_field(app, document):
    from extraction import ExtractionResult, FieldValue

    lease = processing.claim(document.id)
    result = ExtractionResult(
        file="x",
        doc_type="contract",
        pages=1,
        fields={"expiry_date": FieldValue("2027-03-31", 0.9, 1, "valid until 31 March 2027")},
    )
    processing._finish(lease, result)
    db.session.execute(
        Document.__table__.update().where(Document.id == document.id).values(state="queued")
    )
    db.session.commit()
    processing._finish(processing.claim(document.id), result)
    names = db.session.scalars(
        select(ExtractedField.name).where(ExtractedField.document_id == document.id)
    ).all()
    assert names == ["expiry_date"]
    assert reload(document).expiry_date.isoformat() == "2027-03-31"


def test_reviewer_values_survive_a_re_extraction(app, document):
    from extraction import ExtractionResult, FieldValue

    db.session.add(
        ExtractedField(
            document_id=document.id, name="expiry_date", value="2028-01-01", source="reviewer"
        )
    )
    db.session.commit()
    result = ExtractionResult(
        file="x",
        doc_type="certification",
        pages=1,
        fields={"expiry_date": FieldValue("2027-03-31")},
    )
    processing._finish(processing.claim(document.id), result)
    values = db.session.execute(
        select(ExtractedField.value, ExtractedField.source).where(
            ExtractedField.document_id == document.id
        )
    ).all()
    assert [tuple(v) for v in values] == [("2028-01-01", "reviewer")]


def test_a_result_from_a_lost_lease_is_discarded(app, document):
    from extraction import ExtractionResult, FieldValue

    stale = processing.claim(document.id)
    db.session.execute(
        Document.__table__.update()
        .where(Document.id == document.id)
        .values(lease_expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    processing.reap()  # the lease expired: back to the queue
    fresh = processing.claim(document.id)
    assert fresh and fresh.token != stale.token
    processing._finish(stale, ExtractionResult(file="x", pages=1, fields={"a": FieldValue(1)}))
    assert db.session.scalar(select(func.count(ExtractedField.id))) == 0
    assert reload(document).state == "extracting"


def test_expired_leases_are_requeued_then_failed_after_the_last_attempt(app, document):
    for attempt in (1, 2, 3):
        assert processing.claim(document.id).attempt == attempt
        db.session.execute(
            Document.__table__.update()
            .where(Document.id == document.id)
            .values(lease_expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        counts = processing.reap()
        doc = reload(document)
        if attempt < 3:
            assert counts["requeued"] == 1 and doc.state == "queued"
        else:
            assert counts["failed"] == 1 and doc.state == "failed"
            assert "after 3 attempts" in doc.last_error


def test_storage_unreachable_during_extraction_does_not_use_up_attempts(
    app, document, aws_credentials
):
    from portal.core.storage import S3Storage
    from tests.support.services import free_port

    real = app.extensions["portal.storage"]
    app.extensions["portal.storage"] = S3Storage(
        "b", endpoint_url=f"http://127.0.0.1:{free_port()}"
    )
    for _ in range(4):  # more than the attempt limit
        processing.extract_document(document.id)
    doc = reload(document)
    assert doc.state == "queued" and doc.attempts == 0 and doc.infra_retries == 4
    assert "unreachable" in doc.last_error
    app.extensions["portal.storage"] = real
    processing.extract_document(document.id)
    assert reload(document).state == "extracted"


def test_a_broken_document_fails_with_its_reason_at_once(app, vendor_a):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
    doc = upload_document(vendor_a, None, "broken.pdf", io.BytesIO(broken))
    db.session.commit()
    processing.extract_document(doc.id)
    doc = reload(doc)
    assert doc.state == "failed" and doc.attempts == 1 and doc.last_error


def test_documents_the_queue_never_got_are_sent_by_the_reaper(app, vendor_a):
    doc = upload_document(vendor_a, None, "a.pdf", io.BytesIO(CONTRACT))
    db.session.flush()
    db.session.execute(
        Document.__table__.update()
        .where(Document.id == doc.id)
        .values(created_at=utcnow() - timedelta(minutes=5))
    )
    db.session.info.pop("after_commit", None)  # as if the enqueue after the commit had failed
    db.session.commit()
    assert reload(doc).state == "uploaded"
    assert processing.reap()["resent"] == 1
    assert reload(doc).state == "queued"


def test_database_unreachable_when_a_job_starts_is_retried_later(backend):
    from portal.app import create_app
    from portal.core.queue import queue
    from tests.support.services import free_port

    dead = f"postgresql://nobody@127.0.0.1:{free_port()}/portal"
    app = create_app({**backend.settings, "PORTAL_DATABASE_URL": dead})
    with app.app_context():
        before = queue.huey.pending_count()
        processing.extract_document(42)  # must not raise: the job is put back with a delay
        assert queue.huey.pending_count() == before + 1
        if backend.name == "postgres":
            queue.huey.flush()
        db.engine.dispose()


def test_a_document_that_outlasts_the_time_limit_fails_after_the_last_attempt(
    app, vendor_a, configure
):
    from tests.fixtures.scan import scanned_pdf

    configure(extraction_timeout_seconds=1, extraction_max_attempts=2)
    page = ["CERTIFICATE OF INSURANCE"] + [f"Policy line {i} covering cargo" for i in range(40)]
    scan = scanned_pdf(text_pdf([page, page, page]), seed=1)
    doc = upload_document(vendor_a, None, "scan.pdf", io.BytesIO(scan))
    db.session.commit()
    processing.extract_document(doc.id)
    first = reload(doc)
    assert first.state == "queued" and "longer than 1 s" in first.last_error
    processing.extract_document(doc.id)
    last = reload(doc)
    assert last.state == "failed" and last.attempts == 2
    assert "after 2 attempts" in last.last_error


def test_an_unreadable_document_fails_at_once_with_a_clear_reason(app, vendor_a):
    blank = text_pdf([[]])  # a valid PDF with nothing on its page
    doc = upload_document(vendor_a, None, "blank.pdf", io.BytesIO(blank))
    db.session.commit()
    processing.extract_document(doc.id)
    doc = reload(doc)
    assert (doc.state, doc.attempts) == ("failed", 1)
    assert "no text could be read" in doc.last_error
