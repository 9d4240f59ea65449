"""Amounts in every thousands convention, Chinese 万/亿 multipliers, currencies and scales.

1,234,567.89 / 1.234.567,89 / 1 234 567,89 / 1'234'567.89 all read as 1234567.89; "(1,234)" and
"-1 234" are negative; "12.5万" is 125000. A single separator followed by exactly three digits is
a thousands separator (financial tables seldom show three decimals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.text import fold

_NUMBER = re.compile(
    r"(?P<neg>[-(])?\s?(?<![\d.,])"
    r"(?P<body>"
    # Two or more groups: a following digit starts the next number, as when a reader glues
    # table cells together ("125,834,000372,629,000").
    r"\d{1,3}(?:(?P<sep>[,.' ])\d{3})(?:(?P=sep)\d{3})+(?:[.,]\d{2}(?=\d)|[.,]\d{1,2}(?!\d))?"
    # One group: not when a separator and more digits follow ("19 122,074" is a note
    # reference and 122,074, not 19 122 and a stray ",074").
    r"|\d{1,3}(?:(?P<sep1>[,.' ])\d{3})(?:[.,]\d{1,2})?(?![\d]|[,.]\d)"
    r"|\d+(?:[.,]\d+)?(?![\d]))"
    r"(?P<close>\))?"
    r"\s?(?P<unit>亿元|万元|亿|万|千元|百万|%|％)?"
)
_MULTIPLIERS = {"亿元": 1e8, "亿": 1e8, "万元": 1e4, "万": 1e4, "千元": 1e3, "百万": 1e6}


@dataclass(frozen=True)
class Amount:
    """A number found in text, in full units, with its span in the text."""

    value: float
    start: int
    end: int
    percent: bool = False
    grouped: bool = False


def parse_number(body: str) -> float:
    """The value of one number written in any thousands/decimal convention."""
    text = body.replace("\u00a0", " ").replace("\u202f", " ").strip()
    separators = [c for c in text if c in ",.' "]
    if not separators:
        return float(text)
    last = separators[-1]
    tail = text.rsplit(last, 1)[1]
    if last in ",." and len(set(separators)) > 1 and separators[0] != last:
        # Mixed separators: the last one is the decimal mark.
        whole = text.rsplit(last, 1)[0]
        return float(re.sub(r"[,.' ]", "", whole) + "." + tail)
    if last in ",." and separators.count(last) == 1 and len(tail) != 3:
        return float(text.replace(" ", "").replace("'", "").replace(last, "."))
    return float(re.sub(r"[,.' ]", "", text))


def _glued_number() -> re.Pattern[str]:
    return re.compile(_NUMBER.pattern.replace("(?<![\\d.,])", "", 1))


_NUMBER_AFTER_GLUED = _glued_number()


def _matches(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    position = 0
    while (match := _NUMBER.search(text, position)) is not None:
        found.append(match)
        # A number glued to a grouped one ("125,834,000372,629,000") starts right after it.
        while match.group("sep") and match.end() < len(text) and text[match.end()].isdigit():
            glued = _NUMBER_AFTER_GLUED.match(text, match.end())
            if glued is None or glued.end() == match.end():
                break
            found.append(glued)
            match = glued
        position = max(match.end(), position + 1)
    return found


_OCR_SEMICOLON = re.compile(r"(?<=\d);(?=\d{3}(?!\d))")


def find_amounts(text: str) -> list[Amount]:
    """Every number in ``text`` with sign, 万/亿 multipliers and percent signs applied."""
    found: list[Amount] = []
    # OCR reads a thousands comma as a semicolon ("837;944,000"): same length, so spans hold
    text = _OCR_SEMICOLON.sub(",", text)
    for match in _matches(text.replace("\u00a0", " ").replace("\u202f", " ")):
        body = match.group("body")
        try:
            value = parse_number(body)
        except ValueError:
            continue
        negative = match.group("neg") == "-" or (
            match.group("neg") == "(" and match.group("close") == ")"
        )
        unit = match.group("unit") or ""
        if unit in {"%", "％"} and re.fullmatch(r"\d{1,3}[,.]\d{3}", body):
            value = float(body.replace(",", "."))  # "99,223 %" is a percentage with decimals
        value *= _MULTIPLIERS.get(unit, 1.0)
        if negative:
            value = -value
        found.append(
            Amount(
                value=value,
                start=match.start("body") if not negative else match.start(),
                end=match.end(),
                percent=unit in {"%", "％"},
                grouped=(match.group("sep") or match.group("sep1")) is not None,
            )
        )
    return found


_SCALES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"亿元|单位[:：]?\s*亿"), 1e8),
    (re.compile(r"万元|单位[:：]?\s*万"), 1e4),
    (re.compile(r"千元"), 1e3),
    (
        re.compile(
            r"\b(in|en|amounts in|expressed in)?\s*(millions?|mio\.?|millionen|mn|m€|€m|\$m"
            r"|millones|de millones)\b"
        ),
        1e6,
    ),
    (
        re.compile(
            r"\b(thousands?|tausend|teur|tusd|tchf|tgbp|t€|k€|keur|kusd|milliers|miles|000s"
            r"|in tsd\.?|tsd\.?)(?![a-z])|(?<![\d'])'000(?!\d)|\(000\)"
        ),
        1e3,
    ),
)


def scale_of(text: str) -> float:
    """The unit multiplier a statement header declares ("in thousands of euros", "单位：万元")."""
    folded = fold(text)
    for pattern, factor in _SCALES:
        if pattern.search(folded):
            return factor
    return 1.0


_CURRENCIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"人民币|rmb|cny|renminbi|yuan|元"), "CNY"),
    (re.compile(r"\bt?chf\b|franken|francs? suisses?|swiss francs?"), "CHF"),
    (re.compile(r"€|\beur\b|euros?\b|teur\b|keur\b"), "EUR"),
    (re.compile(r"£|\bgbp\b|pounds?\b|sterling"), "GBP"),
    (re.compile(r"\b[tk]?usd\b|us\$|us dollars?|dolares estadounidenses|u\.s\. dollars?"), "USD"),
    (re.compile(r"\bsgd\b|s\$|singapore dollars?"), "SGD"),
    (re.compile(r"\bhkd\b|hk\$|hong kong dollars?"), "HKD"),
    (re.compile(r"\bjpy\b|円|japanese yen"), "JPY"),
    (re.compile(r"¥|\$|dollars?|dolares"), "?"),
)


def currency_of(text: str) -> str | None:
    """The ISO code of the currency named in ``text``; ¥ alone is CNY, $ alone USD."""
    folded = fold(text)
    for pattern, code in _CURRENCIES:
        match = pattern.search(folded)
        if match:
            if code == "?":
                return "CNY" if "¥" in match.group(0) else "USD"
            return code
    return None
