"""Risks the portal proposes by itself, once per cause.

Rules (each gives a cause key; a vendor has at most one risk per cause, ever, so re-running
changes nothing and a dismissed proposal is not proposed again):

- `certificate_expired:document:<id>` — a certification or audit report (ISO, SOC) expired and
  nothing valid of the same kind replaces it (information security and compliance);
- `watch_country:<CC>` — the vendor's country is on the admins' watch list (political);
- `sla_breached_twice:<metric>` — two or more SLA breaches of the same metric (operational);
- `financial_deterioration:<year>` — the latest statements show a fall year on year (financial).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.audit.service import record
from portal.core.db import db
from portal.documents.models import Document
from portal.finance.health import financial_health
from portal.lifecycle.events import publish
from portal.requirements.catalog import KINDS
from portal.risks.models import Risk, WatchCountry
from portal.scorecards.models import SlaBreach
from portal.scorecards.sla import METRIC_LABELS
from portal.vendors.models import Vendor

CERTIFICATE_KINDS = tuple(k.code for k in KINDS.values() if k.standard)
REVIEW_AFTER_DAYS = 30


@dataclass(frozen=True)
class Proposal:
    cause: str
    category: str
    title: str
    evidence: str
    likelihood: int
    impact: int


def _expired_certificates(vendor: Vendor, today: date) -> list[Proposal]:
    documents = db.session.scalars(
        select(Document).where(
            Document.vendor_id == vendor.id,
            Document.kind.in_(CERTIFICATE_KINDS),
            Document.state.in_(("approved", "expired")),
            Document.expiry_date.is_not(None),
        )
    ).all()
    valid_kinds = {
        d.kind
        for d in documents
        if d.state == "approved" and d.expiry_date is not None and d.expiry_date >= today
    }
    out = []
    for d in documents:
        if d.expiry_date is None or d.expiry_date >= today or d.kind in valid_kinds:
            continue
        label = str(KINDS[d.kind].label) if d.kind in KINDS else d.kind
        out.append(
            Proposal(
                f"certificate_expired:document:{d.id}",
                "security",
                f"{label} expired on {d.expiry_date:%Y-%m-%d}",
                f"Document {d.original_filename} (#{d.id}) expired on {d.expiry_date:%Y-%m-%d}; "
                "no valid replacement has been approved.",
                4,
                4 if d.kind == "iso27001_certificate" else 3,
            )
        )
    return out


def _watch_country(vendor: Vendor) -> list[Proposal]:
    watched = db.session.get(WatchCountry, vendor.country)
    if watched is None:
        return []
    return [
        Proposal(
            f"watch_country:{vendor.country}",
            "political",
            f"Country {vendor.country} is on the watch list",
            f"The vendor is registered in {vendor.country}: {watched.reason}",
            3,
            4,
        )
    ]


def _sla_twice(vendor: Vendor) -> list[Proposal]:
    rows = db.session.execute(
        select(SlaBreach.metric, func.count(func.distinct(SlaBreach.period_start)))
        .where(SlaBreach.vendor_id == vendor.id)
        .group_by(SlaBreach.metric)
    )
    return [
        Proposal(
            f"sla_breached_twice:{metric}",
            "operational",
            f"SLA breached repeatedly: {METRIC_LABELS.get(metric, metric)}",
            f"{count} periods with a breach of the contracted {METRIC_LABELS.get(metric, metric)}.",
            4,
            3,
        )
        for metric, count in rows
        if count >= 2
    ]


def _finances(vendor: Vendor) -> list[Proposal]:
    health = financial_health(vendor.id)
    if not health.deteriorating or health.latest is None:
        return []
    return [
        Proposal(
            f"financial_deterioration:{health.latest.year}",
            "financial",
            f"Financial figures deteriorating ({health.latest.year})",
            " ".join(health.warnings),
            3,
            4,
        )
    ]


def proposals_for(vendor: Vendor, today: date) -> list[Proposal]:
    return [
        *_expired_certificates(vendor, today),
        *_watch_country(vendor),
        *_sla_twice(vendor),
        *_finances(vendor),
    ]


def propose_for_vendor(vendor: Vendor, today: date) -> list[Risk]:
    """Add the proposals this vendor does not have yet; returns the new risks."""
    known = set(
        db.session.scalars(
            select(Risk.cause).where(Risk.vendor_id == vendor.id, Risk.cause.is_not(None))
        )
    )
    new = []
    for proposal in proposals_for(vendor, today):
        if proposal.cause in known:
            continue
        risk = Risk(
            vendor_id=vendor.id,
            category=proposal.category,
            title=proposal.title,
            description=proposal.evidence,
            evidence=proposal.evidence,
            likelihood=proposal.likelihood,
            impact=proposal.impact,
            owner_id=vendor.owner_id,
            review_on=today + timedelta(days=REVIEW_AFTER_DAYS),
            status="proposed",
            cause=proposal.cause,
        )
        try:
            # Another run may have proposed it a moment ago: the unique cause settles it.
            with db.session.begin_nested():
                db.session.add(risk)
                db.session.flush()
        except IntegrityError:
            continue
        record(
            "risk.proposed",
            vendor_id=vendor.id,
            object_type="risk",
            object_id=risk.id,
            cause=proposal.cause,
        )
        publish(
            "risk_proposed",
            vendor.id,
            f"Risk proposed: {proposal.title}",
            proposal.evidence,
            f"/risks/{risk.id}",
            dedupe_key=f"risk_proposed:{risk.id}",
        )
        new.append(risk)
    return new


def propose_risks(today: date) -> int:
    """Every vendor's new proposals; returns how many were added."""
    total = 0
    for vendor in db.session.scalars(
        select(Vendor).where(Vendor.status != "invited").order_by(Vendor.id)
    ):
        total += len(propose_for_vendor(vendor, today))
    return total
