"""Readers turn a document's bytes into a :class:`TextDocument`, chosen by content type.

A reader declares the MIME types it takes and a score; the registry picks the best-scoring
reader for the type sniffed from the bytes. Add a format by adding a reader, not an ``if``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from extraction.document import TextDocument
from extraction.errors import ExtractionError
from extraction.readers.sniff import sniff_content_type
from extraction.types import ExtractionConfig


@runtime_checkable
class Reader(Protocol):
    """The parser contract: what it is called, which types it takes, how much it is preferred."""

    name: str
    content_types: tuple[str, ...]
    score: int

    def read(self, data: bytes, config: ExtractionConfig) -> TextDocument:
        """Read the document; raise :class:`ExtractionError` with a clear message if it cannot."""
        ...


class ReaderRegistry:
    """Readers by content type; the highest score wins."""

    def __init__(self, readers: Sequence[Reader] = ()) -> None:
        self._readers: list[Reader] = list(readers)

    def register(self, reader: Reader) -> None:
        self._readers.append(reader)

    def reader_for(self, content_type: str) -> Reader:
        """The best reader for ``content_type``; raises when no reader takes it."""
        candidates = [r for r in self._readers if content_type in r.content_types]
        if not candidates:
            raise ExtractionError(f"no reader for documents of type {content_type}")
        return max(candidates, key=lambda reader: reader.score)

    @property
    def content_types(self) -> frozenset[str]:
        return frozenset(t for reader in self._readers for t in reader.content_types)


def default_registry() -> ReaderRegistry:
    """The readers shipped with the library."""
    from extraction.readers.docx import DocxReader
    from extraction.readers.image import ImageReader
    from extraction.readers.pdf import PdfReader
    from extraction.readers.plain import PlainTextReader

    return ReaderRegistry([PdfReader(), ImageReader(), DocxReader(), PlainTextReader()])


def read_document(
    data: bytes, config: ExtractionConfig, registry: ReaderRegistry | None = None
) -> TextDocument:
    """Sniff the content type, refuse what is not accepted, and read with the best reader."""
    if len(data) > config.max_file_bytes:
        raise ExtractionError(
            f"the file is larger than {config.max_file_bytes // (1024 * 1024)} MB"
        )
    content_type = sniff_content_type(data)
    reader = (registry or default_registry()).reader_for(content_type)
    return reader.read(data, config)


__all__ = ["ExtractionError", "Reader", "ReaderRegistry", "default_registry", "read_document"]
