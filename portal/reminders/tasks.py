"""The reminders' periodic job (payload-free; the database says what is due)."""

from __future__ import annotations

from portal.core.queue import periodic_job
from portal.reminders import run

# Every five minutes in UTC: the job itself decides, in the schedule's time zone, whether
# today's run is due, so daylight-saving changes neither skip nor repeat a day.
TICK_MINUTES = "*/5"


@periodic_job("reminders.tick", minute=TICK_MINUTES)
def reminders_tick() -> None:
    run.scheduled_tick()
