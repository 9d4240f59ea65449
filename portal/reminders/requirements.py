"""Which documents a vendor must keep valid: the input to lapse and escalation.

"Required" is the requirements matrix (`portal.requirements`): each active requirement that
applies to a vendor asks for a valid document of one of its kinds. Here that is expressed in
SQL, set against set, so that the daily run stays one query at 100,000 documents: the applicable
(vendor, requirement, kind) rows, the kinds each vendor holds a valid document of, and the
requirements nothing valid covers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)

from portal.core.db import db
from portal.documents.models import Document
from portal.requirements.checklist import (
    RequirementSpec,
    active_requirement_specs,
    requirement_condition,
)
from portal.vendors.models import Vendor

# Documents that still stand for their vendor: reminders and lapse look at these.
STANDING = ("approved", "expired")


def document_type(document: Any = Document) -> ColumnElement[str]:
    """The document's type for reminder policies: declared, else what extraction detected."""
    expression: ColumnElement[str] = func.coalesce(document.declared_type, document.detected_type)
    return expression


def _only(column: Any, vendor_ids: list[int] | None) -> ColumnElement[bool]:
    """`column IN vendor_ids`, or true for every vendor: a one-vendor question (an approval)
    then reads that vendor's rows instead of the whole matrix's."""
    return column.in_(vendor_ids) if vendor_ids is not None else true()


def required_kinds(
    specs: tuple[RequirementSpec, ...], vendor_ids: list[int] | None = None
) -> Select[int, int, str]:
    """(vendor_id, requirement_id, kind): each kind that would satisfy an applicable requirement."""
    parts = [
        select(
            Vendor.id.label("vendor_id"),
            literal(spec.id, Integer()).label("requirement_id"),
            literal(kind, String()).label("kind"),
        ).where(requirement_condition(spec), _only(Vendor.id, vendor_ids))
        for spec in specs
        for kind in spec.kinds
    ]
    if not parts:
        return select(
            Vendor.id.label("vendor_id"),
            literal(0, Integer()).label("requirement_id"),
            literal("", String()).label("kind"),
        ).where(false())
    if len(parts) == 1:
        return parts[0]
    union = union_all(*parts).subquery("applicable")
    return select(union.c.vendor_id, union.c.requirement_id, union.c.kind)


def as_date(today: date | ColumnElement[Any]) -> ColumnElement[Any]:
    """A date for SQL: a Python date becomes a literal; a bound parameter stays one."""
    return literal(today, Date()) if isinstance(today, date) else today


def covered_kinds(
    today: date | ColumnElement[Any], vendor_ids: list[int] | None = None
) -> Select[int, str | None]:
    """(vendor_id, kind) pairs with an approved document that has not expired on `today`."""
    return (
        select(Document.vendor_id.label("vendor_id"), Document.kind.label("kind"))
        .where(
            Document.state == "approved",
            Document.kind.is_not(None),
            or_(Document.expiry_date.is_(None), Document.expiry_date >= as_date(today)),
            _only(Document.vendor_id, vendor_ids),
        )
        .distinct()
    )


def uncovered_requirements(
    today: date | ColumnElement[Any],
    specs: tuple[RequirementSpec, ...] | None = None,
    vendor_ids: list[int] | None = None,
) -> Select[int, int, str]:
    """(vendor_id, requirement_id, kind) of the applicable requirements that no valid document
    covers on `today` — one row per kind that would cover it (of `vendor_ids` only, if given)."""
    specs = active_requirement_specs() if specs is None else specs
    required: CTE = required_kinds(specs, vendor_ids).cte("required")
    alternative = required.alias("alternative")
    covered = covered_kinds(today, vendor_ids).subquery("covered")
    satisfied = exists().where(
        alternative.c.vendor_id == required.c.vendor_id,
        alternative.c.requirement_id == required.c.requirement_id,
        covered.c.vendor_id == alternative.c.vendor_id,
        covered.c.kind == alternative.c.kind,
    )
    return select(required.c.vendor_id, required.c.requirement_id, required.c.kind).where(
        ~satisfied
    )


def lapsing_documents(
    today: date | ColumnElement[Any],
    specs: tuple[RequirementSpec, ...] | None = None,
    vendor_ids: list[int] | None = None,
) -> Select[int, int, date | None, str]:
    """Standing documents expired before `today` that a requirement needed and nothing valid
    replaces: the documents that lapse their vendor (and, after N days, escalate)."""
    uncovered = uncovered_requirements(today, specs, vendor_ids).subquery("uncovered")
    return select(
        Document.id.label("document_id"),
        Document.vendor_id.label("vendor_id"),
        Document.expiry_date.label("expiry_date"),
        document_type().label("doc_type"),
    ).where(
        Document.state.in_(STANDING),
        Document.expiry_date < as_date(today),
        _only(Document.vendor_id, vendor_ids),
        exists().where(
            uncovered.c.vendor_id == Document.vendor_id, uncovered.c.kind == Document.kind
        ),
    )


def vendors_with_uncovered_requirements(
    today: date, vendor_ids: list[int] | None = None
) -> set[int]:
    """Vendors that lack a valid document for some applicable requirement on `today`."""
    uncovered = uncovered_requirements(today, vendor_ids=vendor_ids).subquery()
    return set(db.session.scalars(select(uncovered.c.vendor_id).distinct()))


def missing_required_kinds(vendor_id: int, today: date) -> list[str]:
    """The kinds that would cover a requirement the vendor lacks today (for its pages)."""
    uncovered = uncovered_requirements(today, vendor_ids=[vendor_id]).subquery()
    query = select(uncovered.c.kind).distinct()
    return sorted(db.session.scalars(query))


__all__ = [
    "STANDING",
    "covered_kinds",
    "document_type",
    "lapsing_documents",
    "missing_required_kinds",
    "required_kinds",
    "uncovered_requirements",
    "vendors_with_uncovered_requirements",
]
