"""Concrete dates in English, German and Chinese contract language."""

from datetime import date

import pytest

from extraction.contracts.dates import find_dates


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("entered into on January 13, 2005 by", "en", date(2005, 1, 13)),
        ("made this 20th day of March, 2018", "en", date(2018, 3, 20)),
        ("effective this 17t h day of February 2016", "en", date(2016, 2, 17)),
        ("the first day of May, 2006", "en", date(2006, 5, 1)),
        ("dated 22 Dec. 2017", "en", date(2017, 12, 22)),
        ("Date: 11/4/10", "en", date(2010, 11, 4)),
        ("on 2024-03-01", "en", date(2024, 3, 1)),
        ("gültig ab 01.04.2024", "de", date(2024, 4, 1)),
        ("tritt am 1. April 2024 in Kraft", "de", date(2024, 4, 1)),
        ("自2024年3月1日起生效", "zh", date(2024, 3, 1)),
        ("至二〇二六年十二月三十一日止", "zh", date(2026, 12, 31)),
    ],
)
def test_dates_in_contract_language(text, language, expected):
    assert [m.value for m in find_dates(text, language)] == [expected]


@pytest.mark.parametrize(
    "text", ["this ___ day of _________, 2004", "March 2019", "[***], 2020", "Section 4.2.1"]
)
def test_incomplete_dates_are_not_dates(text):
    assert find_dates(text, "en") == []


def test_numeric_dates_read_day_first_in_german():
    assert [m.value for m in find_dates("am 03.04.2024", "de")] == [date(2024, 4, 3)]
    assert [m.value for m in find_dates("on 03/04/2024", "en")] == [date(2024, 3, 4)]
