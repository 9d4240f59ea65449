"""The selection scorecard: reviewers score candidates 0–5 per criterion; criteria with an
automatic rule are filled from approved documents; candidates of a category side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select

from portal.audit.service import record
from portal.core.db import db
from portal.documents.models import Document, ExtractedField
from portal.scorecards.models import SelectionCriterion, SelectionScore
from portal.scorecards.scoring import SelectionResult, selection_total
from portal.vendors.models import Vendor

GROUP_LABELS = {
    "compliance": "Compliance and qualification",
    "capability": "Capability and experience",
    "network": "Service network and resources",
    "cost": "Cost and commercial terms",
}
AUTO_LABELS = {
    "iso27001_valid": "valid ISO/IEC 27001 certificate approved",
    "insurance_in_force": "insurance certificate approved and in force",
    "audited_financials": "audited financial statements approved",
    "liability_cap": "approved contract states a liability cap",
}


class ScoreInvalid(ValueError):
    status = 400


def criteria() -> list[SelectionCriterion]:
    return list(
        db.session.scalars(
            select(SelectionCriterion)
            .where(SelectionCriterion.active.is_(True))
            .order_by(SelectionCriterion.position, SelectionCriterion.id)
        )
    )


def _valid(vendor_id: int, kinds: tuple[str, ...], today: date) -> Document | None:
    return db.session.scalar(
        select(Document)
        .where(
            Document.vendor_id == vendor_id,
            Document.kind.in_(kinds),
            Document.state == "approved",
            or_(Document.expiry_date.is_(None), Document.expiry_date >= today),
        )
        .limit(1)
    )


def auto_score(rule: str, vendor_id: int, today: date) -> tuple[int, str]:
    """5 when the approved documents show it, else 0; with the reason."""
    if rule == "iso27001_valid":
        found = _valid(vendor_id, ("iso27001_certificate",), today)
    elif rule == "insurance_in_force":
        found = _valid(vendor_id, ("insurance_certificate",), today)
    elif rule == "audited_financials":
        found = _valid(vendor_id, ("audited_financial_statements",), today)
    elif rule == "liability_cap":
        found = db.session.scalar(
            select(Document)
            .join(ExtractedField, ExtractedField.document_id == Document.id)
            .where(
                Document.vendor_id == vendor_id,
                Document.state == "approved",
                ExtractedField.name.in_(("liability_cap_amount", "liability_cap_months_fees")),
                ExtractedField.review_status != "absent",
                ExtractedField.value.is_not(None),
            )
            .limit(1)
        )
    else:
        raise ValueError(f"unknown rule {rule!r}")
    if found is None:
        return 0, f"No: no {AUTO_LABELS[rule]}."
    return 5, f"Yes: {AUTO_LABELS[rule]} ({found.original_filename})."


@dataclass(frozen=True)
class Candidate:
    vendor: Vendor
    result: SelectionResult
    reasons: dict[int, str]  # criterion id → why (automatic) or comments (reviewers)


def evaluate(
    vendor: Vendor, today: date, items: list[SelectionCriterion] | None = None
) -> Candidate:
    items = criteria() if items is None else items
    scores: dict[int, list[int]] = {}
    reasons: dict[int, str] = {}
    for row in db.session.scalars(
        select(SelectionScore).where(SelectionScore.vendor_id == vendor.id)
    ):
        scores.setdefault(row.criterion_id, []).append(row.score)
        if row.comment:
            reasons[row.criterion_id] = "; ".join(
                filter(None, (reasons.get(row.criterion_id), row.comment))
            )
    for item in items:
        if item.auto_rule:
            value, why = auto_score(item.auto_rule, vendor.id, today)
            scores[item.id] = [value]
            reasons[item.id] = why
    result = selection_total(
        [(c.id, c.criterion_group, c.name, Decimal(c.weight), bool(c.auto_rule)) for c in items],
        scores,
    )
    return Candidate(vendor, result, reasons)


def compare(category: str, today: date) -> list[Candidate]:
    """Every vendor of the category, best total first (unscored last)."""
    items = criteria()
    vendors = db.session.scalars(
        select(Vendor).where(Vendor.category == category).order_by(Vendor.legal_name)
    )
    found = [evaluate(v, today, items) for v in vendors]
    return sorted(found, key=lambda c: -(c.result.total or Decimal(-1)))


def my_scores(vendor_id: int, reviewer_id: int) -> dict[int, SelectionScore]:
    rows = db.session.scalars(
        select(SelectionScore).where(
            SelectionScore.vendor_id == vendor_id, SelectionScore.reviewer_id == reviewer_id
        )
    )
    return {row.criterion_id: row for row in rows}


def save_scores(vendor: Vendor, reviewer_id: int, entries: dict[int, tuple[str, str]]) -> int:
    """entries: criterion id → (score text, comment). Empty score: leave it. Returns changes."""
    items = {c.id: c for c in criteria()}
    mine = my_scores(vendor.id, reviewer_id)
    parsed: dict[int, tuple[int, str | None]] = {}
    for cid, (raw, comment) in entries.items():
        if cid not in items or items[cid].auto_rule:
            continue
        raw = raw.strip()
        if not raw:
            continue
        if not raw.isdigit() or not 0 <= int(raw) <= 5:
            raise ScoreInvalid(f"Score {items[cid].name} from 0 to 5.")
        parsed[cid] = (int(raw), comment.strip()[:2000] or None)
    changed = 0
    for cid, (score, note) in parsed.items():
        row = mine.get(cid)
        if row is not None and (row.score, row.comment) == (score, note):
            continue
        before = row.score if row else None
        if row is None:
            row = SelectionScore(vendor_id=vendor.id, criterion_id=cid, reviewer_id=reviewer_id)
            db.session.add(row)
        else:
            row.version += 1
        row.score, row.comment = score, note
        db.session.flush()
        record(
            "selection.scored",
            vendor_id=vendor.id,
            object_type="selection_score",
            object_id=row.id,
            criterion=items[cid].name,
            before=before,
            after=score,
        )
        changed += 1
    return changed
