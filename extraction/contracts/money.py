"""Sums of money in contracts: "US$5,000,000", "five million dollars", "EUR 250.000,00",
"1 Mio. EUR", "人民币100万元", with the ISO currency they are in.

Amounts are returned in full units (万 and "million" multiplied out). Digit grouping follows the
writing: "1.000.000" and "250.000,00" are German style, "1,000,000.50" English style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.contracts.quantities import EN_NUMBER_WORDS, ZH_NUMBER_CHARS, parse_number


@dataclass(frozen=True)
class Money:
    """A sum of money in full units, its currency if named, and where it is written."""

    amount: float
    currency: str | None  # ISO 4217
    start: int
    end: int


_SYMBOLS = [
    (r"US\s?\$|U\.S\.\s?\$|USD|U\.S\.\s+dollars?|US\s+dollars?|United\s+States\s+dollars?", "USD"),
    (r"HK\$|HKD|Hong\s+Kong\s+dollars?", "HKD"),
    (r"S\$|SGD|Singapore\s+dollars?", "SGD"),
    (r"C\$|CAD|Canadian\s+dollars?", "CAD"),
    (r"A\$|AUD|Australian\s+dollars?", "AUD"),
    (r"€|EUR|Euros?", "EUR"),
    (r"£|GBP|pounds?\s+sterling|pounds?", "GBP"),
    (r"CHF|Schweizer\s+Franken|Swiss\s+francs?", "CHF"),
    (r"RMB|CNY|Renminbi|人民币|yuan", "CNY"),
    (r"JPY|Japanese\s+yen|yen", "JPY"),
    (r"\$|dollars?", "USD"),
]
_CURRENCY = "|".join(f"(?:{pattern})" for pattern, _ in _SYMBOLS)
_SCALE = r"(?:million|billion|thousand|mio\.?|millionen|mrd\.?|milliarden|tsd\.?|m\b|bn\b|k\b)"
_FIGURE = r"\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_MONEY = re.compile(
    rf"(?P<cur1>{_CURRENCY})\s*(?P<fig1>{_FIGURE})(?:\s*(?P<scale1>{_SCALE}))?(?:,-)?"
    rf"|(?P<fig2>{_FIGURE})(?:\s*(?P<scale2>{_SCALE}))?\s*(?:,-\s*)?(?P<cur2>{_CURRENCY})"
    rf"|(?P<words>{EN_NUMBER_WORDS})\s+(?P<scale3>million|billion|thousand)?\s*"
    rf"(?:U\.S\.\s+|US\s+)?(?P<cur3>dollars|euros|pounds)",
    re.IGNORECASE,
)
_ZH_MONEY = re.compile(
    rf"(?P<cur>人民币|美元|欧元|港币|港元)?\s*(?P<fig>{_FIGURE}|[{ZH_NUMBER_CHARS}]+)\s*"
    r"(?P<scale>万|亿)?\s*(?P<unit>元|美元|欧元|港元)"
)
_ZH_UNITS = {
    "元": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "人民币": "CNY",
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "tsd": 1e3,
    "million": 1e6,
    "mio": 1e6,
    "millionen": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "mrd": 1e9,
    "milliarden": 1e9,
}


def find_money(text: str, language: str = "en") -> list[Money]:
    """Every sum of money in `text`."""
    found: list[Money] = []
    for match in _MONEY.finditer(text):
        money = _from_match(match, language)
        if money is not None:
            found.append(money)
    for match in _ZH_MONEY.finditer(text):
        figure = match.group("fig")
        amount = _figure(figure, "zh") if figure[0].isdigit() else parse_number(figure)
        if amount is None:
            continue
        amount *= {"万": 1e4, "亿": 1e8}.get(match.group("scale") or "", 1.0)
        currency = _ZH_UNITS.get(match.group("cur") or "") or _ZH_UNITS[match.group("unit")]
        found.append(Money(amount, currency, match.start(), match.end()))
    found.sort(key=lambda m: (m.start, m.start - m.end))
    kept: list[Money] = []
    for money in found:
        if kept and money.start < kept[-1].end:
            if money.end - money.start > kept[-1].end - kept[-1].start:
                kept[-1] = money  # "人民币100万元" over "人民币100"
            continue
        kept.append(money)
    return kept


def _from_match(match: re.Match[str], language: str) -> Money | None:
    for index in ("1", "2"):
        figure = match.group(f"fig{index}")
        if figure:
            amount = _figure(figure, language)
            currency = _currency(match.group(f"cur{index}"))
            scale = match.group(f"scale{index}")
            break
    else:
        words = parse_number(match.group("words"))
        if words is None:
            return None
        amount, currency, scale = words, _currency(match.group("cur3")), match.group("scale3")
    if amount is None:
        return None
    if scale:
        amount *= _SCALES[scale.lower().rstrip(".")]
    return Money(amount, currency, match.start(), match.end())


def _currency(text: str) -> str | None:
    for pattern, code in _SYMBOLS:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return code
    return None


def _figure(text: str, language: str) -> float | None:
    """ "5,000,000" / "5.000.000" / "250.000,00" / "1,5" / "1.5" as a number."""
    text = text.replace(" ", "").replace("'", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", text) or (
        language == "de" and re.fullmatch(r"\d+,\d{1,2}", text)
    ):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None
