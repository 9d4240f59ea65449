"""Date mentions in en/zh/de/fr/es text, with numeric day/month order resolved per document.

Fast regexes find the candidates; month names come from dateparser's locale data so every
spelling dateparser knows (abbreviations, "Jänner", "Setiembre") is recognised. A candidate needs
day, month and year (dateparser's REQUIRE_PARTS), and a year in a plausible range, so reference
numbers such as "No. 4411" never become dates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from extraction.text import fold

MIN_YEAR, MAX_YEAR = 1950, 2100
NUMERIC_ORDERS = ("DMY", "MDY")
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CHINESE_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})


@dataclass(frozen=True)
class DateMention:
    """One date in a line. ``alternative`` is the day/month swap of an ambiguous numeric date."""

    value: date
    page: int
    line: int
    start: int
    end: int
    text: str
    numeric: bool = False
    alternative: date | None = None
    explicit_order: str | None = None


@cache
def month_names() -> dict[str, int]:
    """Folded month names and abbreviations of en/de/fr/es, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for lang in ("en", "de", "fr", "es"):
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                folded = fold(name).rstrip(".")
                if len(folded) >= 3:
                    names.setdefault(folded, number)
    return names


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    months = "|".join(sorted((re.escape(name) for name in month_names()), key=len, reverse=True))
    return {
        "iso": re.compile(
            r"(?<![\d./-])(?<!\d,)(\d{4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?![\d])"
        ),
        "numeric": re.compile(
            r"(?<![\d./-])(?<!\d,)(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d]|[./-]\d)"
        ),
        "chinese": re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
        "chinese_numerals": re.compile(
            r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
        ),
        "day_month": re.compile(
            rf"(?<![\d.])(\d{{1,2}})(?:er|st|nd|rd|th|º|°|o)?\.?\s*(?:de\s+|-|\s)?({months})\.?"
            rf"(?![a-z])[\s,-]*(?:de\s+|del\s+)?(\d{{4}}|'\d{{2}})(?!\d)"
        ),
        "month_day": re.compile(
            rf"(?<![a-z])({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?\s*(\d{{4}})(?!\d)"
        ),
    }


def _year(text: str) -> int:
    text = text.lstrip("'")
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _chinese_number(text: str) -> int:
    if len(text) == 4 and all(c in _CHINESE_DIGITS for c in text):
        return int("".join(str(_CHINESE_DIGITS[c]) for c in text))
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (
            _CHINESE_DIGITS[units] if units else 0
        )
    return _CHINESE_DIGITS[text]


_OCR_DIGIT_O = re.compile(r"(?<=\d)o(?=\d)|(?<=\d)o(?=[./-]\d)|(?<=[./-])o(?=\d)")
_OCR_DIGIT_ONE = re.compile(r"(?<=\d)[li|](?=[\d./-])|(?<=[./-])[li|](?=\d)|(?<![a-z])[li](?=er\s)")


def _repair_ocr(folded: str) -> str:
    """Letters OCR reads for digits inside numbers ("2O26", "1O.05", "ler avril"); same length."""
    if not any(c in folded for c in "oli|"):
        return folded
    return _OCR_DIGIT_ONE.sub("1", _OCR_DIGIT_O.sub("0", folded))


def find_dates(text: str, page: int = 1, line: int = 0) -> list[DateMention]:
    """Every full date (day, month, year) in one line of text, left to right."""
    folded = _repair_ocr(fold(text))
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None, **extra: object) -> None:
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        mention = DateMention(value, page, line, start, end, text[start:end].strip())
        found.append(replace(mention, **extra))  # type: ignore[arg-type]

    patterns = _patterns()
    for match in patterns["chinese"].finditer(folded):
        year, month, day = (int(g) for g in match.groups())
        add(match.start(), match.end(), _make(year, month, day))
    for match in patterns["chinese_numerals"].finditer(folded):
        year, month, day = (_chinese_number(g) for g in match.groups())
        add(match.start(), match.end(), _make(year, month, day))
    for match in patterns["iso"].finditer(folded):
        add(match.start(), match.end(), _make(int(match[1]), int(match[3]), int(match[4])))
    names = month_names()
    for match in patterns["day_month"].finditer(folded):
        month_number = names.get(match[2].rstrip("."))
        if month_number:
            add(match.start(), match.end(), _make(_year(match[3]), month_number, int(match[1])))
    for match in patterns["month_day"].finditer(folded):
        month_number = names.get(match[1].rstrip("."))
        if month_number:
            add(match.start(), match.end(), _make(int(match[3]), month_number, int(match[2])))
    for match in patterns["numeric"].finditer(folded):
        first, second, year = int(match[1]), int(match[3]), _year(match[4])
        as_dmy, as_mdy = _make(year, second, first), _make(year, first, second)
        if as_dmy and as_mdy and as_dmy != as_mdy:
            add(match.start(), match.end(), as_dmy, numeric=True, alternative=as_mdy)
        elif as_dmy and as_dmy == as_mdy:  # 01/01/2019 reads the same both ways
            add(match.start(), match.end(), as_dmy, numeric=True)
        elif as_dmy or as_mdy:
            order = "DMY" if as_dmy else "MDY"
            add(match.start(), match.end(), as_dmy or as_mdy, numeric=True, explicit_order=order)
    found.sort(key=lambda mention: mention.start)
    return found


_FORMAT_HINT = re.compile(
    r"(?<![A-Za-z])(mm|dd|jj|tt)\s?[/.-]\s?(?:dd|mm|tt)\s?[/.-]\s?(?:yyyy|yy|aaaa|jjjj|aa)(?![A-Za-z])",
    re.IGNORECASE,
)
_US_SIGNALS = re.compile(
    r"(?<!\w)(?:usa|u\.s\.a\.|united states|inc\.|llc|usd|[A-Z]{2}\s\d{5}(?:-\d{4})?)(?!\w)"
    r"|\$\s?\d",
    re.IGNORECASE,
)


def numeric_order(
    mentions: Iterable[DateMention], language: str | None, country: str | None, text: str
) -> tuple[str, str]:
    """Day/month order of a document's numeric dates, and why: 'explicit', 'country', 'language'.

    Unambiguous numeric dates (31/03/2027) in the same document decide; then the country hint;
    then the language, with American signals (USA, Inc., ZIP codes, USD) for English.
    """
    hint = _FORMAT_HINT.search(text)
    if hint:
        # "DATE (MM/DD/YYYY)", "JJ/MM/AAAA", "TT.MM.JJJJ": the form says how to read its dates.
        return ("MDY" if hint.group(1).lower() == "mm" else "DMY"), "explicit"
    votes = Counter(m.explicit_order for m in mentions if m.explicit_order)
    if votes:
        return votes.most_common(1)[0][0], "explicit"
    if country:
        return ("MDY" if country.upper() in {"US", "USA"} else "DMY"), "country"
    if language == "en" and len(_US_SIGNALS.findall(text)) >= 2:
        return "MDY", "language"
    return "DMY", "language"


def resolve(mentions: Sequence[DateMention], order: str) -> list[DateMention]:
    """Ambiguous numeric dates read in ``order`` (the DMY reading is the stored default)."""
    if order == "DMY":
        return list(mentions)
    out = []
    for mention in mentions:
        if mention.alternative is not None:
            mention = replace(mention, value=mention.alternative, alternative=mention.value)
        out.append(mention)
    return out


def swap(mention: DateMention) -> DateMention:
    """The other day/month reading of an ambiguous numeric date."""
    if mention.alternative is None:
        return mention
    return replace(mention, value=mention.alternative, alternative=mention.value)
