"""The text model every reader produces and every extractor reads: pages of lines of words.

Coordinates: a box is ``(x0, y0, x1, y1)`` in PDF points (1/72 inch) with the origin at the
top-left corner of the page as displayed and y growing downwards, so a box drawn on the rendered
page at ``dpi`` is the box times ``dpi / 72``. ``Page.width`` and ``Page.height`` are in the same
points. Images use their DPI (300 when they carry none) to convert pixels into points, and OCR
boxes are mapped back from the corrected (rotated, deskewed) image onto the page as given.
"""

from __future__ import annotations

from dataclasses import dataclass

from extraction.types import BBox


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox | None = None
    # OCR confidence in 0..1; None for text-layer and plain-text words.
    confidence: float | None = None


@dataclass(frozen=True)
class Line:
    text: str
    words: tuple[Word, ...] = ()
    bbox: BBox | None = None


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    lines: tuple[Line, ...]
    ocr: bool = False
    width: float | None = None
    height: float | None = None
    # Clockwise degrees the page image was turned to read it upright (OCR pages only).
    rotation: int = 0
    # Small skew in degrees corrected before OCR.
    skew: float = 0.0
    # Tesseract language pack used for this page ("eng", "chi_sim", ...), None without OCR.
    ocr_language: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class TextDocument:
    pages: tuple[Page, ...]
    language: str | None = None
    # MIME type the content was read as ("application/pdf", "image/png", ...).
    content_type: str | None = None
    # Problems that did not stop the reading (a page that could not be OCR'd, ...).
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\f".join(page.text for page in self.pages)

    @classmethod
    def from_text(cls, text: str, language: str | None = None) -> TextDocument:
        """Plain text: form feeds separate pages; no boxes."""
        pages = []
        for number, chunk in enumerate(text.split("\f"), start=1):
            lines = tuple(Line(text=line, words=_words(line)) for line in chunk.splitlines())
            pages.append(Page(number=number, lines=lines))
        return cls(pages=tuple(pages), language=language, content_type="text/plain")


def _words(line: str) -> tuple[Word, ...]:
    return tuple(Word(text=token) for token in line.split())
