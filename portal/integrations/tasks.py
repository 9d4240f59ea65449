"""The integrations' jobs: a wake-up per new delivery, and a pass every minute for retries and
for wake-ups the queue lost (the database says what is due)."""

from __future__ import annotations

from portal.core.queue import job, periodic_job
from portal.integrations import delivery


@job("integrations.deliver")
def deliver(delivery_id: int) -> None:
    delivery.deliver_one(int(delivery_id))


@periodic_job("integrations.tick", minute="*")
def integrations_tick() -> None:
    delivery.deliver_ready()
