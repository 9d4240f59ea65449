"""Extraction jobs that never lose a document.

The database holds the work: a worker claims a document with a lease (one atomic UPDATE), reads
it in an isolated child process, and saves the fields only while it still holds the lease. A
worker that dies leaves an expired lease; the reaper re-queues it (up to the attempt limit) or
marks it failed with the reason. An unreachable store or database is retried with backoff and
does not use up attempts.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from extraction import ExtractionConfig, ExtractionResult
from portal.audit.service import record
from portal.core.config import settings
from portal.core.db import db, rows_changed, utcnow
from portal.core.queue import QueueUnavailable, queue
from portal.core.storage import ObjectMissing, StorageUnavailable, current_storage
from portal.documents.extraction_runner import run_extraction
from portal.documents.models import Document, ExtractedField
from portal.vendors.models import Vendor

log = logging.getLogger(__name__)

EXTRACT_JOB = "documents.extract"
# Drawing the first pages for reviewers (a job of the review feature, woken by name).
PRERENDER_JOB = "review.prerender"
MAX_INFRA_BACKOFF_SECONDS = 600
UPLOADED_GRACE_SECONDS = 20


@dataclass(frozen=True)
class Lease:
    document_id: int
    token: str
    attempt: int


def request_extraction(document_id: int) -> None:
    """Wake a worker for a committed document; if the queue is down the reaper retries later."""
    if not queue.try_enqueue(EXTRACT_JOB, document_id):
        return
    with Session(db.engine) as session, session.begin():
        moved = rows_changed(
            session,
            update(Document)
            .where(Document.id == document_id, Document.state == "uploaded")
            .values(state="queued", queued_at=utcnow()),
        )
        if moved:
            _audit_transition(session, document_id, "uploaded", "queued", "sent to the queue")


def _audit_transition(
    session: Session, document_id: int, before: str, after: str, reason: str, **details: Any
) -> None:
    vendor_id = session.scalar(select(Document.vendor_id).where(Document.id == document_id))
    record(
        "document.state_changed",
        vendor_id=vendor_id,
        object_type="document",
        object_id=document_id,
        session=session,
        before=before,
        after=after,
        reason=reason,
        **details,
    )


def claim(document_id: int) -> Lease | None:
    """Take the document for extraction, or None if it is not waiting (taken, done, gone)."""
    cfg = settings()
    token = str(uuid.uuid4())
    with Session(db.engine) as session, session.begin():
        current = session.execute(
            select(Document.state, Document.attempts).where(Document.id == document_id)
        ).one_or_none()
        if current is None or current.state not in ("uploaded", "queued"):
            return None
        moved = rows_changed(
            session,
            update(Document)
            .where(Document.id == document_id, Document.state.in_(("uploaded", "queued")))
            .values(
                state="extracting",
                attempts=Document.attempts + 1,
                lease_token=token,
                lease_expires_at=utcnow() + timedelta(seconds=cfg.extraction_lease_seconds),
            ),
        )
        if not moved:
            return None
        _audit_transition(
            session,
            document_id,
            current.state,
            "extracting",
            "taken by a worker",
            attempt=current.attempts + 1,
        )
    return Lease(document_id, token, current.attempts + 1)


def extract_document(document_id: int) -> None:
    """The job: claim, read the stored file, extract in a child process, save."""
    try:
        lease = claim(document_id)
    except DBAPIError as exc:
        _retry_later(document_id, 0, f"database unreachable: {exc.orig}")
        return
    if lease is None:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="portal-extract-") as folder:
            path = _fetch(lease, Path(folder))
            if path is None:
                return
            with _lease_heartbeat(lease):
                config, filename = extraction_config(lease.document_id)
                result = run_extraction(path, config, filename)
        _finish(lease, result)
        if current_app.config["PORTAL"].prerender_pages and result.pages:
            queue.try_enqueue(PRERENDER_JOB, document_id)
    except DBAPIError as exc:
        # The lease stays; if the database comes back before it expires, nothing is lost but
        # time; otherwise the reaper re-queues the document.
        log.warning("document %s: database error while extracting: %s", document_id, exc.orig)


@contextmanager
def _lease_heartbeat(lease: Lease) -> Iterator[None]:
    """Renew the lease while the extraction runs, so that only a dead worker loses it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    seconds = settings().extraction_lease_seconds
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(max(seconds / 3, 0.5)):
            try:
                with app.app_context(), Session(db.engine) as session, session.begin():
                    rows_changed(
                        session,
                        update(Document)
                        .where(
                            Document.id == lease.document_id, Document.lease_token == lease.token
                        )
                        .values(lease_expires_at=utcnow() + timedelta(seconds=seconds)),
                    )
            except DBAPIError as exc:
                log.warning("document %s: could not renew the lease: %s", lease.document_id, exc)

    thread = threading.Thread(target=beat, name=f"lease-{lease.document_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _fetch(lease: Lease, folder: Path) -> Path | None:
    with Session(db.engine) as session:
        key, filename = session.execute(
            select(Document.storage_key, Document.original_filename).where(
                Document.id == lease.document_id
            )
        ).one()
    suffix = Path(filename).suffix.lower()[:10]
    path = folder / f"document{suffix}"
    try:
        with current_storage().open(key) as source, path.open("wb") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)
    except StorageUnavailable as exc:
        _release_for_retry(lease, str(exc))
        return None
    except ObjectMissing:
        _fail(lease, "the stored file is missing")
        return None
    return path


