"""Numbers written in words or digits, and durations, in English, German and Chinese.

Contracts state quantities twice ("thirty (30) days", "dreißig (30) Tage", "三十(30)日"); the
figure in brackets is read when present, the words otherwise. Durations keep their unit and
whether they count business or calendar days, and turn into days only against a calendar:
a month is not 30 days.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Unit = Literal["day", "week", "month", "year"]

# ----------------------------------------------------------------------------- English words

_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000}
_EN_WORD = "|".join(sorted([*_EN_UNITS, *_EN_TENS, *_EN_SCALES], key=len, reverse=True))
EN_NUMBER_WORDS = rf"(?:{_EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*"


def parse_english_number(text: str) -> int | None:
    """ "one hundred and eighty" -> 180, "twenty-four" -> 24; None when not a number."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if not word or word == "and":
            continue
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# ----------------------------------------------------------------------------- German words

_DE_UNITS = {
    "null": 0,
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "einer": 1,
    "eines": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
_DE_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
_DE_SMALL = "zwei|drei|vier|fünf|sechs|sieben|acht|neun|ein"
_DE_BELOW_HUNDRED = (
    rf"(?:(?:{_DE_SMALL})und)?(?:{'|'.join(_DE_TENS)})"
    rf"|{'|'.join(sorted(_DE_UNITS, key=len, reverse=True))}"
)
DE_NUMBER_WORDS = (
    rf"(?:(?:{_DE_SMALL})?hundert(?:und)?(?:{_DE_BELOW_HUNDRED})?|{_DE_BELOW_HUNDRED})(?![a-zäöüß])"
)


def parse_german_number(text: str) -> int | None:
    """ "dreißig" -> 30, "einhundertachtzig" -> 180, "einundzwanzig" -> 21."""
    word = text.lower().strip()
    total = 0
    if "hundert" in word:
        head, _, word = word.partition("hundert")
        head_value = _DE_UNITS.get(head, 1) if head else 1
        total = head_value * 100
        word = word.removeprefix("und")
        if not word:
            return total
    if word in _DE_UNITS:
        return total + _DE_UNITS[word]
    if word in _DE_TENS:
        return total + _DE_TENS[word]
    if "und" in word:
        unit, _, tens = word.partition("und")
        if unit in _DE_UNITS and tens in _DE_TENS:
            return total + _DE_UNITS[unit] + _DE_TENS[tens]
    return None


# ----------------------------------------------------------------------------- Chinese numerals

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4})
_ZH_DIGITS.update({"伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9})
_ZH_SCALES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_NUMBER_CHARS = "零〇○一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟"


def parse_chinese_number(text: str) -> int | None:
    """ "三十" -> 30, "一百二十" -> 120, "十五" -> 15, "二〇二四" -> 2024 (digit by digit)."""
    text = text.strip()
    if not text or any(c not in ZH_NUMBER_CHARS for c in text):
        return None
    if not any(c in _ZH_SCALES or c == "万" for c in text):
        value = 0
        for char in text:
            value = value * 10 + _ZH_DIGITS[char]
        return value
    total = section = digit = 0
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        elif char in _ZH_SCALES:
            section += max(digit, 1) * _ZH_SCALES[char] if digit or char in "十拾" else 0
            digit = 0
        elif char == "万":
            total += (section + digit) * 10_000
            section = digit = 0
    return total + section + digit


# ----------------------------------------------------------------------------- numbers in general

_DIGITS = r"\d+(?:[.,]\d+)?"


def parse_number(text: str) -> float | None:
    """A number given in digits or in English, German or Chinese words."""
    cleaned = text.strip().replace(",", "") if re.fullmatch(r"[\d,]+", text.strip()) else text
    if re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", cleaned):
        return float(cleaned.strip().replace(",", "."))
    for parser in (parse_english_number, parse_german_number, parse_chinese_number):
        value = parser(cleaned)
        if value is not None:
            return float(value)
    return None


# ----------------------------------------------------------------------------- durations


@dataclass(frozen=True)
class Duration:
    """A stated length of time: amount and unit as written, business or calendar days."""

    amount: float
    unit: Unit
    business_days: bool = False
    start: int = 0
    end: int = 0

    @property
    def months(self) -> float | None:
        """Whole calendar months when the unit is months or years; None for days and weeks."""
        if self.unit == "year":
            return self.amount * 12
        if self.unit == "month":
            return self.amount
        return None

    def approximate_days(self) -> float:
        """Length in days without a calendar: 7 per week, 365.25/12 per month."""
        per_unit = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
        return self.amount * per_unit[self.unit]

    def days_before(self, anchor: date) -> int:
        """Calendar days from this long before `anchor` to `anchor` (3 months before 31 May: 92)."""
        return (anchor - self.subtract_from(anchor)).days

    def subtract_from(self, anchor: date) -> date:
        """The day this duration before `anchor`, counting business days as weekdays."""
        if self.unit == "day" and self.business_days:
            return subtract_business_days(anchor, int(self.amount))
        if self.unit in ("day", "week"):
            return anchor - timedelta(days=round(self.approximate_days()))
        months = self.months or 0.0
        if months != int(months):
            return anchor - timedelta(days=round(self.approximate_days()))
        return add_months(anchor, -int(months))

    def add_to(self, anchor: date) -> date:
        """The day this duration after `anchor` (12 months after 31 Jan 2023: 31 Jan 2024)."""
        if self.unit == "day" and self.business_days:
            return add_business_days(anchor, int(self.amount))
        months = self.months
        if months is None or months != int(months):
            return anchor + timedelta(days=round(self.approximate_days()))
        return add_months(anchor, int(months))


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; the day is clamped to the month's end (31 Jan + 1 -> 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_business_days(day: date, count: int) -> date:
    """`count` weekdays after `day` (public holidays are not known here)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def subtract_business_days(day: date, count: int) -> date:
    """`count` weekdays before `day`."""
    return add_business_days(day, -count)


_EN_UNIT_WORDS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
_EN_DURATION = re.compile(
    rf"(?<![\w.])(?:(?P<words>{EN_NUMBER_WORDS}|an?)(?![\w])\s*)?"
    rf"(?:\(\s*\"?(?P<paren>{_DIGITS})\"?\s*\)|(?<![\w(])(?P<digits>{_DIGITS})(?![\w.,]\d))?"
    r"\s*(?:-\s*)?(?P<qual>business|working|banking|bank|calendar|consecutive|full|"
    r"additional|successive|further|consecutive)?\s*(?:-\s*)?"
    r"(?P<unit>days?|weeks?|months?|years?)(?:'s|s'|')?(?![a-z])",
    re.IGNORECASE,
)
_DE_UNIT_WORDS = {
    "tag": "day",
    "woche": "week",
    "monat": "month",
    "jahr": "year",
    "werktag": "day",
    "arbeitstag": "day",
    "geschäftstag": "day",
    "banktag": "day",
    "kalendertag": "day",
    "kalendermonat": "month",
    "kalenderjahr": "year",
}
_DE_DURATION = re.compile(
    rf"(?<![\wäöüß])(?:(?P<words>{DE_NUMBER_WORDS})\s*)?"
    rf"(?:\(\s*(?P<paren>{_DIGITS})\s*\)|(?<![\w(])(?P<digits>{_DIGITS})(?![\d]))?"
    r"\s*(?:-\s*)?(?P<unit>(?:Werk|Arbeits|Geschäfts|Bank|Kalender)?(?:tag|woche|monat|jahr))"
    r"(?:e|en|es|s|n)?(?![a-zäöüß])",
    re.IGNORECASE,
)
_ZH_DURATION = re.compile(
    rf"(?P<words>[{ZH_NUMBER_CHARS}]+)?\s*(?:\(\s*(?P<paren>\d+)\s*\)|(?P<digits>\d+))?\s*"
    r"(?P<ge>个)?(?P<qual>工作|营业|银行|自然|日历)?\s*(?P<unit>日|天|周|星期|月|年)"
)


def find_durations(text: str, language: str = "en") -> list[Duration]:
    """Every duration in `text`: "thirty (30) days", "zwei Jahre", "三十(30)个工作日"..."""
    if language == "zh":
        return _find_chinese_durations(text)
    pattern = _DE_DURATION if language == "de" else _EN_DURATION
    found: list[Duration] = []
    for match in pattern.finditer(text):
        amount = _amount(match)
        if amount is None or amount <= 0:
            continue
        unit_word = match.group("unit").lower()
        if language == "de":
            unit = _DE_UNIT_WORDS[unit_word]
            business = unit_word.startswith(("werk", "arbeits", "geschäfts", "bank"))
        else:
            unit = _EN_UNIT_WORDS[unit_word]
            qualifier = (match.group("qual") or "").lower()
            business = qualifier in ("business", "working", "banking", "bank")
        found.append(Duration(amount, unit, business, match.start(), match.end()))  # type: ignore[arg-type]
    if language == "de":
        found.extend(d for d in find_durations(text, "en") if not _overlaps(d, found))
        found.sort(key=lambda d: d.start)
    return found


def _overlaps(duration: Duration, others: list[Duration]) -> bool:
    return any(duration.start < o.end and o.start < duration.end for o in others)


def _amount(match: re.Match[str]) -> float | None:
    """The figure in brackets wins over the words (they normally agree); words alone count."""
    for group in ("paren", "digits"):
        figure = match.group(group)
        if figure:
            return float(figure.replace(",", "."))
    words = match.group("words")
    if not words:
        return None
    if words.lower() in ("a", "an"):
        return 1.0
    return parse_number(words)


_ZH_UNITS: dict[str, Unit] = {"日": "day", "天": "day", "周": "week", "星期": "week", "月": "month"}


def _find_chinese_durations(text: str) -> list[Duration]:
    found: list[Duration] = []
    for match in _ZH_DURATION.finditer(text):
        unit_char = match.group("unit")
        figure = match.group("paren") or match.group("digits")
        words = match.group("words")
        amount = float(figure) if figure else parse_number(words) if words else None
        if amount is None or amount <= 0:
            continue
        before = text[max(0, match.start() - 3) : match.start()]
        after = text[match.end() : match.end() + 4]
        if unit_char == "年" and (
            amount >= 1000 or re.match(r"\s*[\d一二三四五六七八九十]+\s*月", after)
        ):
            continue  # the year of a date: 2024年3月
        if unit_char == "月" and not match.group("ge"):
            continue  # "3月" is a month of a date; a duration says "三个月"
        if unit_char == "日" and re.search(r"月\s*$", before):
            continue  # the day of a date: 3月30日
        unit = _ZH_UNITS.get(unit_char, "year")
        business = match.group("qual") in ("工作", "营业", "银行")
        found.append(Duration(amount, unit, business, match.start(), match.end()))
    return found
