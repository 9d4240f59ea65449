"""Writing due reminders into the ledger, once: the unique key settles any race between runs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from portal.core.db import utcnow
from portal.reminders.announcements import announce_escalations
from portal.reminders.due import due_rows
from portal.reminders.models import Reminder
from portal.reminders.policy import Policy, PolicySet

KEY_COLUMNS = ("document_id", "rule", "anchor_date", "threshold_days", "recipient_email")


@dataclass(frozen=True)
class Inserted:
    id: int
    skip_reason: str | None


@dataclass(frozen=True)
class PlanResult:
    planned: int  # new pending reminders
    collapsed: int  # missed thresholds recorded as skipped because a later one is sent instead


def missed_thresholds(rule: str, policy: Policy, latest: int, previous: int | None) -> list[int]:
    """Thresholds strictly between the last one sent (`previous`) and `latest`: the days the
    scheduler missed. Nothing was sent before (`previous` is None): nothing counts as missed."""
    if previous is None or rule not in ("expiry", "renewal_deadline"):
        return []
    finite = policy.thresholds() if rule == "expiry" else policy.renewal_thresholds()
    missed = {t for t in finite if latest < t < previous}
    repeat = policy.repeat_after_expiry_days if rule == "expiry" else 0
    if repeat > 0:
        missed.update(t for t in range(-repeat, latest, -repeat) if latest < t < previous)
    return sorted(missed, reverse=True)


def _entry(row: Row[Any], today: date, threshold: int, skip_reason: str | None) -> dict[str, Any]:
    return {
        "document_id": row.document_id,
        "vendor_id": row.vendor_id,
        "rule": row.rule,
        "threshold_days": threshold,
        "anchor_date": row.anchor_date,
        "due_on": row.anchor_date - timedelta(days=threshold),
        "planned_on": today,
        "recipient_email": row.recipient_email,
        "recipient_name": row.recipient_name,
        "recipient_kind": row.recipient_kind,
        "contact_id": row.contact_id,
        "user_id": row.user_id,
        "language": row.language or "en",
        "skip_reason": skip_reason,
        "details": {"doc_type": row.doc_type, "days_left": row.days_left},
    }


LEDGER_COLUMNS = (
    "document_id",
    "vendor_id",
    "rule",
    "threshold_days",
    "anchor_date",
    "due_on",
    "planned_on",
    "recipient_email",
    "recipient_name",
    "recipient_kind",
    "contact_id",
    "user_id",
    "language",
    "skip_reason",
    "details",
    "created_at",
)


def insert_reminders(session: Session, entries: Iterable[dict[str, Any]]) -> list[Inserted]:
    """Insert ledger rows, silently keeping the ones already there; returns the inserted ones.

    Rows go in key order, so two runs inserting overlapping sets wait for each other instead of
    deadlocking.
    """
    now = utcnow()
    rows = sorted(
        ({**entry, "created_at": now} for entry in entries),
        key=lambda e: tuple(e[c] for c in KEY_COLUMNS),
    )
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _copy_and_insert(session, rows)
    from sqlalchemy.dialects.sqlite import insert

    statement = (
        insert(Reminder)
        .on_conflict_do_nothing(index_elements=list(KEY_COLUMNS))
        .returning(Reminder.id, Reminder.skip_reason)
    )
    inserted: list[Inserted] = []
    for start in range(0, len(rows), 2000):
        result = session.execute(statement, rows[start : start + 2000])
        inserted.extend(Inserted(id=row.id, skip_reason=row.skip_reason) for row in result)
    return inserted


def _copy_and_insert(session: Session, rows: list[dict[str, Any]]) -> list[Inserted]:
    """PostgreSQL: COPY into a scratch table, then one INSERT … ON CONFLICT DO NOTHING.

    Ten times faster than parameterised inserts for a first run over many documents."""
    columns = ", ".join(LEDGER_COLUMNS)
    connection = session.connection().connection.driver_connection
    assert connection is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS reminder_staging ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM reminder_ledger WITH NO DATA"  # (the names are constants)
        )
        with cursor.copy(f"COPY reminder_staging ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [json.dumps(row[c]) if c == "details" else row[c] for c in LEDGER_COLUMNS]
                )
        order = ", ".join(KEY_COLUMNS)
        cursor.execute(
            f"INSERT INTO reminder_ledger ({columns}) "  # noqa: S608
            f"SELECT {columns} FROM reminder_staging ORDER BY {order} "
            "ON CONFLICT DO NOTHING RETURNING id, skip_reason"
        )
        inserted = cursor.fetchall()
        cursor.execute("DELETE FROM reminder_staging")
    return [Inserted(id=row[0], skip_reason=row[1]) for row in inserted]


def plan_reminders(
    session: Session, today: date, policies: PolicySet, escalation_days: int
) -> PlanResult:
    """Add every reminder due on `today` to the ledger (the caller commits)."""
    entries: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in due_rows(session, today, policies, escalation_days):
        key = (row.document_id, row.rule, row.anchor_date, row.threshold_days, row.recipient_email)
        if key in entries:  # the same address twice (a contact who is also the owner)
            continue
        entries[key] = _entry(row, today, row.threshold_days, None)
        policy = policies.for_type(row.doc_type)
        for missed in missed_thresholds(
            row.rule, policy, row.threshold_days, row.previous_threshold
        ):
            entries.setdefault((*key[:3], missed, key[4]), _entry(row, today, missed, "collapsed"))
    inserted = insert_reminders(session, entries.values())
    announce_escalations(
        session,
        {
            (e["document_id"], e["anchor_date"], e["threshold_days"], e["planned_on"])
            for e in entries.values()
            if e["rule"] == "escalation" and e["skip_reason"] is None
        },
    )
    collapsed = sum(1 for row in inserted if row.skip_reason)
    return PlanResult(planned=len(inserted) - collapsed, collapsed=collapsed)
