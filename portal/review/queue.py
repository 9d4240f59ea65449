"""The review queue: documents waiting for a reviewer, filtered and sorted, paged by keyset.

A page is asked for by the last row of the page before it (its sort value and id), so page
2,000 costs what page 1 costs: one seek into an index on (state, sort column, id).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import aliased

from portal.auth.models import User
from portal.core.db import db
from portal.documents.models import Document
from portal.vendors.models import Vendor

PAGE_SIZE = 25
SORTS = ("age", "due", "confidence")
# What the queue's state filter offers; every one of them is a kind of `in_review`.
QUEUE_STATES = ("waiting", "unclaimed", "second_approval")


class BadCursor(ValueError):
    """The `after` parameter is not one this queue made (edited or from another sort)."""


@dataclass(frozen=True)
class QueueFilters:
    state: str = "waiting"
    kind: str | None = None
    vendor_id: int | None = None
    # The start of the vendor's name, any case.
    vendor_name: str | None = None
    country: str | None = None
    # Only documents with a value still to check below this confidence.
    below_confidence: float | None = None
    expiring_within_days: int | None = None
    mine: bool = False
    sort: str = "age"

    def as_args(self) -> dict[str, Any]:
        """The filters as query arguments (for links to other pages of the same queue)."""
        args: dict[str, Any] = {"state": self.state, "sort": self.sort}
        optional = {
            "kind": self.kind,
            "vendor": self.vendor_id,
            "vendor_name": self.vendor_name,
            "country": self.country,
            "confidence": self.below_confidence,
            "expiring": self.expiring_within_days,
            "mine": "1" if self.mine else None,
        }
        args.update({k: v for k, v in optional.items() if v not in (None, "")})
        return args


@dataclass(frozen=True)
class QueueRow:
    id: int
    filename: str
    kind: str | None
    doc_type: str | None
    vendor_id: int
    vendor_name: str
    country: str
    criticality: str
    submitted_at: datetime | None
    review_due_on: date | None
    min_confidence: float
    expiry_date: date | None
    claimed_by_id: int | None
    claimed_by_name: str | None
    claim_expires_at: datetime | None
    first_approved: bool
    version: int

    def claim_live(self, now: datetime) -> bool:
        return self.claimed_by_id is not None and (
            self.claim_expires_at is None or self.claim_expires_at > now
        )


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    next_cursor: str | None
    filters: QueueFilters


def review_due_date(document: Document, now: datetime) -> date:
    """By when a submitted document should be decided: within the review days, and before the
    document it renews expires."""
    from portal.core.config import settings

    due = now.date() + timedelta(days=settings().review_due_days)
    renewed = document.supersedes
    if renewed is not None and renewed.expiry_date is not None:
        due = min(due, max(renewed.expiry_date, now.date()))
    return due


def _sort_column(sort: str) -> Any:
    return {
        "age": Document.submitted_at,
        "due": Document.review_due_on,
        "confidence": Document.min_confidence,
    }[sort]


def encode_cursor(sort: str, value: Any, document_id: int) -> str:
    if isinstance(value, datetime | date):
        value = value.isoformat()
    raw = json.dumps([sort, value, document_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: str, cursor: str) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, value, document_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise BadCursor(cursor) from None
    if cursor_sort != sort or not isinstance(document_id, int):
        raise BadCursor(cursor)
    try:
        if sort == "age":
            value = datetime.fromisoformat(value)
        elif sort == "due":
            value = date.fromisoformat(value)
        else:
            value = float(value)
    except (TypeError, ValueError):
        raise BadCursor(cursor) from None
    return value, document_id


def _conditions(filters: QueueFilters, user_id: int, now: datetime) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Document.state == "in_review"]
    if filters.state == "unclaimed":
        conditions.append(
            or_(
                Document.claimed_by_id.is_(None),
                Document.claim_expires_at < now,
                Document.claimed_by_id == user_id,
            )
        )
    elif filters.state == "second_approval":
        conditions.append(Document.first_approved_by_id.is_not(None))
    if filters.kind:
        conditions.append(Document.kind == filters.kind)
    if filters.vendor_id:
        conditions.append(Document.vendor_id == filters.vendor_id)
    if filters.vendor_name:
        pattern = filters.vendor_name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Vendor.legal_name.ilike(pattern + "%", escape="\\"))
    if filters.country:
        conditions.append(Vendor.country == filters.country.upper())
    if filters.below_confidence is not None:
        conditions.append(Document.min_confidence < filters.below_confidence)
    if filters.expiring_within_days is not None:
        horizon = now.date() + timedelta(days=filters.expiring_within_days)
        conditions.append(and_(Document.expiry_date.is_not(None), Document.expiry_date <= horizon))
    if filters.mine:
        conditions.append(Document.claimed_by_id == user_id)
        conditions.append(Document.claim_expires_at >= now)
    return conditions


def _query(filters: QueueFilters, user_id: int, now: datetime) -> Any:
    claimer = aliased(User)
    return (
        select(
            Document.id,
            Document.original_filename,
            Document.kind,
            Document.declared_type,
            Document.detected_type,
            Document.vendor_id,
            Vendor.legal_name,
            Vendor.country,
            Vendor.criticality,
            Document.submitted_at,
            Document.review_due_on,
            Document.min_confidence,
            Document.expiry_date,
            Document.claimed_by_id,
            func.coalesce(claimer.name, claimer.email).label("claimer"),
            Document.claim_expires_at,
            Document.first_approved_by_id,
            Document.version,
        )
        .join(Vendor, Vendor.id == Document.vendor_id)
        .outerjoin(claimer, claimer.id == Document.claimed_by_id)
        .where(*_conditions(filters, user_id, now))
    )


def review_queue(
    filters: QueueFilters,
    user_id: int,
    now: datetime,
    after: str | None = None,
    page_size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue, after the row the cursor `after` names."""
    if filters.sort not in SORTS:
        filters = replace(filters, sort="age")
    column = _sort_column(filters.sort)
    query = _query(filters, user_id, now)
    if after:
        value, last_id = decode_cursor(filters.sort, after)
        query = query.where(tuple_(column, Document.id) > tuple_(value, last_id))
    rows = db.session.execute(query.order_by(column, Document.id).limit(page_size + 1)).all()
    more = len(rows) > page_size
    rows = rows[:page_size]
    items = [
        QueueRow(
            id=r.id,
            filename=r.original_filename,
            kind=r.kind,
            doc_type=r.declared_type or r.detected_type,
            vendor_id=r.vendor_id,
            vendor_name=r.legal_name,
            country=r.country,
            criticality=r.criticality,
            submitted_at=r.submitted_at,
            review_due_on=r.review_due_on,
            min_confidence=r.min_confidence,
            expiry_date=r.expiry_date,
            claimed_by_id=r.claimed_by_id,
            claimed_by_name=r.claimer,
            claim_expires_at=r.claim_expires_at,
            first_approved=r.first_approved_by_id is not None,
            version=r.version,
        )
        for r in rows
    ]
    next_cursor = None
    if more and items:
        last = items[-1]
        value = {
            "age": last.submitted_at,
            "due": last.review_due_on,
            "confidence": last.min_confidence,
        }[filters.sort]
        next_cursor = encode_cursor(filters.sort, value, last.id)
    return QueuePage(items, queue_count(filters, user_id, now), next_cursor, filters)


def queue_count(filters: QueueFilters, user_id: int, now: datetime) -> int:
    query = select(func.count(Document.id)).where(*_conditions(filters, user_id, now))
    if filters.country or filters.vendor_name:
        query = query.join(Vendor, Vendor.id == Document.vendor_id)
    return db.session.scalar(query) or 0


def next_candidates(
    filters: QueueFilters, user_id: int, now: datetime, limit: int = 10
) -> list[int]:
    """The first unclaimed documents of the queue as filtered, for "next document"."""
    unclaimed = replace(filters, state="unclaimed" if filters.state == "waiting" else filters.state)
    column = _sort_column(unclaimed.sort if unclaimed.sort in SORTS else "age")
    query = (
        select(Document.id)
        .join(Vendor, Vendor.id == Document.vendor_id)
        .where(*_conditions(unclaimed, user_id, now))
        .where(
            or_(
                Document.claimed_by_id.is_(None),
                Document.claim_expires_at < now,
                Document.claimed_by_id == user_id,
            )
        )
        .order_by(column, Document.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
