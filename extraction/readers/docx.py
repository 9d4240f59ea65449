"""DOCX: paragraphs and table rows as lines; explicit and last-rendered page breaks as pages.

The ZIP central directory is checked before any entry is decompressed (entry count, total
uncompressed size, compression ratio), and XML is parsed with defusedxml, which refuses DTDs
and entities (billion laughs, external entities).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from extraction.document import Line, Page, TextDocument, Word
from extraction.errors import ExtractionError
from extraction.readers.sniff import DOCX
from extraction.types import ExtractionConfig

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
# Entries this small may compress better than MAX_RATIO without being bombs.
RATIO_EXEMPT_BYTES = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse ZIP bombs from the central directory alone, before anything is inflated."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ExtractionError(
            f"the DOCX has {len(entries)} parts; at most {MAX_ENTRIES} are accepted"
        )
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ExtractionError("the DOCX unpacks to more than 200 MB and is refused (ZIP bomb)")
    for entry in entries:
        if entry.file_size > RATIO_EXEMPT_BYTES and entry.file_size > MAX_RATIO * max(
            1, entry.compress_size
        ):
            raise ExtractionError(
                f"the DOCX part {entry.filename!r} is compressed more than {MAX_RATIO}:1 "
                "and is refused (ZIP bomb)"
            )
    if total > RATIO_EXEMPT_BYTES and total > MAX_RATIO * max(1, packed):
        raise ExtractionError(
            f"the DOCX is compressed more than {MAX_RATIO}:1 and is refused (ZIP bomb)"
        )


def _parse_part(archive: zipfile.ZipFile, name: str) -> Element | None:
    try:
        raw = archive.read(name)
    except KeyError:
        return None
    try:
        root: Element = safe_xml.fromstring(raw)
    except DefusedXmlException as exc:
        raise ExtractionError("the DOCX contains XML entities or a DTD, which are refused") from exc
    except safe_xml.ParseError as exc:
        raise ExtractionError(f"the DOCX part {name} is not well-formed XML") from exc
    return root


def _run_text(run: Element) -> Iterator[str]:
    for child in run:
        if child.tag == f"{_W}t" and child.text:
            yield child.text
        elif child.tag == f"{_W}tab":
            yield "\t"
        elif child.tag in (f"{_W}br", f"{_W}cr") and child.get(f"{_W}type") != "page":
            yield "\n"


def _paragraph_breaks(paragraph: Element) -> bool:
    for element in paragraph.iter():
        if element.tag == f"{_W}br" and element.get(f"{_W}type") == "page":
            return True
        if element.tag == f"{_W}lastRenderedPageBreak":
            return True
        if element.tag == f"{_W}pageBreakBefore" and element.get(f"{_W}val", "true") != "false":
            return True
    return False


def _paragraph_text(paragraph: Element) -> str:
    return "".join(text for run in paragraph.iter(f"{_W}r") for text in _run_text(run))


class _Pages:
    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]

    def add(self, text: str) -> None:
        for line in text.split("\n"):
            if line.strip():
                self.pages[-1].append(line.strip())

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])


def _walk_body(body: Element, pages: _Pages) -> None:
    for block in body:
        if block.tag == f"{_W}p":
            if _paragraph_breaks(block):
                pages.new_page()
            pages.add(_paragraph_text(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = []
                for cell in row.iter(f"{_W}tc"):
                    cells.append(" ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip())
                pages.add("\t".join(c for c in cells if c))
        elif block.tag == f"{_W}sdt":
            content = block.find(f"{_W}sdtContent")
            if content is not None:
                _walk_body(content, pages)


class DocxReader:
    """Reads Word documents (OOXML)."""

    name: str = "docx"
    content_types: tuple[str, ...] = (DOCX,)
    score: int = 10

    def read(self, data: bytes, config: ExtractionConfig) -> TextDocument:
        """Paragraphs and tables of the main document, headers on the first page."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_archive(archive)
                document = _parse_part(archive, "word/document.xml")
                headers = [
                    _parse_part(archive, name)
                    for name in sorted(archive.namelist())
                    if name.startswith("word/header") and name.endswith(".xml")
                ]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
            raise ExtractionError("the DOCX is damaged and cannot be read") from exc
        if document is None:
            raise ExtractionError("the DOCX has no document part")
        body = document.find(f"{_W}body")
        pages = _Pages()
        for header in headers:
            if header is not None:
                _walk_body(header, pages)
        if body is not None:
            _walk_body(body, pages)
        if len(pages.pages) > config.max_pages:
            raise ExtractionError(f"the DOCX has more than {config.max_pages} pages")
        return TextDocument(
            tuple(
                Page(
                    number,
                    tuple(Line(text, tuple(Word(w) for w in text.split())) for text in lines),
                )
                for number, lines in enumerate(pages.pages, start=1)
            ),
            content_type=DOCX,
        )
