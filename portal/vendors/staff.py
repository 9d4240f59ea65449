"""What staff see of vendors: lists by status, a vendor's page (documents, expiry timeline,
status history, audit trail), suspension by admins, and CSV exports safe to open in a
spreadsheet (no cell is read as a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, func, select, update

from portal.audit.models import AuditEvent
from portal.audit.service import record
from portal.core.db import db, utcnow
from portal.documents.models import Document
from portal.i18n import lazy_gettext as _l
from portal.requirements.checklist import ChecklistItem, vendor_checklist
from portal.vendors.models import VENDOR_STATUSES, Vendor

STATUS_ACTIONS = (
    "vendor.status_changed",
    "vendor.lapsed",
    "vendor.restored",
    "vendor.activated",
    "vendor.suspended",
    "vendor.reinstated",
)
# Cells a spreadsheet would read as a formula (OWASP CSV injection): prefixed with a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
REASON_LIMIT = 2000


class StatusRefused(Exception):
    status = 409

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Vendor.status, func.count()).group_by(Vendor.status)).all()
    counts = {status: 0 for status in VENDOR_STATUSES}
    counts.update({status: number for status, number in rows})
    return counts


def vendors_by_status(status: str | None, limit: int = 500) -> list[Vendor]:
    query = select(Vendor).order_by(Vendor.legal_name).limit(limit)
    if status in VENDOR_STATUSES:
        query = query.where(Vendor.status == status)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class VendorPage:
    vendor: Vendor
    checklist: list[ChecklistItem]
    documents: list[Document]
    timeline: list[Document]
    status_history: list[AuditEvent]
    audit: list[AuditEvent]


def vendor_page(vendor: Vendor, today: date, audit_limit: int = 100) -> VendorPage:
    documents = list(
        db.session.scalars(
            select(Document).where(Document.vendor_id == vendor.id).order_by(Document.id.desc())
        )
    )
    timeline = sorted(
        (
            d
            for d in documents
            if d.expiry_date is not None and d.state in ("approved", "expired", "in_review")
        ),
        key=lambda d: d.expiry_date or today,
    )
    history = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.vendor_id == vendor.id, AuditEvent.action.in_(STATUS_ACTIONS))
            .order_by(AuditEvent.id.desc())
        )
    )
    audit = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.vendor_id == vendor.id)
            .order_by(AuditEvent.id.desc())
            .limit(audit_limit)
        )
    )
    return VendorPage(vendor, vendor_checklist(vendor, today), documents, timeline, history, audit)


def _move_status(vendor: Vendor, allowed_from: tuple[str, ...], to: str) -> str:
    before = vendor.status
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Vendor)
        .where(Vendor.id == vendor.id, Vendor.status.in_(allowed_from))
        .values(status=to, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(vendor)
    if result.rowcount != 1:
        raise StatusRefused(
            _l("The vendor is “%(status)s” now; reload the page.", status=vendor.status)
        )
    return before


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise StatusRefused(_l("Give the reason, in a sentence."))
    if len(reason) > REASON_LIMIT:
        raise StatusRefused(_l("Keep the reason under %(n)d characters.", n=REASON_LIMIT))
    return reason


def suspend(vendor: Vendor, reason: str) -> None:
    reason = _reason(reason)
    allowed = tuple(s for s in VENDOR_STATUSES if s != "suspended")
    before = _move_status(vendor, allowed, "suspended")
    record(
        "vendor.suspended",
        vendor_id=vendor.id,
        object_type="vendor",
        object_id=vendor.id,
        before=before,
        after="suspended",
        reason=reason,
    )


def reinstate(vendor: Vendor, reason: str, today: date) -> str:
    """Lift a suspension: back to onboarding, then to active if the checklist is complete."""
    from portal.reminders.lapse import refresh_vendor_statuses

    reason = _reason(reason)
    _move_status(vendor, ("suspended",), "onboarding")
    record(
        "vendor.reinstated",
        vendor_id=vendor.id,
        object_type="vendor",
        object_id=vendor.id,
        before="suspended",
        after="onboarding",
        reason=reason,
    )
    refresh_vendor_statuses(db.session, today, [vendor.id], activate_onboarding=True)
    db.session.refresh(vendor)
    return vendor.status


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number, negative ones included, is data
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()


VENDOR_HEADER = [
    "vendor_id",
    "legal_name",
    "registration_number",
    "country",
    "category",
    "criticality",
    "status",
    "next_expiry",
]
DOCUMENT_HEADER = [
    "document_id",
    "vendor_id",
    "vendor",
    "country",
    "kind",
    "type",
    "file_name",
    "state",
    "expiry_date",
    "submitted_at",
    "decided_at",
]


def vendors_csv() -> Iterator[str]:
    """Every vendor with the earliest expiry of its approved documents; rows stream."""
    next_expiry = (
        select(Document.vendor_id, func.min(Document.expiry_date).label("next_expiry"))
        .where(Document.state == "approved", Document.expiry_date.is_not(None))
        .group_by(Document.vendor_id)
        .subquery()
    )
    query = (
        select(Vendor, next_expiry.c.next_expiry)
        .outerjoin(next_expiry, next_expiry.c.vendor_id == Vendor.id)
        .order_by(Vendor.id)
        .execution_options(yield_per=1000)
    )

    def rows() -> Iterator[list[Any]]:
        for vendor, expiry in db.session.execute(query):
            yield [
                vendor.id,
                vendor.legal_name,
                vendor.registration_number,
                vendor.country,
                vendor.category,
                vendor.criticality,
                vendor.status,
                expiry,
            ]

    return _csv(VENDOR_HEADER, rows())


def documents_csv() -> Iterator[str]:
    query = (
        select(
            Document.id,
            Document.vendor_id,
            Vendor.legal_name,
            Vendor.country,
            Document.kind,
            func.coalesce(Document.declared_type, Document.detected_type),
            Document.original_filename,
            Document.state,
            Document.expiry_date,
            Document.submitted_at,
            Document.decided_at,
        )
        .join(Vendor, Vendor.id == Document.vendor_id)
        .order_by(Document.id)
        .execution_options(yield_per=2000)
    )

    def rows() -> Iterator[list[Any]]:
        for row in db.session.execute(query):
            yield [v.isoformat() if hasattr(v, "isoformat") else v for v in row]

    return _csv(DOCUMENT_HEADER, rows())


def record_export(name: str) -> None:
    record("export.downloaded", object_type="export", object_id=name)
