"""Concrete dates written in contracts, in English, German and Chinese.

Only dates with day, month and year count; "______, 2004" and "March 2019" are not dates.
Numeric dates follow the language: M/D/Y in English (US drafting) unless the first number
cannot be a month, D.M.Y in German, Y-M-D everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extraction.contracts.quantities import ZH_NUMBER_CHARS, parse_chinese_number


@dataclass(frozen=True)
class DateMention:
    """A date and where it is written."""

    value: date
    start: int
    end: int


_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DE_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_EN_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Ordinal suffixes as EDGAR text has them: "1st", "15t h", "1 st".
_ORDINAL = r"(?:\s?(?:st|nd|rd|th|t\s?h|s\s?t|n\s?d|r\s?d))?"
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
for _ones, _value in list(ORDINAL_WORDS.items())[:9]:
    ORDINAL_WORDS[f"twenty-{_ones}"] = 20 + _value
    ORDINAL_WORDS[f"twenty {_ones}"] = 20 + _value
ORDINAL_WORDS["thirty-first"] = ORDINAL_WORDS["thirty first"] = 31
_DAY_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"

_EN_MDY = re.compile(
    rf"(?<![\w]){_EN_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}\s*,?\s*(?:of\s+)?{_YEAR}", re.IGNORECASE
)
_EN_DMY = re.compile(
    rf"(?<![\d])(?:(?<![a-z])(?P<dayword>{_DAY_WORD})|(?P<day>\d{{1,2}}){_ORDINAL})\s*"
    rf"(?:day\s+of\s+|of\s+)?{_EN_MONTH}\s*,?\s*(?:in\s+the\s+year\s+)?{_YEAR}",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.\-\w])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)?\d{2})"
    r"(?![\d/\-]|\.\d)"
)
_ISO = re.compile(r"(?<![\d.\-])(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_DE_TEXT = re.compile(
    r"(?<![\w\d])(?P<day>\d{1,2})\.\s*(?P<month>januar|jänner|februar|märz|maerz|april|mai|juni|"
    rf"juli|august|september|oktober|november|dezember)\s+{_YEAR}",
    re.IGNORECASE,
)
_ZH = re.compile(
    rf"(?P<year>\d{{4}}|[{ZH_NUMBER_CHARS}]{{4}})\s*年\s*(?P<month>\d{{1,2}}|[{ZH_NUMBER_CHARS}]{{1,2}})"
    rf"\s*月\s*(?P<day>\d{{1,2}}|[{ZH_NUMBER_CHARS}]{{1,3}})\s*[日号]"
)


_MONTH_ANCHOR = re.compile(
    r"(?i)(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])"
)
_GERMAN_MONTH_HINT = re.compile(r"(?i)\d\.\s*(?:januar|februar|märz|mai|juni|juli|dezember)")


def find_dates(text: str, language: str = "en") -> list[DateMention]:
    """Every concrete date in `text`, in order of appearance."""
    found: list[DateMention] = []
    # Month names are rare: try the two English patterns only around them.
    for anchor in _MONTH_ANCHOR.finditer(text):
        low, high = max(0, anchor.start() - 45), min(len(text), anchor.end() + 30)
        for match in _EN_MDY.finditer(text, low, high):
            _add(found, match, int(match.group("year")), _en_month(match), int(match.group("day")))
        for match in _EN_DMY.finditer(text, low, high):
            day_word = match.group("dayword")
            day = ORDINAL_WORDS[re.sub(r"\s+", " ", day_word.lower())] if day_word else None
            day = day or int(match.group("day"))
            _add(found, match, int(match.group("year")), _en_month(match), day)
    for match in _ISO.finditer(text):
        _add(
            found,
            match,
            int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
        )
    for match in _NUMERIC.finditer(text):
        first, second = int(match.group("a")), int(match.group("b"))
        year = _full_year(match.group("year"))
        day_first = language in ("de", "fr", "es", "zh") or match.group("sep") == "." or first > 12
        month, day = (second, first) if day_first else (first, second)
        _add(found, match, year, month, day)
    if language == "de" or _GERMAN_MONTH_HINT.search(text):
        for match in _DE_TEXT.finditer(text):
            month = _DE_MONTHS[match.group("month").lower()]
            _add(found, match, int(match.group("year")), month, int(match.group("day")))
    if language == "zh" or "年" in text:
        for match in _ZH.finditer(text):
            parts = [_zh_int(match.group(g)) for g in ("year", "month", "day")]
            if all(p is not None for p in parts):
                _add(found, match, parts[0] or 0, parts[1] or 0, parts[2] or 0)
    found.sort(key=lambda m: (m.start, m.start - m.end))
    return _drop_overlaps(found)


def _en_month(match: re.Match[str]) -> int:
    return _EN_MONTHS[match.group("month").lower()[:3]]


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 50 else 2000
    return year


def _zh_int(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _add(found: list[DateMention], match: re.Match[str], year: int, month: int, day: int) -> None:
    try:
        value = date(year, month, day)
    except ValueError:
        return
    if 1900 <= year <= 2200:
        found.append(DateMention(value, match.start(), match.end()))


def _drop_overlaps(mentions: list[DateMention]) -> list[DateMention]:
    kept: list[DateMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
