"""Which x-position a table's wanted column sits at when OCR damaged its header.

OCR of a tight table glues header cells ("Realrimestre anterior"), loses the letter at the
junction ("Reafrimestre anterior") or drops a short header word altogether ("Kennzahl Zielwert
Vorquartal" above three columns of figures). The figures themselves still stand in columns, so
the columns are found from the figures of the rows below the header; the header words that were
read name their columns, and a single column left unnamed is the one whose word was lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import median

from extraction.document import Line
from extraction.fields.evidence import words_at
from extraction.fields.financials import column_words
from extraction.numbers import Amount, find_amounts
from extraction.text import LabelSet, compile_labels, fold, is_cjk, load_data

# A header word must be this long to be recognised without its first letter.
_DAMAGED_MIN = 8
# Columns are told apart when their figures' centres are this many characters apart.
_COLUMN_GAP_CHARS = 3.0
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_WORD = re.compile(r"[^\W\d_]{2}")


@dataclass(frozen=True)
class Located:
    """The x-centres of a table's figure columns, which of them is the wanted one, and whether
    a header word names it (or it is the only column left unnamed)."""

    centres: tuple[float, ...]
    index: int
    named: bool

    def holds(self, x: float) -> bool:
        """A figure centred at ``x`` stands in the wanted column (nearer it than any other)."""
        nearest = min(range(len(self.centres)), key=lambda i: abs(self.centres[i] - x))
        return nearest == self.index


@dataclass(frozen=True)
class HeaderCell:
    kind: str
    centre: float


def span_centre(line: Line, start: int, end: int) -> float | None:
    """The x-centre of ``line.text[start:end]``, placed inside a word's box by its characters
    when the span covers only part of a word (cells glued into one word by OCR)."""
    xs: list[float] = []
    for word, offset in words_at(line):
        low, high = max(start, offset), min(end, offset + len(word.text))
        if low >= high or word.bbox is None:
            continue
        per_char = (word.bbox[2] - word.bbox[0]) / len(word.text)
        xs.append(word.bbox[0] + (low - offset) * per_char)
        xs.append(word.bbox[0] + (high - offset) * per_char)
    return (min(xs) + max(xs)) / 2 if xs else None


@cache
def _damaged_words() -> LabelSet:
    """Column words of eight letters or more without their first letter ("rimestre anterior")."""
    data: dict[str, list[str]] = load_data("columns.json")
    return compile_labels(
        {
            kind: [w[1:] for w in words if len(w) >= _DAMAGED_MIN and not is_cjk(w[0])]
            for kind, words in data.items()
            if not kind.startswith("_")
        }
    )


def header_cells(line: Line) -> list[HeaderCell]:
    """The column words of a header line with their x-centres, left to right.

    Besides whole words: a word glued to the next cell ("RéaliSéimestre" starts with
    "réalisé"), and a long word that lost its first letter where two cells met.
    """
    words = column_words()
    folded = fold(line.text)
    spans: list[tuple[str, int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for _, s, e in spans)

    for match in words.find(folded, original=line.text):
        spans.append((words.kind(match), match.start(), match.end()))
    for match in words.pattern.finditer(folded):
        begin = match.start()
        starts_word = begin == 0 or not folded[begin - 1].isalnum()
        if starts_word and len(match.group(0)) >= 3 and free(begin, match.end()):
            spans.append((words.kind(match), begin, match.end()))
    damaged = _damaged_words()
    for match in damaged.pattern.finditer(folded):
        begin, end = match.start(), match.end()
        glued = begin > 0 and folded[begin - 1].isalpha()
        ends_word = end == len(folded) or not folded[end].isalnum()
        if glued and ends_word and free(begin, end):
            spans.append((damaged.kind(match), begin, end))
    cells = []
    for kind, start, end in spans:
        centre = span_centre(line, start, end)
        if kind and centre is not None:
            cells.append(HeaderCell(kind, centre))
    return sorted(cells, key=lambda cell: cell.centre)


def _figures(line: Line) -> list[tuple[Amount, float]]:
    """The figures of a table row with their x-centres: not years, not numbers inside the row's
    label (a word follows them, as in "Top 10 suppliers")."""
    placed = []
    for amount in find_amounts(line.text):
        if _YEAR.match(line.text[amount.start : amount.end].strip()):
            continue
        if _WORD.search(line.text, amount.end):
            continue
        centre = span_centre(line, amount.start, amount.end)
        if centre is not None:
            placed.append((amount, centre))
    return placed


def _char_width(lines: Sequence[Line]) -> float | None:
    widths = [
        (w.bbox[2] - w.bbox[0]) / len(w.text)
        for line in lines
        for w in line.words
        if w.bbox is not None and w.text
    ]
    return median(widths) if widths else None


def _clusters(centres: list[float], gap: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for x in sorted(centres):
        if groups and x - groups[-1][-1] <= gap:
            groups[-1].append(x)
        else:
            groups.append([x])
    return groups


def wanted_column(lines: Sequence[Line], index: int, wanted: str) -> Located | None:
    """Where the ``wanted`` column of the table that row ``index`` is in stands.

    None unless the header's words and the figures' columns agree one to one, with the wanted
    column either named or the only column left without a name.
    """
    for back in range(index - 1, max(-1, index - 40), -1):
        if _figures(lines[back]):
            continue  # a row of the table (or a line with numbers), not its header
        cells = header_cells(lines[back])
        if cells:
            return _locate(lines, back, cells, wanted)
    return None


def _locate(
    lines: Sequence[Line], header: int, cells: list[HeaderCell], wanted: str
) -> Located | None:
    rows = []
    for line in lines[header + 1 : header + 13]:
        figures = _figures(line)
        if not figures and sum(c.isalpha() for c in line.text) > 40:
            break  # a paragraph after the table
        rows.append(figures)
    width = _char_width(lines[header : header + 13])
    if width is None or len(cells) > 3:
        return None
    gap = _COLUMN_GAP_CHARS * width
    centres = [x for row in rows for _, x in row]
    columns = [
        median(group)
        for group in _clusters(centres, gap)
        if len(group) >= 2 or len([r for r in rows if r]) < 3
    ]
    if len(columns) < 2:
        return None
    named: dict[int, str] = {}
    for cell in cells:
        nearest = min(range(len(columns)), key=lambda i: abs(columns[i] - cell.centre))
        if nearest in named or abs(columns[nearest] - cell.centre) > 4 * gap:
            return None
        named[nearest] = cell.kind
    if wanted in named.values():
        column = next(i for i, kind in named.items() if kind == wanted)
        return Located(tuple(columns), column, named=True)
    unnamed = [i for i in range(len(columns)) if i not in named]
    if len(unnamed) != 1:
        return None
    return Located(tuple(columns), unnamed[0], named=False)
