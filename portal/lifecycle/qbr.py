"""The quarterly business review of one vendor: everything on one page (and in one PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import or_, select

from portal.audit.service import record
from portal.core.db import db
from portal.documents.models import Document
from portal.kpis.periods import Period
from portal.lifecycle.models import AgreedAction
from portal.risks.models import Risk
from portal.risks.register import vendor_risks
from portal.scorecards.models import SlaBreach
from portal.scorecards.performance import history
from portal.scorecards.scoring import Scorecard
from portal.scorecards.sla import breaches
from portal.vendors.models import Vendor

TREND_QUARTERS = 6


@dataclass(frozen=True)
class KpiTrend:
    code: str
    name: str
    values: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True)
class QuarterlyReview:
    vendor: Vendor
    quarter: Period
    next_quarter: Period
    scorecard: Scorecard
    scores: tuple[tuple[str, Decimal | None], ...]
    trends: tuple[KpiTrend, ...]
    breaches: tuple[SlaBreach, ...]
    risks: tuple[Risk, ...]
    expiring: tuple[Document, ...]
    actions: tuple[AgreedAction, ...]


def _next(quarter: Period) -> Period:
    from portal.kpis.periods import period_containing

    return period_containing(quarter.end + timedelta(days=1), "quarterly")


def quarterly_review(vendor: Vendor, quarter: Period) -> QuarterlyReview:
    if quarter.frequency != "quarterly":
        raise ValueError("a business review covers a quarter")
    cards = history(vendor, quarter, TREND_QUARTERS)
    following = _next(quarter)
    codes = [(line.code, line.name) for line in cards[-1][1].lines]
    trends = tuple(
        KpiTrend(code, name, tuple((p.code, c.line(code).value) for p, c in cards))
        for code, name in codes
    )
    expiring = db.session.scalars(
        select(Document)
        .where(
            Document.vendor_id == vendor.id,
            Document.state == "approved",
            Document.expiry_date >= following.start,
            Document.expiry_date <= following.end,
        )
        .order_by(Document.expiry_date)
    ).all()
    actions = db.session.scalars(
        select(AgreedAction)
        .where(
            AgreedAction.vendor_id == vendor.id,
            or_(AgreedAction.period_code == quarter.code, AgreedAction.status == "open"),
        )
        .order_by(AgreedAction.due_on, AgreedAction.id)
    ).all()
    return QuarterlyReview(
        vendor=vendor,
        quarter=quarter,
        next_quarter=following,
        scorecard=cards[-1][1],
        scores=tuple((p.code, c.score) for p, c in cards),
        trends=trends,
        breaches=tuple(breaches(vendor.id, since=quarter.start, until=quarter.end)),
        risks=tuple(vendor_risks(vendor.id, include_closed=False)),
        expiring=tuple(expiring),
        actions=tuple(actions),
    )


class ActionInvalid(ValueError):
    pass


def add_action(
    vendor: Vendor,
    quarter: Period,
    text: str,
    owner_name: str | None,
    due_on: str | None,
    user_id: int | None,
) -> AgreedAction:
    text = text.strip()[:2000]
    if not text:
        raise ActionInvalid("Describe the action that was agreed.")
    due = None
    if due_on and due_on.strip():
        try:
            due = date.fromisoformat(due_on.strip())
        except ValueError:
            raise ActionInvalid("Enter the due date as YYYY-MM-DD.") from None
    action = AgreedAction(
        vendor_id=vendor.id,
        period_code=quarter.code,
        text=text,
        owner_name=(owner_name or "").strip()[:300] or None,
        due_on=due,
        created_by_id=user_id,
    )
    db.session.add(action)
    db.session.flush()
    record(
        "qbr.action_agreed",
        vendor_id=vendor.id,
        object_type="agreed_action",
        object_id=action.id,
        period=quarter.code,
        text=text,
    )
    return action


def set_action_status(action: AgreedAction, status: str) -> None:
    if status not in ("open", "done", "dropped"):
        raise ActionInvalid("Unknown status.")
    before = action.status
    action.status = status
    db.session.flush()
    record(
        "qbr.action_status",
        vendor_id=action.vendor_id,
        object_type="agreed_action",
        object_id=action.id,
        before=before,
        after=status,
    )
