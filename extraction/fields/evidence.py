"""Evidence for an extracted value: the page, the source text and the box of its words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extraction.document import Line, TextDocument, Word
from extraction.types import BBox, FieldValue, Value

_GLUED_WORDS = re.compile(r"[a-zß-ÿ]{3}[A-ZÀ-Ý][a-zß-ÿ]{2}")
_MISREAD_DIGITS = re.compile(r"\d[OoIl|]\d|\d[OoIl|][./-]\d|[./-][OoIl|]\d")


def words_at(line: Line) -> Iterator[tuple[Word, int]]:
    """The words of ``line`` with where each starts in ``line.text``."""
    cursor = 0
    for word in line.words:
        if not word.text:
            continue
        offset = line.text.find(word.text, cursor)
        if offset < 0:
            continue
        cursor = offset + len(word.text)
        yield word, offset


def words_box(line: Line, start: int, end: int) -> BBox | None:
    """Union of the boxes of the words of ``line`` that overlap ``line.text[start:end]``."""
    boxes = [
        word.bbox
        for word, offset in words_at(line)
        if word.bbox is not None and offset < end and start < offset + len(word.text)
    ]
    if not boxes:
        return line.bbox if line.bbox is not None and not line.words else None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def line_at(document: TextDocument, page: int, line: int) -> Line:
    return document.pages[page - 1].lines[line]


def field_value(
    document: TextDocument,
    value: Value,
    confidence: float,
    page: int,
    line: int,
    start: int = 0,
    end: int | None = None,
) -> FieldValue:
    """A FieldValue whose evidence is ``[start:end]`` of one line (the whole line by default)."""
    source = line_at(document, page, line)
    stop = len(source.text) if end is None else end
    evidence = source.text[start:stop].strip()
    if document.pages[page - 1].ocr:
        confidence *= 0.95
    if isinstance(value, str) and _GLUED_WORDS.search(value):
        confidence *= 0.7  # "DienstleistungsorganisatiorMüller": a label fused onto the value
    if _MISREAD_DIGITS.search(evidence):
        confidence *= 0.85  # "2O26", "3l.12": digits read as letters
    return FieldValue(
        value=value,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        page=page,
        evidence=evidence,
        bbox=words_box(source, start, stop),
    )
