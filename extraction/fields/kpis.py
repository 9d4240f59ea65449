"""KPI values of self-reports: on-time delivery, NPS, incidents, SLA uptime (actual, not target)."""

from __future__ import annotations

from collections.abc import Sequence

from extraction.document import Line, TextDocument
from extraction.fields.evidence import field_value, words_box
from extraction.fields.financials import Columns, column_words, header_columns
from extraction.fields.labelled import field_labels
from extraction.fields.table_columns import span_centre, wanted_column
from extraction.numbers import Amount, find_amounts
from extraction.text import fold
from extraction.types import FieldValue

KPIS = ("on_time_delivery_rate", "nps", "incidents", "sla_uptime")
_PERCENT_KPIS = frozenset({"on_time_delivery_rate", "sla_uptime"})


def extract_kpis(document: TextDocument) -> dict[str, FieldValue]:
    """The reported (actual) value of each KPI, with its evidence line."""
    labels = field_labels()
    words = column_words()
    out: dict[str, FieldValue] = {}
    for page in document.pages:
        for index, line in enumerate(page.lines):
            folded = fold(line.text)
            for match in labels.find(folded):
                kind = labels.kind(match)
                if kind not in KPIS or kind in out:
                    continue
                if folded[: match.start()].strip(" |-•·*0123456789.)") != "":
                    continue
                rest_start = match.end()
                # Skip a unit note right after the label, e.g. "(%)" or "(count)".
                amounts = [a for a in find_amounts(line.text[rest_start:]) if not _is_year(a.value)]
                if not amounts:
                    continue
                inline = {words.kind(m): m.end() for m in words.find(folded, rest_start)}
                chosen = amounts[0]
                confidence = 0.88
                if "actual" in inline:
                    after = [a for a in amounts if a.start + rest_start >= inline["actual"]]
                    if after:
                        chosen = after[0]
                else:
                    found, confidence = _actual_figure(page.lines, index, line, amounts, rest_start)
                    if found is None:
                        continue  # the figures sit under other columns: "actual" was not read
                    chosen = found
                value = chosen.value
                if kind in _PERCENT_KPIS and not 0 <= value <= 100:
                    confidence *= 0.5
                if kind == "incidents" and not value.is_integer():
                    confidence *= 0.6
                number = int(value) if value.is_integer() else value
                out[kind] = field_value(
                    document,
                    number,
                    confidence,
                    page.number,
                    index,
                    match.start(),
                    chosen.end + rest_start,
                )
    return out


def _centre(line: Line, start: int, end: int) -> float | None:
    box = words_box(line, start, end)
    return None if box is None or not line.words else (box[0] + box[2]) / 2


def under_column(
    lines: Sequence[Line], columns: Columns, line: Line, amounts: list[Amount], shift: int
) -> list[Amount] | None:
    """The amounts of ``line`` that sit under the header's wanted column, by x-position.

    OCR drops or misreads cells ("13" read as nothing), so counting values from the right
    picks the wrong column; the word boxes say which header word a figure stands under (the
    nearest column centre). None when the boxes are missing.
    """
    header = lines[columns.line]
    folded = fold(header.text)
    centres = [
        _centre(header, m.start(), m.end())
        for m in column_words().find(folded, original=header.text)
    ]
    if len(centres) != columns.count or any(c is None for c in centres):
        return None
    known = [c for c in centres if c is not None]
    found = []
    for amount in amounts:
        x = _centre(line, amount.start + shift, amount.end + shift)
        if x is None:
            return None
        nearest = min(range(len(known)), key=lambda i: abs(known[i] - x))
        if nearest == columns.current:
            found.append(amount)
    return found


def _actual_figure(
    lines: Sequence[Line], index: int, line: Line, amounts: list[Amount], shift: int
) -> tuple[Amount | None, float]:
    """The figure of row ``index`` in the table's actual column, and a confidence; no figure
    when the row's actual cell is empty or was not read."""
    located = wanted_column(lines, index, "actual")
    if located is not None:
        # the columns of the figures below the header, named by the header words OCR read
        wanted = located.centres[located.index]
        near = [
            (abs(x - wanted), amount)
            for amount in amounts
            if (x := span_centre(line, amount.start + shift, amount.end + shift)) is not None
            and located.holds(x)
        ]
        figure = min(near, key=lambda pair: pair[0])[1] if near else None
        return figure, 0.88 if located.named else 0.75
    columns = header_columns(lines, index, "actual")
    placed = under_column(lines, columns, line, amounts, shift) if columns else None
    if placed is not None:
        return (placed[0] if placed else None), 0.88
    if columns and len(amounts) >= columns.count:
        return amounts[-columns.count :][columns.current], 0.88
    return amounts[0], 0.7 if len(amounts) > 1 else 0.88


def _is_year(value: float) -> bool:
    return value.is_integer() and 1990 <= value <= 2100
