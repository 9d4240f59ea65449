"""The lifecycle's periodic job (payload-free; the database says what is due)."""

from __future__ import annotations

from portal.core.queue import periodic_job
from portal.lifecycle.daily import run_lifecycle


@periodic_job("lifecycle.hourly", minute="17")
def lifecycle_hourly() -> None:
    run_lifecycle()
