"""Financial statement figures: revenue, net income, total assets (current-year column),
currency and the unit scale ("in thousands", "万元") multiplied out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extraction.dates import find_dates
from extraction.document import Line, TextDocument
from extraction.fields.evidence import field_value
from extraction.fields.labelled import field_labels
from extraction.numbers import Amount, currency_of, find_amounts, scale_of
from extraction.text import LabelSet, compile_labels, fold, load_data
from extraction.types import FieldValue

FIGURES = ("revenue", "net_income", "total_assets")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")
_NUMBERING = re.compile(
    r"^\s*(?:[ivx]+\.|[a-z]\)|\d{1,2}[.)]|[一二三四五六七八九十]+、|\(\d+\))?\s*"
)
_SCALE_HINT = re.compile(
    r"单位|in |en |expressed|amounts|tsd|teur|keur|'000|thousand|million|万|亿|千"
)


@dataclass(frozen=True)
class Columns:
    """Which of a table's value columns is current, and how many there are."""

    current: int
    count: int
    line: int


@cache
def column_words() -> LabelSet:
    data: dict[str, list[str]] = load_data("columns.json")
    return compile_labels({k: v for k, v in data.items() if not k.startswith("_")})


def header_columns(lines: Sequence[Line], index: int, wanted: str) -> Columns | None:
    """The nearest header above ``index``: years (the latest is current) or column words
    (current/prior, actual/target/previous); ``wanted`` names the column to read."""
    words = column_words()
    for back in range(index - 1, max(-1, index - 40), -1):
        text = lines[back].text
        folded = fold(text)
        kinds = [words.kind(m) for m in words.find(folded, original=text)]
        if len(kinds) >= 2 and wanted in kinds:
            return Columns(kinds.index(wanted), len(kinds), back)
        if wanted == "current":
            years = [m.value.year for m in find_dates(text)] or [
                int(y) for y in _YEAR.findall(text)
            ]
            letters = re.sub(r"[\d\W_]", "", folded)
            if len(years) >= 2 and len(set(years)) >= 2 and len(letters) <= 40:
                return Columns(years.index(max(years)), len(years), back)
    return None


def _scale(lines: Sequence[Line], index: int, document_scale: float) -> float:
    for back in range(index, max(-1, index - 60), -1):
        folded = fold(lines[back].text)
        if _SCALE_HINT.search(folded) and len(folded) < 120:
            factor = scale_of(folded)
            if factor != 1.0:
                return factor
    return document_scale


def document_currency(document: TextDocument) -> tuple[str | None, int, int]:
    """The most named currency, with the page and line of its first unit declaration."""
    counts: Counter[str] = Counter()
    where: dict[str, tuple[int, int]] = {}
    for page in document.pages:
        for index, line in enumerate(page.lines):
            code = currency_of(line.text)
            if code:
                weight = 3 if _SCALE_HINT.search(fold(line.text)) else 1
                counts[code] += weight
                where.setdefault(code, (page.number, index))
    if not counts:
        return None, 0, 0
    code = counts.most_common(1)[0][0]
    return code, *where[code]


_TOKEN = re.compile(r"\(?-?\d[\d,.']*\)?")


def _row_amounts(text: str, label_end: int, columns: Columns | None) -> list[Amount]:
    """The numbers of a table row. When splitting on spaces gives one number per column (and
    perhaps a note number first: "Net sales 5 545,859 390,813"), that split wins; otherwise
    spaces may group thousands ("1 234 567")."""
    tail = text[label_end:]
    tokens = list(_TOKEN.finditer(tail))
    if columns and tokens and len(tokens) in (columns.count, columns.count + 1):
        split: list[Amount] = []
        for token in tokens:
            parsed = find_amounts(token.group(0))
            if len(parsed) != 1:
                break
            start, end = token.start() + label_end, token.end() + label_end
            split.append(Amount(parsed[0].value, start, end))
        if len(split) == len(tokens):
            return split
    amounts = [a for a in find_amounts(tail) if not a.percent]
    return [Amount(a.value, a.start + label_end, a.end + label_end) for a in amounts]


def extract_financials(document: TextDocument) -> dict[str, FieldValue]:
    """Revenue, net income and total assets of the current year, in full units; currency."""
    labels = field_labels()
    document_scale = 1.0
    for page in document.pages[:3]:
        for line in page.lines[:40]:
            folded = fold(line.text)
            if _SCALE_HINT.search(folded) and len(folded) < 120 and scale_of(folded) != 1.0:
                document_scale = scale_of(folded)
                break
        if document_scale != 1.0:
            break
    out: dict[str, FieldValue] = {}
    for page in document.pages:
        for index, line in enumerate(page.lines):
            folded = fold(line.text)
            numbering = _NUMBERING.match(folded)
            offset = numbering.end() if numbering else 0
            match = labels.pattern.match(folded, offset)
            if not match:
                continue
            kind = labels.kind(match)
            if kind not in FIGURES or kind in out:
                continue
            columns = header_columns(page.lines, index, "current")
            amounts = _row_amounts(line.text, match.end(), columns)
            if not amounts:
                continue
            confidence = 0.9
            if columns and len(amounts) >= columns.count:
                amounts = amounts[-columns.count :]
                chosen = amounts[columns.current]
            else:
                chosen = amounts[0]
                confidence = 0.8 if len(amounts) == 1 else 0.7
            value = chosen.value * _scale(page.lines, index, document_scale)
            value = round(value, 2)
            out[kind] = field_value(
                document,
                int(value) if value.is_integer() else value,
                confidence,
                page.number,
                index,
                match.start(),
                chosen.end,
            )
    code, page_number, line_index = document_currency(document)
    if code and out:
        out["currency"] = field_value(document, code, 0.88, page_number, line_index)
    return out
