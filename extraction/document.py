"""The text model every reader produces and every extractor reads: pages of lines of words."""

from __future__ import annotations

from dataclasses import dataclass

from extraction.types import BBox


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox | None = None


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

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class TextDocument:
    pages: tuple[Page, ...]
    language: str | None = None

    @property
    def text(self) -> str:
        return "\n\f".join(page.text for page in self.pages)

    @classmethod
    def from_text(cls, text: str, language: str | None = None) -> TextDocument:
        """Plain text: form feeds separate pages; no boxes."""
        pages = []
        for number, chunk in enumerate(text.split("\f"), start=1):
            lines = tuple(Line(text=line) for line in chunk.splitlines())
            pages.append(Page(number=number, lines=lines))
        return cls(pages=tuple(pages), language=language)
