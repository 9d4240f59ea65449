"""The daily schedule: a local time in a time zone, driven by huey's periodic trigger in UTC,
across daylight-saving changes — no day skipped, none run twice."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.core.queue import queue
from portal.reminders.models import ReminderRun
from portal.reminders.run import scheduled_tick
from portal.reminders.schedule import claim_run, local_today, scheduled_instant
from tests.reminders.helpers import ledger


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def berlin_0230(app):
    app.config["PORTAL"] = dataclasses.replace(
        app.config["PORTAL"],
        reminder_hour=2,
        reminder_minute=30,
        reminder_timezone="Europe/Berlin",
    )
    return app


def test_each_local_date_has_one_scheduled_instant(berlin_0230):
    assert scheduled_instant(date(2031, 3, 29)) == at(2031, 3, 29, 1, 30)  # CET, UTC+1
    # 02:30 does not exist on 30 March (clocks go from 02:00 to 03:00): 03:30 CEST.
    assert scheduled_instant(date(2031, 3, 30)) == at(2031, 3, 30, 1, 30)
    assert scheduled_instant(date(2031, 3, 31)) == at(2031, 3, 31, 0, 30)  # CEST, UTC+2
    # 02:30 happens twice on 26 October: the first one counts.
    assert scheduled_instant(date(2031, 10, 26)) == at(2031, 10, 26, 0, 30)
    assert scheduled_instant(date(2031, 10, 27)) == at(2031, 10, 27, 1, 30)
    assert local_today(at(2031, 3, 30, 22, 30)) == date(2031, 3, 31)


def simulate_scheduler(start: datetime, end: datetime) -> int:
    """Walk the clock minute by minute as huey's scheduler does, running what it triggers."""
    fired = 0
    now = start
    while now < end:
        # huey (utc=True) checks its periodic tasks once a minute against naive UTC time.
        due = queue.huey.read_periodic(now.replace(tzinfo=None))
        if any(task.name == "reminders.tick" for task in due):
            fired += 1
            scheduled_tick(now)
        now += timedelta(minutes=1)
    return fired


def runs() -> list[tuple[date, datetime]]:
    db.session.expire_all()
    return [
        (run.run_date, run.started_at)
        for run in db.session.scalars(select(ReminderRun).order_by(ReminderRun.run_date))
    ]


@pytest.mark.parametrize(
    ("start", "expected_runs", "change_day"),
    [
        (
            at(2031, 3, 28, 12, 0),
            [
                (date(2031, 3, 28), at(2031, 3, 28, 12, 0)),  # started late: catches up at once
                (date(2031, 3, 29), at(2031, 3, 29, 1, 30)),  # 02:30 CET
                (date(2031, 3, 30), at(2031, 3, 30, 1, 30)),  # springs forward: 03:30 CEST
                (date(2031, 3, 31), at(2031, 3, 31, 0, 30)),  # 02:30 CEST
            ],
            date(2031, 3, 30),
        ),
        (
            at(2031, 10, 24, 12, 0),
            [
                (date(2031, 10, 24), at(2031, 10, 24, 12, 0)),
                (date(2031, 10, 25), at(2031, 10, 25, 0, 30)),  # 02:30 CEST
                (date(2031, 10, 26), at(2031, 10, 26, 0, 30)),  # falls back: the first 02:30
                (date(2031, 10, 27), at(2031, 10, 27, 1, 30)),  # 02:30 CET
            ],
            date(2031, 10, 26),
        ),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_across_a_daylight_saving_change_no_day_is_skipped_or_run_twice(
    berlin_0230, make, start, expected_runs, change_day
):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    # 90-day reminders that fall due on the day before, the day of, and the day after the change.
    for offset in (-1, 0, 1):
        make.document(vendor, change_day + timedelta(days=offset + 90))

    fired = simulate_scheduler(start, start + timedelta(days=3, hours=12))

    assert fired == 84 * 12  # every five minutes, through both kinds of days
    assert runs() == expected_runs
    reminders = ledger()
    assert [(r.planned_on, r.threshold_days, r.status) for r in reminders] == [
        (change_day + timedelta(days=offset), 90, "sent") for offset in (-1, 0, 1)
    ]
    # Each went out at its day's scheduled instant, in a message of its own.
    scheduled = dict(expected_runs)
    assert [r.message.sent_at for r in reminders] == [scheduled[r.planned_on] for r in reminders]
    assert len({r.message_id for r in reminders}) == 3


def test_two_schedulers_claim_a_day_once_and_a_dead_run_is_redone_after_an_hour(berlin_0230):
    now = at(2031, 5, 5, 6, 0)
    assert claim_run(date(2031, 5, 5), now)
    assert not claim_run(date(2031, 5, 5), now)
    assert not claim_run(date(2031, 5, 5), now + timedelta(minutes=59))
    assert claim_run(date(2031, 5, 5), now + timedelta(minutes=61))  # it never finished
