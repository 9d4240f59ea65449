"""The public entry points: read a file, classify it, extract its fields.

Minimal first version: plain text and PDF text layers; the document-intelligence work replaces
the readers and extractors behind these same functions.
"""

from __future__ import annotations

from pathlib import Path

from extraction.analysis import analyse
from extraction.document import Line, Page, TextDocument
from extraction.types import ExtractionConfig, ExtractionResult


class ExtractionError(Exception):
    """A document that cannot be read; the message is shown to users as it is."""


def read_document(data: bytes, filename: str, config: ExtractionConfig) -> TextDocument:
    if data.startswith(b"%PDF-"):
        return _read_pdf_text(data, config)
    try:
        return TextDocument.from_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"{filename}: not a supported document type") from exc


def _read_pdf_text(data: bytes, config: ExtractionConfig) -> TextDocument:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError("the PDF is encrypted")
        if len(reader.pages) > config.max_pages:
            raise ExtractionError(f"the PDF has more than {config.max_pages} pages")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            pages.append(Page(number=number, lines=tuple(Line(t) for t in text.splitlines())))
    except PdfReadError as exc:
        raise ExtractionError(f"the PDF cannot be read: {exc}") from exc
    return TextDocument(pages=tuple(pages))


def extract_bytes(
    data: bytes, filename: str, config: ExtractionConfig | None = None
) -> ExtractionResult:
    """Extract one document given as bytes; never raises for a bad document."""
    config = config or ExtractionConfig()
    try:
        document = read_document(data, filename, config)
    except ExtractionError as exc:
        return ExtractionResult.failure(filename, str(exc))
    analysis = analyse(document, config)
    return ExtractionResult(
        file=filename,
        doc_type=analysis.doc_type,
        doc_type_confidence=analysis.doc_type_confidence,
        language=analysis.language,
        pages=len(document.pages),
        ocr_pages=sum(1 for page in document.pages if page.ocr),
        fields=analysis.fields,
        clauses=analysis.clauses,
        kpis=analysis.kpis,
    )


def extract_file(path: str | Path, config: ExtractionConfig | None = None) -> ExtractionResult:
    """Extract one document from a path; the result's ``file`` is the path as given."""
    config = config or ExtractionConfig()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ExtractionResult.failure(str(path), f"cannot read file: {exc.strerror}")
    result = extract_bytes(data, str(path), config)
    return result
