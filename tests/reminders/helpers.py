"""Reading the ledger back in tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from portal.core.db import db
from portal.reminders.models import Reminder


def days(n: int, start: date = date(2031, 3, 3)) -> date:
    return start + timedelta(days=n)


def ledger(**filters: Any) -> list[Reminder]:
    query = select(Reminder).order_by(Reminder.id)
    for name, value in filters.items():
        query = query.where(getattr(Reminder, name) == value)
    db.session.expire_all()
    return list(db.session.scalars(query))


def sent(**filters: Any) -> list[tuple[str, str, int]]:
    """(recipient, rule, threshold) of the reminders that went out, in ledger order."""
    return [
        (r.recipient_email, r.rule, r.threshold_days)
        for r in ledger(**filters)
        if r.status == "sent"
    ]
