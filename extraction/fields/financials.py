"""Financial statement figures: revenue, net income, total assets and the balance sheet's
total liabilities, current assets, current liabilities and total equity (current-year column),
currency and the unit scale ("in thousands", "万元") multiplied out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from extraction.dates import find_dates
from extraction.document import Line, TextDocument
from extraction.fields.balance_sheet import (
    OTHER_SIDE,
    assets_from_other_side,
    check_balance,
    section_total,
)
from extraction.fields.evidence import field_value
from extraction.fields.labelled import field_labels
from extraction.numbers import Amount, currency_of, find_amounts, scale_of
from extraction.text import LabelSet, compile_labels, fold, is_cjk, load_data
from extraction.types import FieldValue

FIGURES = ("revenue", "net_income", "total_assets")
# Field keys beyond DESIGN.md's list (an extension; docs/benchmarks.md): what the debt ratio and
# the current ratio need.
BALANCE_SHEET = ("total_liabilities", "current_assets", "current_liabilities", "total_equity")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")
_NUMBERING = re.compile(
    r"^\s*(?:[ivx]+\.|[a-h]\.(?=\s)|[a-z]\)|\d{1,2}[.)]|[一二三四五六七八九十]+、|\(\d+\))?\s*"
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
    note: bool = False  # a note-reference column comes before the values


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
        note = bool(_NOTE_COLUMN.search(folded))
        if len(kinds) >= 2 and wanted in kinds:
            return Columns(kinds.index(wanted), len(kinds), back, note)
        if wanted == "current":
            years = [m.value.year for m in find_dates(text)] or [
                int(y) for y in _YEAR.findall(text)
            ]
            letters = re.sub(r"[\d\W_]", "", folded)
            if len(years) >= 2 and len(set(years)) >= 2 and len(letters) <= 40:
                return Columns(years.index(max(years)), len(years), back, note)
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


_NOTE_COLUMN = re.compile(
    r"(?<![a-z])(?:notes?|anhang|annexe|nota|notas|erl\.|tz\.|ref\.?)(?![a-z])|附注|注释|行次"
)
_TOKEN = re.compile(r"\(?-?\d[\d,.'\u202f\u00a0]*\)?")
_GROUP = re.compile(r"\(?-?\d{1,3}\)?")
_THREE = re.compile(r"\d{3}(?:[.,]\d{1,2})?\)?")


def _offset(amounts: list[Amount], shift: int) -> list[Amount]:
    return [Amount(a.value, a.start + shift, a.end + shift) for a in amounts]


def _space_grouped(tokens: list[re.Match[str]], count: int) -> list[list[tuple[int, int]]]:
    """Ways to join whitespace-separated tokens into ``count`` numbers whose inner groups have
    three digits ("1 078 484 806 139" -> 1 078 484 | 806 139, or 1 078 | 484 806 139)."""
    texts = [t.group(0) for t in tokens]
    ways: list[list[tuple[int, int]]] = []

    def walk(start: int, spans: list[tuple[int, int]]) -> None:
        if len(ways) > 200 or len(spans) > count:
            return
        if start == len(texts):
            if len(spans) == count:
                ways.append(list(spans))
            return
        end = start + 1
        while True:
            walk(end, [*spans, (start, end)])
            if end < len(texts) and _GROUP.fullmatch(texts[start]) and _THREE.fullmatch(texts[end]):
                if not all(_THREE.fullmatch(texts[k]) for k in range(start + 1, end + 1)):
                    break
                end += 1
                continue
            break

    walk(0, [])
    return ways


_STRICT_NUMBER = re.compile(
    r"\(?-?\d{1,3}(?:(?P<sep>[,.'])\d{3}(?:(?P=sep)\d{3})*)?(?:[.,]\d{1,2})?\)?"
)


def _unglued(tokens: list[re.Match[str]], label_end: int, columns: Columns) -> list[Amount]:
    """Split one token that holds two cells glued together ("462,38380,016,427.00" is
    462,383 | 80,016,427.00) when that gives one number per column; the split whose two
    values are closest in size wins."""
    wanted = {columns.count, columns.count + 1} if columns.note else {columns.count}
    parsed = [find_amounts(t.group(0)) for t in tokens]
    if any(len(p) != 1 for p in parsed) or len(tokens) + 1 not in wanted:
        return []
    best: tuple[float, list[Amount]] | None = None
    for index, token in enumerate(tokens):
        text = token.group(0)
        for cut in range(1, len(text)):
            left, right = text[:cut], text[cut:]
            if not (_STRICT_NUMBER.fullmatch(left) and _STRICT_NUMBER.fullmatch(right)):
                continue
            pieces = [find_amounts(left), find_amounts(right)]
            if any(len(p) != 1 for p in pieces):
                continue
            base = token.start() + label_end
            split = [
                Amount(pieces[0][0].value, base, base + cut),
                Amount(pieces[1][0].value, base + cut, token.end() + label_end),
            ]
            amounts = [
                Amount(p[0].value, t.start() + label_end, t.end() + label_end)
                for p, t in zip(parsed[:index], tokens[:index], strict=True)
            ]
            amounts += split
            amounts += [
                Amount(p[0].value, t.start() + label_end, t.end() + label_end)
                for p, t in zip(parsed[index + 1 :], tokens[index + 1 :], strict=True)
            ]
            values = [abs(a.value) or 1.0 for a in amounts[-columns.count :]]
            spread = max(values) / min(values)
            if best is None or spread < best[0]:
                best = (spread, amounts)
    return best[1] if best else []


def _is_note_reference(tail: str, span: tuple[int, int], tokens: list[re.Match[str]]) -> bool:
    """A note column holds one short plain number ("12", "4.1"), never a grouped amount."""
    first, last = span
    return last - first == 1 and bool(
        re.fullmatch(r"\d{1,2}(?:\.\d{1,2})?", tokens[first].group(0))
    )


def _row_amounts(text: str, label_end: int, columns: Columns | None) -> list[Amount]:
    """The numbers of a table row, one per column when a header says how many columns there
    are (a note number may come first). Readers glue cells together or keep only one space
    between them, so the split that gives one number per column, of similar sizes, wins."""
    tail = text[label_end:]
    greedy = _offset([a for a in find_amounts(tail) if not a.percent], label_end)
    if columns is None:
        return greedy
    tokens = list(_TOKEN.finditer(tail))
    per_token: list[Amount] = []
    for token in tokens:
        per_token += _offset(find_amounts(token.group(0)), token.start() + label_end)
    counts = (columns.count, columns.count + 1) if columns.note else (columns.count,)
    if len(per_token) in counts:
        return per_token
    unglued = _unglued(tokens, label_end, columns)
    if unglued:
        return unglued
    best: tuple[float, list[Amount]] | None = None
    for count in counts:
        for way in _space_grouped(tokens, count):
            amounts = []
            for first, last in way:
                start, end = tokens[first].start(), tokens[last - 1].end()
                parsed = find_amounts(tail[start:end])
                if len(parsed) != 1:
                    break
                amounts.append(Amount(parsed[0].value, start + label_end, end + label_end))
            else:
                if count > columns.count and not _is_note_reference(tail, way[0], tokens):
                    continue
                values = [abs(a.value) or 1.0 for a in amounts[-columns.count :]]
                spread = max(values) / min(values)
                if best is None or spread < best[0]:
                    best = (spread, amounts)
    return best[1] if best else greedy


def _runs_on(text: str, end: int) -> bool:
    """The label is the start of a longer word ("Eigenkapitalquote", "Fremdkapitalzinsen"); a
    cell glued on with a capital ("EigenkapitalAnhang") still ends it."""
    if end >= len(text) or not text[end].isalpha() or is_cjk(text[end]):
        return False
    return not (text[end].isupper() and text[end - 1].islower())


def extract_financials(document: TextDocument) -> dict[str, FieldValue]:
    """Revenue, net income, total assets, total liabilities, current assets and liabilities and
    total equity of the current year, in full units; currency. A balance sheet that does not add
    up lowers the confidence of its totals."""
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
    scales: dict[str, float] = {}
    for page in document.pages:
        for index, line in enumerate(page.lines):
            folded = fold(line.text)
            numbering = _NUMBERING.match(folded)
            offset = numbering.end() if numbering else 0
            match = labels.pattern.match(folded, offset)
            if not match or _runs_on(line.text, match.end()):
                continue
            kind = labels.kind(match)
            if kind not in (*FIGURES, *BALANCE_SHEET, OTHER_SIDE) or kind in out:
                continue
            columns = header_columns(page.lines, index, "current")
            amounts = _row_amounts(line.text, match.end(), columns)
            value_line, value_start = index, match.start()
            if not amounts and kind in BALANCE_SHEET:
                # A section heading ("A. Eigenkapital", "Current assets") whose total stands on
                # an unlabelled line after its items.
                found = section_total(page.lines, index, columns, labels, _NUMBERING)
                if found is not None:
                    value_line, value_start = found, 0
                    amounts = _row_amounts(page.lines[found].text, 0, columns)
            if not amounts:
                continue
            confidence = 0.9
            if columns and len(amounts) >= columns.count:
                amounts = amounts[-columns.count :]
                chosen = amounts[columns.current]
            else:
                chosen = amounts[0]
                confidence = 0.8 if len(amounts) == 1 else 0.7
            scale = _scale(page.lines, index, document_scale)
            value = round(chosen.value * scale, 2)
            found_value = field_value(
                document,
                int(value) if value.is_integer() else value,
                confidence,
                page.number,
                value_line,
                value_start,
                chosen.end,
            )
            if value_line != index:
                heading = line.text[match.start() :].strip()
                found_value = replace(found_value, evidence=f"{heading} … {found_value.evidence}")
            out[kind] = found_value
            scales[kind] = scale
    out.update(assets_from_other_side(out, scales))
    out.pop(OTHER_SIDE, None)  # not a field of its own: only a witness of total assets
    out.update(check_balance(out, scales))
    code, page_number, line_index = document_currency(document)
    if code and out:
        out["currency"] = field_value(document, code, 0.88, page_number, line_index)
    return out
