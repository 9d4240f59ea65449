"""Issues for the vendor's internal owner: the one place lifecycle rules report to.

SLA breaches, proposed and opened risks and escalation steps falling due call `publish`; it
records the issue (shown on /issues and the vendor's pages) with an audit row, and starts the
vendor's escalation path, and announces it to the chat channels and trackers that take it
(`portal.integrations`, delivered after the commit). Services only flush.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.audit.service import record
from portal.core.db import db, utcnow
from portal.integrations.service import announce
from portal.lifecycle.models import EVENT_KINDS, EscalationStep, LifecycleEvent
from portal.vendors.models import Vendor

# An issue kind → (the integrations' event kind, whether trackers open a ticket for it). A risk
# is ticketed once someone accepts it; a proposal only goes to chat.
ANNOUNCED_AS: dict[str, tuple[str, bool]] = {
    "sla_breach": ("sla_breach", True),
    "risk_proposed": ("risk", False),
    "risk_opened": ("risk", True),
    "escalation_due": ("escalation", False),
}


class IssueRefused(Exception):
    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def first_step(vendor_id: int) -> EscalationStep | None:
    return db.session.scalar(
        select(EscalationStep)
        .where(EscalationStep.vendor_id == vendor_id)
        .order_by(EscalationStep.level, EscalationStep.id)
        .limit(1)
    )


def publish(
    kind: str,
    vendor_id: int,
    title: str,
    detail: str,
    url: str | None,
    *,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> LifecycleEvent:
    """Record an issue for the vendor's internal owner; the same `dedupe_key` never twice.

    Returns the new issue, or the one already recorded for `dedupe_key`.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown issue kind {kind!r}")
    if dedupe_key is not None:
        existing = db.session.scalar(
            select(LifecycleEvent).where(LifecycleEvent.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return existing
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        raise ValueError(f"no vendor {vendor_id}")
    now = now or utcnow()
    event = LifecycleEvent(
        vendor_id=vendor_id,
        kind=kind,
        title=title[:300],
        detail=detail,
        url=url,
        dedupe_key=dedupe_key,
        owner_id=vendor.owner_id,
        created_at=now,
    )
    # Escalation issues are themselves the path's steps; every other issue starts the path.
    step = first_step(vendor_id) if kind != "escalation_due" else None
    if step is not None:
        event.escalation_level = step.level
        event.next_escalation_at = now + timedelta(hours=step.respond_within_hours)
    db.session.add(event)
    db.session.flush()
    record(
        "issue.opened",
        vendor_id=vendor_id,
        object_type="lifecycle_event",
        object_id=event.id,
        kind=kind,
        title=event.title,
    )
    announced_kind, ticket = ANNOUNCED_AS[kind]
    announce(
        announced_kind,
        vendor_id,
        f"{vendor.legal_name}: {event.title}",
        detail,
        url,
        ticket=ticket,
        dedupe_key=f"issue:{event.id}",
    )
    return event


def resolve(
    event: LifecycleEvent, expected_version: int, user_id: int | None, note: str | None
) -> LifecycleEvent:
    """Close an issue; a stale version (someone acted first) is refused."""
    if event.version != expected_version:
        raise IssueRefused("Someone changed this issue since you opened it. Reload the page.")
    if event.status == "resolved":
        raise IssueRefused("This issue is already resolved.")
    before = event.status
    event.status = "resolved"
    event.resolved_at = utcnow()
    event.resolved_by_id = user_id
    event.resolution_note = (note or "").strip()[:2000] or None
    event.next_escalation_at = None
    event.version += 1
    db.session.flush()
    record(
        "issue.resolved",
        vendor_id=event.vendor_id,
        object_type="lifecycle_event",
        object_id=event.id,
        before=before,
        after="resolved",
        note=event.resolution_note,
    )
    return event


def open_issues(vendor_id: int | None = None, limit: int = 200) -> list[LifecycleEvent]:
    stmt = (
        select(LifecycleEvent)
        .where(LifecycleEvent.status != "resolved")
        .order_by(LifecycleEvent.created_at.desc(), LifecycleEvent.id.desc())
        .limit(limit)
    )
    if vendor_id is not None:
        stmt = stmt.where(LifecycleEvent.vendor_id == vendor_id)
    return list(db.session.scalars(stmt))
