"""Numbers in words and digits, durations and calendar arithmetic in English, German, Chinese."""

from datetime import date

import pytest

from extraction.contracts.quantities import (
    Duration,
    add_business_days,
    add_months,
    find_durations,
    parse_chinese_number,
    parse_english_number,
    parse_german_number,
)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("thirty", 30),
        ("ninety", 90),
        ("twenty-four", 24),
        ("one hundred and eighty", 180),
        ("one hundred twenty", 120),
        ("two thousand", 2000),
    ],
)
def test_english_number_words(words, value):
    assert parse_english_number(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("dreißig", 30),
        ("dreissig", 30),
        ("einundzwanzig", 21),
        ("einhundertachtzig", 180),
        ("zwölf", 12),
    ],
)
def test_german_number_words(words, value):
    assert parse_german_number(words) == value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三十", 30),
        ("十五", 15),
        ("一百二十", 120),
        ("两", 2),
        ("二〇二四", 2024),
        ("伍拾万", 500000),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_chinese_number(numeral) == value


@pytest.mark.parametrize(
    ("text", "language", "amount", "unit"),
    [
        ("upon thirty (30) days' prior written notice", "en", 30, "day"),
        ("at least ninety days before expiry", "en", 90, "day"),
        ("for successive one-year terms", "en", 1, "year"),
        ("twelve (12) months' notice", "en", 12, "month"),
        ("an additional year", "en", 1, "year"),
        ("mit einer Frist von dreißig (30) Tagen", "de", 30, "day"),
        ("um jeweils zwölf Monate", "de", 12, "month"),
        ("innerhalb von einem Monat", "de", 1, "month"),
        ("提前三十(30)日书面通知", "zh", 30, "day"),
        ("有效期为三年", "zh", 3, "year"),
        ("三个月内", "zh", 3, "month"),
    ],
)
def test_durations_in_words_and_figures(text, language, amount, unit):
    [duration] = find_durations(text, language)
    assert (duration.amount, duration.unit) == (amount, unit)
    assert not duration.business_days


def test_the_figure_in_brackets_wins_when_words_and_figure_disagree():
    [duration] = find_durations("sixty (90) days", "en")
    assert duration.amount == 90


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("within thirty (30) Business Days", "en"),
        ("within ten working days", "en"),
        ("innerhalb von zehn (10) Werktagen", "de"),
        ("十五(15)个工作日内", "zh"),
    ],
)
def test_business_days_are_kept_apart_from_calendar_days(text, language):
    [duration] = find_durations(text, language)
    assert duration.business_days and duration.unit == "day"


def test_calendar_days_are_not_business_days():
    [duration] = find_durations("thirty (30) calendar days", "en")
    assert not duration.business_days


@pytest.mark.parametrize("text", ["2024年3月30日", "每月30日前支付", "2024年12月"])
def test_chinese_dates_are_not_durations(text):
    assert find_durations(text, "zh") == []


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)


def test_a_month_is_not_thirty_days():
    three_months = Duration(3, "month")
    assert three_months.days_before(date(2024, 5, 31)) == 92  # from 29 Feb (clamped)
    assert three_months.days_before(date(2024, 3, 31)) == 91  # from 31 Dec, leap February
    assert three_months.days_before(date(2023, 3, 31)) == 90
    assert Duration(1, "year").days_before(date(2024, 3, 1)) == 366  # spans 29 Feb 2024


def test_business_days_skip_weekends():
    friday = date(2024, 6, 7)
    assert add_business_days(friday, 1) == date(2024, 6, 10)
    assert Duration(10, "day", business_days=True).subtract_from(date(2024, 6, 14)) == date(
        2024, 5, 31
    )
    assert Duration(10, "day").subtract_from(date(2024, 6, 14)) == date(2024, 6, 4)
