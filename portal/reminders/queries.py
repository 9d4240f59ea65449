"""Read-only questions the pages ask about reminders (the admin pages and the vendor's pages).

Each takes plain values and returns rows or frozen views; none changes anything. Scoping to a
vendor is the caller's `vendor_id` argument: a vendor's page passes its own vendor's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.core.db import db
from portal.documents.models import Document
from portal.reminders.models import Reminder, ReminderRun
from portal.reminders.policy import load_policies
from portal.reminders.requirements import STANDING

STATUSES = ("pending", "sending", "sent", "failed", "skipped")


def reminder_history(
    *,
    vendor_id: int | None = None,
    document_id: int | None = None,
    recipient: str | None = None,
    status: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[Reminder]:
    """Ledger rows, newest first, each with its message (`.status`, `.message.sent_at`)."""
    query: Select[Reminder] = (
        select(Reminder)
        .options(selectinload(Reminder.message), selectinload(Reminder.document))
        .order_by(Reminder.id.desc())
        .limit(limit)
    )
    if vendor_id is not None:
        query = query.where(Reminder.vendor_id == vendor_id)
    if document_id is not None:
        query = query.where(Reminder.document_id == document_id)
    if recipient:
        query = query.where(Reminder.recipient_email == recipient.strip().lower())
    if before_id is not None:
        query = query.where(Reminder.id < before_id)
    rows = list(db.session.scalars(query))
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        rows = [row for row in rows if row.status == status]
    return rows


@dataclass(frozen=True)
class UpcomingReminder:
    document_id: int
    filename: str
    doc_type: str | None
    expiry_date: date
    on: date  # the day the reminder falls due
    days_before: int  # negative: after the expiry date


def upcoming_reminders(vendor_id: int, today: date, days: int = 120) -> list[UpcomingReminder]:
    """The expiry reminders the vendor's standing documents will get in the next `days` days,
    by the current policies (for "next reminder on …" on the vendor's and reviewers' pages)."""
    policies = load_policies()
    documents = db.session.scalars(
        select(Document)
        .where(
            Document.vendor_id == vendor_id,
            Document.state.in_(STANDING),
            Document.expiry_date.is_not(None),
        )
        .order_by(Document.expiry_date, Document.id)
    )
    end = today + timedelta(days=days)
    upcoming = []
    for document in documents:
        policy = policies.for_type(document.doc_type)
        if not policy.enabled or document.expiry_date is None:
            continue
        expiry = document.expiry_date
        thresholds = list(policy.thresholds())
        if policy.repeat_after_expiry_days:
            step = policy.repeat_after_expiry_days
            weeks = range(step, (end - expiry).days + 1, step)
            thresholds += [-n for n in weeks]
        for threshold in sorted(set(thresholds), reverse=True):
            on = expiry - timedelta(days=threshold)
            if today < on <= end:
                upcoming.append(
                    UpcomingReminder(
                        document.id,
                        document.original_filename,
                        document.doc_type,
                        expiry,
                        on,
                        threshold,
                    )
                )
    return sorted(upcoming, key=lambda u: (u.on, u.document_id))


def recent_runs(limit: int = 30) -> list[ReminderRun]:
    """The scheduler's daily runs, newest first, with their counts (`stats`)."""
    return list(
        db.session.scalars(select(ReminderRun).order_by(ReminderRun.run_date.desc()).limit(limit))
    )