def extraction_config(document_id: int) -> tuple[ExtractionConfig, str]:
    """The library's settings for this document, and the name its results carry."""
    cfg = settings()
    with Session(db.engine) as session:
        row = session.execute(
            select(Document.declared_type, Document.original_filename, Vendor.country)
            .join(Vendor, Vendor.id == Document.vendor_id)
            .where(Document.id == document_id)
        ).one()
    config = ExtractionConfig(
        timeout_seconds=float(cfg.extraction_timeout_seconds),
        memory_limit_mb=cfg.extraction_memory_mb,
        # Contract clauses are read only for contracts: trust the vendor's word for that.
        declared_type=row.declared_type if row.declared_type == "contract" else None,
        country_hint=row.country,
    )
    return config, row.original_filename


def _release_for_retry(lease: Lease, reason: str) -> None:
    """Give the document back without counting the attempt, and try again after a backoff."""
    with Session(db.engine) as session, session.begin():
        retries = session.scalar(
            update(Document)
            .where(Document.id == lease.document_id, Document.lease_token == lease.token)
            .values(
                state="queued",
                attempts=Document.attempts - 1,
                infra_retries=Document.infra_retries + 1,
                lease_token=None,
                lease_expires_at=None,
                queued_at=utcnow(),
                last_error=reason,
            )
            .returning(Document.infra_retries)
        )
        if retries is None:
            return
        _audit_transition(session, lease.document_id, "extracting", "queued", reason)
    _retry_later(lease.document_id, retries, reason)


def _retry_later(document_id: int, retries: int, reason: str) -> None:
    delay = min(2 ** max(retries, 1) * 5, MAX_INFRA_BACKOFF_SECONDS)
    log.warning("document %s: %s; retrying in %s s", document_id, reason, delay)
    queue.try_enqueue(EXTRACT_JOB, document_id, delay=delay)


def _fail(lease: Lease, reason: str) -> None:
    with Session(db.engine) as session, session.begin():
        moved = rows_changed(
            session,
            update(Document)
            .where(Document.id == lease.document_id, Document.lease_token == lease.token)
            .values(state="failed", last_error=reason, lease_token=None, lease_expires_at=None),
        )
        if moved:
            _audit_transition(session, lease.document_id, "extracting", "failed", reason)


def _requeue_or_fail(lease: Lease, reason: str) -> None:
    """A failure that may pass (the child ran out of time or memory): retry within the limit."""
    if lease.attempt >= settings().extraction_max_attempts:
        _fail(lease, f"{reason} (after {lease.attempt} attempts)")
        return
    with Session(db.engine) as session, session.begin():
        moved = rows_changed(
            session,
            update(Document)
            .where(Document.id == lease.document_id, Document.lease_token == lease.token)
            .values(
                state="queued",
                last_error=reason,
                lease_token=None,
                lease_expires_at=None,
                queued_at=utcnow(),
            ),
        )
        if moved:
            _audit_transition(session, lease.document_id, "extracting", "queued", reason)
    if moved:
        queue.try_enqueue(EXTRACT_JOB, lease.document_id)


