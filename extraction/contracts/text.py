"""The contract as one string, with a way back from any span to its page, lines and box.

Extractors match on a normalised copy of the text (curly quotes, full-width forms and odd spaces
made plain) that keeps every character's offset, so evidence is cut from the original text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extraction.document import Line, TextDocument
from extraction.types import BBox

_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000\t\r\f\v", " "),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u3001": ",",  # 、 enumeration comma
    "\u00ad": "-",
}
# Full-width ASCII (（３０）：) maps one to one onto ASCII.
_PLAIN.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_SPECIAL = re.compile("[" + re.escape("".join(_PLAIN)) + "]")


def normalise(text: str) -> str:
    """Same length as `text`: plain quotes, dashes, spaces and ASCII for full-width forms."""
    # a substitution only where needed: much faster than str.translate over long ASCII text
    return _SPECIAL.sub(lambda match: _PLAIN[match.group(0)], text)


@dataclass(frozen=True)
class LineSpan:
    """Where a line of the document sits in the flattened text."""

    start: int
    end: int
    page: int
    line: Line


@dataclass(frozen=True)
class Evidence:
    """What shows a value: its page, the source text and its box on the page."""

    page: int | None
    text: str
    bbox: BBox | None


class ContractText:
    """A TextDocument flattened to one string (lines joined by newlines, pages by a blank line)."""

    def __init__(self, document: TextDocument) -> None:
        parts: list[str] = []
        spans: list[LineSpan] = []
        offset = 0
        for page in document.pages:
            for line in page.lines:
                spans.append(LineSpan(offset, offset + len(line.text), page.number, line))
                parts.append(line.text)
                offset += len(line.text) + 1
            parts.append("")  # a blank line between pages ends any paragraph
            offset += 1
        self.raw = "\n".join(parts)
        self.text = normalise(self.raw)
        self.lines = spans
        self._starts = [span.start for span in spans]

    def line_index(self, offset: int) -> int:
        """Index of the line containing `offset`."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def page_of(self, offset: int) -> int | None:
        """The page number of `offset` (None for an empty document)."""
        if not self.lines:
            return None
        return self.lines[self.line_index(offset)].page

    def evidence(self, start: int, end: int, limit: int = 400) -> Evidence:
        """The page, the source text (spaces collapsed, cut to `limit`) and box of a span."""
        start, end = max(0, start), max(start, min(end, len(self.raw)))
        snippet = re.sub(r"\s+", " ", self.raw[start:end]).strip()
        if len(snippet) > limit:
            snippet = snippet[: limit - 1].rstrip() + "…"
        page = self.page_of(start)
        return Evidence(page, snippet, self._bbox(start, end, page))

    def _bbox(self, start: int, end: int, page: int | None) -> BBox | None:
        boxes: list[BBox] = []
        first = self.line_index(start)
        last = self.line_index(max(start, end - 1))
        for span in self.lines[first : last + 1]:
            if span.page != page:
                continue
            lo, hi = max(start, span.start) - span.start, min(end, span.end) - span.start
            boxes.extend(_boxes_in_line(span.line, lo, hi))
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


def _boxes_in_line(line: Line, lo: int, hi: int) -> list[BBox]:
    """Boxes of the words overlapping characters lo..hi of the line, else the line's box."""
    boxes: list[BBox] = []
    cursor = 0
    for word in line.words:
        found = line.text.find(word.text, cursor) if word.text else -1
        if found < 0 or word.bbox is None:
            continue
        cursor = found + len(word.text)
        if found < hi and lo < cursor:
            boxes.append(word.bbox)
    if not boxes and line.bbox is not None and lo < hi:
        boxes.append(line.bbox)
    return boxes


def detect_language(text: str) -> str:
    """ "zh", "de" or "en" from the script and common function words of the text."""
    sample = text[:20000]
    cjk = len(re.findall(r"[\u4e00-\u9fff]", sample))
    latin_words = len(re.findall(r"[A-Za-z]{2,}", sample))
    if cjk >= 8 and cjk > latin_words * 0.5:
        return "zh"
    german = len(_GERMAN_WORDS.findall(sample)) + len(re.findall(r"[äöüÄÖÜß]", sample)) // 3
    english = len(_ENGLISH_WORDS.findall(sample))
    return "de" if german > english else "en"


_GERMAN_WORDS = re.compile(
    r"\b(?:der|die|das|und|des|dem|den|mit|nicht|oder|wird|werden|für|ist|sind|von|nach|auf|"
    r"zu|zur|zum|eine?|im|bei|vom|sich|Vertrag\w*)\b"
)
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|shall|this|or|with|for|be|is|any|by|in)\b")
