"""A reminder run: expire, lapse, plan, compose, deliver. Safe to run twice, or twice at once.

The counts are reminders (ledger rows), not e-mails: five reminders in one digest are five.
- due: reminders whose day has come in this run (new ones, and earlier ones whose retry is due);
- sent: of those, delivered by this run;
- skipped: not sent on purpose — missed thresholds collapsed into a later one, or handled by a
  run going on at the same time;
- failed: the transport did not take them (they are retried with backoff, until the last try).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select

from portal.audit.service import record
from portal.core.config import settings
from portal.core.db import db, utcnow
from portal.core.outbox import MailMessage, deliver_messages, deliver_ready, ready_message_ids
from portal.reminders.digest import compose_digests
from portal.reminders.emails import CATEGORY
from portal.reminders.lapse import (
    StatusChanges,
    expire_documents,
    refresh_vendor_statuses,
    supersede_renewed_documents,
)
from portal.reminders.models import Reminder
from portal.reminders.planning import plan_reminders
from portal.reminders.policy import load_policies
from portal.reminders.schedule import (
    claim_run,
    finish_run,
    local_today,
    run_is_due,
    scheduled_instant,
)

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _update_statuses(today: date) -> StatusChanges:
    session = db.session
    superseded = supersede_renewed_documents(session)
    expired = expire_documents(session, today)
    changes = refresh_vendor_statuses(session, today)
    changes.superseded, changes.expired = superseded, expired
    return changes


def _waiting_reminders(now: datetime) -> int:
    """Reminders a delivery pass would take now: not yet composed, or in a due message."""
    ready = select(MailMessage.id).where(
        MailMessage.category == CATEGORY,
        or_(
            (MailMessage.status == "pending") & (MailMessage.next_attempt_at <= now),
            (MailMessage.status == "sending") & (MailMessage.lease_expires_at < now),
        ),
    )
    uncomposed = Reminder.message_id.is_(None) & Reminder.skip_reason.is_(None)
    return int(
        db.session.scalar(
            select(func.count(Reminder.id)).where(uncomposed | Reminder.message_id.in_(ready))
        )
        or 0
    )


def _reminders_per_message(message_ids: list[int]) -> Counter[int]:
    if not message_ids:
        return Counter()
    rows = db.session.execute(
        select(Reminder.message_id, func.count(Reminder.id))
        .where(Reminder.message_id.in_(message_ids))
        .group_by(Reminder.message_id)
    ).all()
    return Counter({message_id: count for message_id, count in rows if message_id is not None})


def run_reminders(
    today: date | None = None, now: datetime | None = None, dry_run: bool = False
) -> RunStats:
    """One run for `today` (default: today in the schedule's zone). `dry_run` changes nothing
    and sends nothing: it reports what a run would find due."""
    now = now or utcnow()
    today = today or local_today(now)
    session = db.session
    policies = load_policies()
    try:
        changes = _update_statuses(today)
        plan = plan_reminders(session, today, policies, settings().escalation_days)
        if dry_run:
            waiting = _waiting_reminders(now)
            session.rollback()
            return RunStats(due=waiting + plan.collapsed, skipped=plan.collapsed)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    compose_digests(today, now)
    # The ids are read before any are sent, so each is counted once however long sending takes.
    message_ids = ready_message_ids(now, CATEGORY)
    per_message = _reminders_per_message(message_ids)
    stats = RunStats(due=plan.collapsed + sum(per_message.values()), skipped=plan.collapsed)
    for delivery in deliver_messages(message_ids, now):
        count = per_message[delivery.message_id]
        if delivery.outcome == "sent":
            stats.sent += count
        elif delivery.outcome == "not_claimed":
            stats.skipped += count
        else:
            stats.failed += count
    record(
        "reminders.run",
        object_type="reminder_run",
        object_id=today.isoformat(),
        expired=len(changes.expired),
        superseded=len(changes.superseded),
        lapsed=changes.lapsed,
        restored=changes.restored,
        planned=plan.planned,
        counts=stats.as_dict(),
    )
    db.session.commit()
    log.info("reminders for %s: %s", today, stats.as_dict())
    return stats


def scheduled_tick(now: datetime | None = None) -> RunStats | None:
    """What the periodic job does every few minutes: today's run once it is due (by one
    scheduler only), then any mail whose retry time has come."""
    now = now or utcnow()
    stats = None
    day = run_is_due(now)
    if day is not None and claim_run(day, now):
        log.info("reminder run for %s (scheduled %s)", day, scheduled_instant(day))
        stats = run_reminders(day, now)
        finish_run(day, now, stats.as_dict())
    deliver_ready(now)
    return stats
