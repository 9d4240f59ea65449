"""Reporting periods: months and quarters, their URL codes, which have ended."""

from datetime import date

import pytest

from portal.kpis.periods import ended_periods, parse_period, period_containing


@pytest.mark.parametrize(
    ("code", "start", "end", "frequency"),
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "quarterly"),
        ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31), "quarterly"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "monthly"),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "monthly"),
    ],
)
def test_period_codes_round_trip(code, start, end, frequency):
    period = parse_period(code)
    assert (period.start, period.end, period.frequency) == (start, end, frequency)
    assert period.code == code


@pytest.mark.parametrize("code", ["2026-Q5", "2026-13", "2026-00", "26-Q1", "2026-q1", "x", ""])
def test_malformed_period_codes_are_none(code):
    assert parse_period(code) is None


def test_ended_periods_newest_first_from_the_start_of_reporting():
    today = date(2026, 5, 15)
    quarters = ended_periods("quarterly", date(2025, 8, 20), today, limit=10)
    assert [p.code for p in quarters] == ["2026-Q1", "2025-Q4", "2025-Q3"]
    months = ended_periods("monthly", date(2020, 1, 1), today, limit=3)
    assert [p.code for p in months] == ["2026-04", "2026-03", "2026-02"]
    assert period_containing(today, "monthly").has_ended(today) is False
