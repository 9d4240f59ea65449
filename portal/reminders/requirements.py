"""Which documents a vendor must keep valid: the input to lapse and escalation.

`required_document_types()` is the single place that decides it. Until the requirements matrix
exists it uses a conservative default: a vendor must keep every document type it has ever had
approved. The matrix replaces the body of that function with a query on its own table; the
callers (lapse, escalation) only need the (vendor_id, doc_type) pairs it selects.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, and_, exists, func, literal, or_, select

from portal.core.db import db
from portal.documents.models import Document

# A document in one of these states was approved at some point.
ONCE_APPROVED = ("approved", "expired", "superseded")
# Documents that still stand for their vendor: reminders and lapse look at these.
STANDING = ("approved", "expired")


def document_type(document: Any = Document) -> ColumnElement[str]:
    """The document's type: what the vendor declared, else what extraction detected."""
    expression: ColumnElement[str] = func.coalesce(document.declared_type, document.detected_type)
    return expression


def required_document_types() -> Select[int, str]:
    """(vendor_id, doc_type) pairs that each vendor must keep covered by a valid document.

    Default until the requirements matrix replaces it: every type the vendor has had approved.
    """
    doc_type = document_type()
    return (
        select(Document.vendor_id.label("vendor_id"), doc_type.label("doc_type"))
        .where(Document.state.in_(ONCE_APPROVED), doc_type.is_not(None))
        .distinct()
    )


def required_types_for(vendor_id: int) -> set[str]:
    required = required_document_types().subquery()
    query = select(required.c.doc_type).where(required.c.vendor_id == vendor_id)
    return set(db.session.scalars(query))


def as_date(today: date | ColumnElement[Any]) -> ColumnElement[Any]:
    """A date for SQL: a Python date becomes a literal; a bound parameter stays one."""
    return literal(today, Date()) if isinstance(today, date) else today


def covered_document_types(today: date | ColumnElement[Any]) -> Select[int, str]:
    """(vendor_id, doc_type) pairs with an approved document that has not expired on `today`."""
    doc_type = document_type()
    return (
        select(Document.vendor_id.label("vendor_id"), doc_type.label("doc_type"))
        .where(
            Document.state == "approved",
            doc_type.is_not(None),
            or_(Document.expiry_date.is_(None), Document.expiry_date >= as_date(today)),
        )
        .distinct()
    )


def uncovered_requirements(today: date | ColumnElement[Any]) -> Select[Any]:
    """Required (vendor_id, doc_type) pairs that no valid document covers on `today`.

    Set against set (two aggregates and an anti-join), not a probe per document: at 100,000
    documents this is the difference between a tenth of a second and a second."""
    required = required_document_types().subquery("required")
    covered = covered_document_types(today).subquery("covered")
    return select(required.c.vendor_id, required.c.doc_type).where(
        ~exists().where(
            covered.c.vendor_id == required.c.vendor_id, covered.c.doc_type == required.c.doc_type
        )
    )


def lapsing_documents(today: date | ColumnElement[Any]) -> Select[int, int, date | None, str]:
    """Standing documents expired before `today` whose required type nothing valid covers:
    the documents that lapse their vendor (and, after N days, escalate)."""
    uncovered = uncovered_requirements(today).subquery("uncovered")
    doc_type = document_type()
    return (
        select(
            Document.id.label("document_id"),
            Document.vendor_id.label("vendor_id"),
            Document.expiry_date.label("expiry_date"),
            doc_type.label("doc_type"),
        )
        .join(
            uncovered,
            and_(uncovered.c.vendor_id == Document.vendor_id, uncovered.c.doc_type == doc_type),
        )
        .where(Document.state.in_(STANDING), Document.expiry_date < as_date(today))
    )


def missing_required_types(vendor_id: int, today: date) -> list[str]:
    """The required types without a valid document today (for the vendor's pages)."""
    uncovered = uncovered_requirements(today).subquery()
    query = select(uncovered.c.doc_type).where(uncovered.c.vendor_id == vendor_id)
    return sorted(db.session.scalars(query))