def _finish(lease: Lease, result: ExtractionResult) -> None:
    if result.errors and result.pages == 0:
        reason = "; ".join(result.errors)
        if result.retryable:
            _requeue_or_fail(lease, reason)
        else:
            _fail(lease, reason)
        return
    _save(lease, result)


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _save(lease: Lease, result: ExtractionResult) -> None:
    with Session(db.engine) as session, session.begin():
        document = session.scalar(
            select(Document)
            .where(Document.id == lease.document_id, Document.lease_token == lease.token)
            .with_for_update()
        )
        if document is None or document.state != "extracting":
            log.info("document %s: lease lost, result discarded", lease.document_id)
            return
        # Values people entered survive a re-extraction; extracted ones are replaced whole.
        kept = set(
            session.scalars(
                select(ExtractedField.name).where(
                    ExtractedField.document_id == document.id,
                    ExtractedField.source != "extracted",
                )
            )
        )
        session.execute(
            delete(ExtractedField).where(
                ExtractedField.document_id == document.id, ExtractedField.source == "extracted"
            )
        )
        count = 0
        for kind, values in (
            ("field", result.fields),
            ("clause", result.clauses),
            ("kpi", result.kpis),
        ):
            for name, value in values.items():
                if name in kept:
                    continue
                session.add(
                    ExtractedField(
                        document_id=document.id,
                        kind=kind,
                        name=name,
                        raw_value=value.evidence or None,
                        value=value.value,
                        confidence=value.confidence,
                        page=value.page,
                        bbox=list(value.bbox) if value.bbox else None,
                        evidence=value.evidence,
                        source="extracted",
                    )
                )
                count += 1
        expiry = result.fields.get("expiry_date")
        document.detected_type = result.doc_type
        document.language = result.language
        document.pages = result.pages
        document.expiry_date = _as_date(expiry.value) if expiry else None
        document.state = "extracted"
        document.extracted_at = utcnow()
        document.lease_token = None
        document.lease_expires_at = None
        document.last_error = "; ".join(result.errors) or None
        _audit_transition(
            session,
            document.id,
            "extracting",
            "extracted",
            "extraction finished",
            doc_type=result.doc_type,
            fields=count,
            ocr_pages=result.ocr_pages,
        )


def reap(now: Any = None) -> dict[str, int]:
    """Recover work the queue lost: expired leases and documents nobody picked up."""
    cfg = settings()
    now = now or utcnow()
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    with Session(db.engine) as session:
        expired = session.execute(
            select(Document.id, Document.attempts, Document.lease_token).where(
                Document.state == "extracting", Document.lease_expires_at < now
            )
        ).all()
    for row in expired:
        lease = Lease(row.id, row.lease_token, row.attempts)
        if row.attempts >= cfg.extraction_max_attempts:
            _fail(
                lease,
                f"extraction did not finish after {row.attempts} attempts (the worker stopped "
                "or the document took too long)",
            )
            counts["failed"] += 1
        else:
            _requeue_or_fail(lease, "the worker's lease expired before extraction finished")
            counts["requeued"] += 1
    # An `uploaded` document was never handed to the queue; a `queued` one may have been lost.
    never_sent = now - timedelta(seconds=min(UPLOADED_GRACE_SECONDS, cfg.requeue_after_seconds))
    maybe_lost = now - timedelta(seconds=cfg.requeue_after_seconds)
    with Session(db.engine) as session:
        waiting = session.scalars(
            select(Document.id)
            .where(
                (Document.state == "uploaded") & (Document.created_at < never_sent)
                | (Document.state == "queued") & (Document.queued_at < maybe_lost)
            )
            .order_by(Document.id)
        ).all()
    for document_id in waiting:
        try:
            queue.enqueue(EXTRACT_JOB, document_id)
        except QueueUnavailable:
            break
        counts["resent"] += 1
        with Session(db.engine) as session, session.begin():
            state = session.scalar(select(Document.state).where(Document.id == document_id))
            rows_changed(
                session,
                update(Document)
                .where(Document.id == document_id, Document.state.in_(("uploaded", "queued")))
                .values(state="queued", queued_at=utcnow()),
            )
            if state == "uploaded":
                _audit_transition(session, document_id, "uploaded", "queued", "sent by the reaper")
    return counts


def start_reaper(app: Flask) -> threading.Thread:
    """Reap at start-up and then every `reaper_interval_seconds`, beside the consumer."""
    interval = app.config["PORTAL"].reaper_interval_seconds

    def loop() -> None:
        while True:
            try:
                with app.app_context():
                    counts = reap()
                if any(counts.values()):
                    log.info("reaper: %s", counts)
            except Exception:
                log.exception("reaper run failed; trying again in %s s", interval)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="portal-reaper", daemon=True)
    thread.start()
    return thread


__all__ = ["EXTRACT_JOB", "extract_document", "reap", "request_extraction", "start_reaper"]
