"""The periodic lifecycle run: SLA checks, risk proposals, escalation. Safe to run any time
and as often as wanted (each step is idempotent); it commits for itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.lifecycle.escalation import escalate_due
from portal.risks.proposals import propose_risks
from portal.scorecards.sla import check_vendor_sla
from portal.vendors.models import Vendor


@dataclass(frozen=True)
class LifecycleRun:
    sla_breaches: int
    risks_proposed: int
    escalated: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def check_all_sla(today: date) -> int:
    found = 0
    for vendor in db.session.scalars(select(Vendor).where(Vendor.status != "invited")):
        found += len(check_vendor_sla(vendor, today))
    return found


def run_lifecycle(today: date | None = None, now: datetime | None = None) -> LifecycleRun:
    now = now or utcnow()
    today = today or now.date()
    breaches = check_all_sla(today)
    db.session.commit()
    proposed = propose_risks(today)
    db.session.commit()
    escalated = escalate_due(now)
    db.session.commit()
    return LifecycleRun(breaches, proposed, escalated)
