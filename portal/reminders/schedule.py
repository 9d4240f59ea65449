"""The daily run's clock: a local time in a configured time zone, across daylight-saving changes.

The periodic job wakes every few minutes (in UTC, where no hour is skipped or repeated) and asks
whether today's run is due: each local date has exactly one scheduled instant, and the run's
unique date in `reminder_runs` lets only one scheduler make it.

- Spring forward: a local time that does not exist that day (02:30 in Berlin on the last Sunday
  of March) counts from the offset before the change: 01:30 UTC, which is 03:30 local.
- Fall back: a local time that occurs twice counts at its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.core.config import settings
from portal.core.db import db, utcnow
from portal.reminders.models import ReminderRun

# A run that started this long ago and never finished is taken to have died; it may be redone.
STALE_RUN = timedelta(hours=1)


def schedule_zone() -> ZoneInfo:
    return ZoneInfo(settings().reminder_timezone)


def local_today(now: datetime | None = None) -> date:
    """Today's date in the schedule's time zone."""
    return (now or utcnow()).astimezone(schedule_zone()).date()


def scheduled_instant(day: date) -> datetime:
    """The UTC instant of `day`'s run (fold=0 picks the rules described above)."""
    cfg = settings()
    local = datetime.combine(day, time(cfg.reminder_hour, cfg.reminder_minute), schedule_zone())
    return local.astimezone(UTC)


def run_is_due(now: datetime) -> date | None:
    """The local date whose run should happen now, or None before today's scheduled time."""
    day = local_today(now)
    return day if now >= scheduled_instant(day) else None


def claim_run(day: date, now: datetime) -> bool:
    """Take `day`'s run; False if another scheduler made it or is making it (and is alive)."""
    session = db.session
    started = session.scalar(
        select(ReminderRun.started_at).where(
            ReminderRun.run_date == day, ReminderRun.finished_at.is_(None)
        )
    )
    exists = session.scalar(select(ReminderRun.id).where(ReminderRun.run_date == day))
    if exists is None:
        try:
            session.add(ReminderRun(run_date=day, started_at=now))
            session.commit()
            return True
        except IntegrityError:
            session.rollback()
            return False
    if started is None or started >= now - STALE_RUN:
        session.commit()
        return False  # done, or under way
    taken = session.execute(
        update(ReminderRun)
        .where(
            ReminderRun.run_date == day,
            ReminderRun.finished_at.is_(None),
            ReminderRun.started_at < now - STALE_RUN,
        )
        .values(started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    session.commit()
    return bool(taken)


def finish_run(day: date, now: datetime, stats: dict[str, int]) -> None:
    db.session.execute(
        update(ReminderRun)
        .where(ReminderRun.run_date == day)
        .values(finished_at=now, stats=stats)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
