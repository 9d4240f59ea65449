"""Escalation paths: named contacts on both sides, in order, each with the time they have.

An open issue starts at the path's first level; when that level's time passes unresolved, the
next level falls due (an `escalation_due` issue names who now has it), until the path ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.audit.service import record
from portal.core.db import db, utcnow
from portal.lifecycle.events import publish
from portal.lifecycle.models import SIDES, EscalationStep, LifecycleEvent
from portal.vendors.models import Vendor


class StepInvalid(ValueError):
    pass


def escalation_path(vendor_id: int) -> list[EscalationStep]:
    return list(
        db.session.scalars(
            select(EscalationStep)
            .where(EscalationStep.vendor_id == vendor_id)
            .order_by(EscalationStep.level, EscalationStep.id)
        )
    )


@dataclass(frozen=True)
class StepInput:
    level: int
    side: str
    name: str
    role: str | None
    email: str | None
    phone: str | None
    respond_within_hours: int


def read_step(form: dict[str, str]) -> StepInput:
    """Validate the form of a new step; StepInvalid names what is wrong."""
    name = " ".join(form.get("name", "").split())[:300]
    if not name:
        raise StepInvalid("Enter the contact's name.")
    side = form.get("side", "")
    if side not in SIDES:
        raise StepInvalid("Choose whose side the contact is on.")
    try:
        level = int(form.get("level", ""))
        hours = int(form.get("respond_within_hours", ""))
    except ValueError:
        raise StepInvalid("Level and hours are whole numbers.") from None
    if not 1 <= level <= 10:
        raise StepInvalid("The level runs from 1 to 10.")
    if not 1 <= hours <= 24 * 60:
        raise StepInvalid("The time to respond runs from 1 hour to 60 days.")
    email = form.get("email", "").strip()[:320] or None
    if email and ("@" not in email or any(c.isspace() for c in email)):
        raise StepInvalid("Enter a valid e-mail address, or leave it empty.")
    return StepInput(
        level,
        side,
        name,
        form.get("role", "").strip()[:200] or None,
        email,
        form.get("phone", "").strip()[:50] or None,
        hours,
    )


def add_step(vendor: Vendor, step: StepInput) -> EscalationStep:
    row = EscalationStep(vendor_id=vendor.id, **step.__dict__)
    db.session.add(row)
    db.session.flush()
    record(
        "escalation.step_added",
        vendor_id=vendor.id,
        object_type="escalation_step",
        object_id=row.id,
        after=step.__dict__,
    )
    return row


def remove_step(step: EscalationStep) -> None:
    record(
        "escalation.step_removed",
        vendor_id=step.vendor_id,
        object_type="escalation_step",
        object_id=step.id,
        before={"level": step.level, "name": step.name, "side": step.side},
    )
    db.session.delete(step)
    db.session.flush()


def escalate_due(now: datetime | None = None) -> int:
    """Move every open issue whose time ran out to the next level; returns how many moved.

    Idempotent: each (issue, level) publishes once, and a run that finds nothing due does nothing.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(LifecycleEvent)
        .where(
            LifecycleEvent.status != "resolved",
            LifecycleEvent.next_escalation_at.is_not(None),
            LifecycleEvent.next_escalation_at <= now,
        )
        .order_by(LifecycleEvent.id)
    ).all()
    moved = 0
    for event in due:
        path = escalation_path(event.vendor_id)
        following = [s for s in path if s.level > event.escalation_level]
        if not following:
            event.next_escalation_at = None
            continue
        step = following[0]
        side = "our side" if step.side == "internal" else "the vendor's side"
        publish(
            "escalation_due",
            event.vendor_id,
            f"Escalated to level {step.level}: {step.name} ({side}) — {event.title}",
            f"Unresolved since {event.created_at:%Y-%m-%d %H:%M} UTC. "
            f"{step.name}{', ' + step.role if step.role else ''}"
            f"{' <' + step.email + '>' if step.email else ''} has "
            f"{step.respond_within_hours} h to respond.",
            event.url,
            dedupe_key=f"escalation:{event.id}:{step.level}",
            now=now,
        )
        event.escalation_level = step.level
        event.next_escalation_at = now + timedelta(hours=step.respond_within_hours)
        event.version += 1
        moved += 1
    db.session.flush()
    return moved
