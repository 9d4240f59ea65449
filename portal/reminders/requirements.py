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
from sqlalchemy.orm import aliased

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


def is_required(vendor_id: Any, doc_type: Any) -> ColumnElement[bool]:
    required = required_document_types().subquery()
    return exists().where(required.c.vendor_id == vendor_id, required.c.doc_type == doc_type)


def as_date(today: date | ColumnElement[Any]) -> ColumnElement[Any]:
    """A date for SQL: a Python date becomes a literal; a bound parameter stays one."""
    return literal(today, Date()) if isinstance(today, date) else today


def valid_document_exists(
    vendor_id: Any, doc_type: Any, today: date | ColumnElement[Any]
) -> ColumnElement[bool]:
    """A document of that type stands approved and unexpired for the vendor on `today`."""
    other = aliased(Document)
    return exists().where(
        other.vendor_id == vendor_id,
        document_type(other) == doc_type,
        other.state == "approved",
        or_(other.expiry_date.is_(None), other.expiry_date >= as_date(today)),
    )


def lapsing_document_condition(
    today: date | ColumnElement[Any], document: Any = Document
) -> ColumnElement[bool]:
    """The document has expired, nothing replaces it, and its type is required of the vendor."""
    doc_type = document_type(document)
    return and_(
        document.state.in_(STANDING),
        document.expiry_date < as_date(today),
        is_required(document.vendor_id, doc_type),
        ~valid_document_exists(document.vendor_id, doc_type, today),
    )


def missing_required_types(vendor_id: int, today: date) -> list[str]:
    """The required types without a valid document today (for the vendor's pages)."""
    required = required_document_types().subquery()
    query = select(required.c.doc_type).where(
        required.c.vendor_id == vendor_id,
        ~valid_document_exists(required.c.vendor_id, required.c.doc_type, today),
    )
    return sorted(db.session.scalars(query))
