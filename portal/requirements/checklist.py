"""A vendor's checklist: for each requirement that applies, the document that meets it (or not).

Every screen that says "what is missing" (vendor home, reviewer vendor page, onboarding,
reminders' lapse rule) reads this one computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, and_, select, true

from portal.core.db import db
from portal.diligence.models import DiligenceCheck
from portal.documents.models import Document
from portal.requirements.models import Requirement
from portal.vendors.models import CRITICALITIES, Vendor

EXPIRING_WITHIN_DAYS = 90
IN_PROGRESS = ("uploaded", "queued", "extracting", "extracted", "in_review")
# What an item's status can be, from worst to best.
ITEM_STATUSES = ("missing", "expired", "changes_requested", "in_progress", "expiring", "approved")
SATISFIED = ("approved", "expiring")


@dataclass(frozen=True)
class ChecklistItem:
    requirement_id: int
    name: str
    kinds: tuple[str, ...]
    status: str
    document_id: int | None = None
    document_state: str | None = None
    expiry_date: date | None = None
    days_left: int | None = None
    review_note: str | None = None
    # A renewal already on its way for an expiring or expired document.
    renewal_document_id: int | None = None
    # Due diligence checks the requirement asks for (done by staff, not uploaded).
    checks: tuple[str, ...] = ()

    @property
    def satisfied(self) -> bool:
        return self.status in SATISFIED


def requirement_applies(requirement: Requirement, vendor: Vendor) -> bool:
    if not requirement.active:
        return False
    if requirement.categories and vendor.category not in requirement.categories:
        return False
    if requirement.countries and vendor.country not in requirement.countries:
        return False
    if requirement.excluded_countries and vendor.country in requirement.excluded_countries:
        return False
    if requirement.min_criticality and CRITICALITIES.index(
        vendor.criticality
    ) < CRITICALITIES.index(requirement.min_criticality):
        return False
    return requirement.min_annual_spend_eur is None or (
        vendor.annual_spend_eur is not None
        and vendor.annual_spend_eur >= requirement.min_annual_spend_eur
    )


@dataclass(frozen=True)
class RequirementSpec:
    """A requirement's conditions as plain values: hashable, so SQL built from it can be cached."""

    id: int
    kinds: tuple[str, ...]
    categories: tuple[str, ...]
    countries: tuple[str, ...]
    excluded_countries: tuple[str, ...]
    min_criticality: str | None
    min_annual_spend_eur: float | None
    checks: tuple[str, ...] = ()

    @classmethod
    def of(cls, requirement: Requirement) -> RequirementSpec:
        spend = requirement.min_annual_spend_eur
        return cls(
            requirement.id,
            tuple(requirement.kinds),
            tuple(requirement.categories or ()),
            tuple(requirement.countries or ()),
            tuple(requirement.excluded_countries or ()),
            requirement.min_criticality,
            float(spend) if spend is not None else None,
            tuple(requirement.checks or ()),
        )


def active_requirement_specs() -> tuple[RequirementSpec, ...]:
    rows = db.session.scalars(
        select(Requirement).where(Requirement.active.is_(True)).order_by(Requirement.id)
    )
    return tuple(RequirementSpec.of(r) for r in rows)


def requirement_condition(spec: RequirementSpec) -> ColumnElement[bool]:
    """The SQL twin of `requirement_applies`: which vendors the requirement applies to."""
    conditions: list[ColumnElement[bool]] = []
    if spec.categories:
        conditions.append(Vendor.category.in_(spec.categories))
    if spec.countries:
        conditions.append(Vendor.country.in_(spec.countries))
    if spec.excluded_countries:
        conditions.append(Vendor.country.not_in(spec.excluded_countries))
    if spec.min_criticality:
        allowed = CRITICALITIES[CRITICALITIES.index(spec.min_criticality) :]
        conditions.append(Vendor.criticality.in_(allowed))
    if spec.min_annual_spend_eur is not None:
        conditions.append(Vendor.annual_spend_eur >= spec.min_annual_spend_eur)
    return and_(true(), *conditions)


def applicable_requirements(vendor: Vendor) -> list[Requirement]:
    requirements = db.session.scalars(
        select(Requirement).where(Requirement.active.is_(True)).order_by(Requirement.id)
    )
    return [r for r in requirements if requirement_applies(r, vendor)]


def _item(requirement: Requirement, documents: Sequence[Document], today: date) -> ChecklistItem:
    kinds = tuple(requirement.kinds)
    mine = [d for d in documents if d.kind in kinds]
    base = ChecklistItem(requirement.id, requirement.name, kinds, status="missing")
    valid = [
        d
        for d in mine
        if d.state == "approved" and (d.expiry_date is None or d.expiry_date >= today)
    ]
    in_progress = [d for d in mine if d.state in IN_PROGRESS]
    renewal = max(in_progress, key=lambda d: d.id) if in_progress else None
    if valid:
        best = max(valid, key=lambda d: d.expiry_date or date.max)
        days = (best.expiry_date - today).days if best.expiry_date else None
        expiring = days is not None and days <= EXPIRING_WITHIN_DAYS
        return replace(
            base,
            status="expiring" if expiring else "approved",
            document_id=best.id,
            document_state=best.state,
            expiry_date=best.expiry_date,
            days_left=days,
            renewal_document_id=renewal.id if renewal and expiring else None,
        )
    expired = [d for d in mine if d.state in ("approved", "expired")]
    if expired:
        latest = max(expired, key=lambda d: d.expiry_date or date.min)
        return replace(
            base,
            status="expired",
            document_id=latest.id,
            document_state=latest.state,
            expiry_date=latest.expiry_date,
            days_left=(latest.expiry_date - today).days if latest.expiry_date else None,
            renewal_document_id=renewal.id if renewal else None,
        )
    if renewal is not None:
        return replace(
            base, status="in_progress", document_id=renewal.id, document_state=renewal.state
        )
    changes = [d for d in mine if d.state == "changes_requested"]
    if changes:
        latest = max(changes, key=lambda d: d.id)
        return replace(
            base,
            status="changes_requested",
            document_id=latest.id,
            document_state=latest.state,
            review_note=latest.review_note,
        )
    return base


def _check_item(requirement: Requirement, checks: dict[str, DiligenceCheck]) -> ChecklistItem:
    from portal.diligence.service import checks_status

    wanted = tuple(requirement.checks)
    return ChecklistItem(
        requirement.id, requirement.name, (), checks_status(wanted, checks), checks=wanted
    )


def vendor_checklist(vendor: Vendor, today: date) -> list[ChecklistItem]:
    """One item per applicable requirement, in the requirements' order.

    A requirement asking for due diligence checks (and no documents) is met when staff cleared
    every one of them; it counts towards onboarding like a document.
    """
    requirements = applicable_requirements(vendor)
    if not requirements:
        return []
    checks: dict[str, DiligenceCheck] = {}
    if any(r.checks for r in requirements):
        rows = db.session.scalars(
            select(DiligenceCheck).where(DiligenceCheck.vendor_id == vendor.id)
        )
        checks = {row.check_type: row for row in rows}
    kinds = {kind for r in requirements for kind in r.kinds}
    documents = db.session.scalars(
        select(Document).where(
            Document.vendor_id == vendor.id,
            Document.kind.in_(kinds),
            Document.state.not_in(("rejected", "superseded", "failed")),
        )
    ).all()
    return [_item(r, documents, today) if r.kinds else _check_item(r, checks) for r in requirements]


def onboarding_complete(items: Iterable[ChecklistItem]) -> bool:
    """Every applicable requirement has an approved, unexpired document."""
    return all(item.satisfied for item in items)
