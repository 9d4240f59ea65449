"""Reporting periods: calendar months or quarters, named `2026-03` or `2026-Q1` in URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # the last day, inclusive
    frequency: str

    @property
    def code(self) -> str:
        if self.frequency == "quarterly":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.frequency)

    def has_ended(self, today: date) -> bool:
        return self.end < today


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_containing(day: date, frequency: str) -> Period:
    if frequency == "quarterly":
        first_month = (day.month - 1) // 3 * 3 + 1
        return Period(
            date(day.year, first_month, 1), _month_end(day.year, first_month + 2), frequency
        )
    if frequency == "monthly":
        return Period(date(day.year, day.month, 1), _month_end(day.year, day.month), frequency)
    raise ValueError(f"unknown frequency {frequency!r}")


def parse_period(code: str) -> Period | None:
    """`2026-Q1` → the first quarter of 2026; `2026-03` → March 2026; None when malformed."""
    if match := _QUARTER.match(code):
        year, quarter = int(match[1]), int(match[2])
        return period_containing(date(year, quarter * 3, 1), "quarterly")
    if match := _MONTH.match(code):
        return period_containing(date(int(match[1]), int(match[2]), 1), "monthly")
    return None


def ended_periods(frequency: str, starts_on: date, today: date, limit: int) -> list[Period]:
    """The periods that have ended since `starts_on`, newest first, at most `limit`."""
    found: list[Period] = []
    period = period_containing(today, frequency).previous()
    first = period_containing(starts_on, frequency)
    while period >= first and len(found) < limit:
        found.append(period)
        period = period.previous()
    return found
