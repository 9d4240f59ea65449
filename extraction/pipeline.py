"""The public entry points: read a file, classify it, extract its fields.

``extract_bytes`` and ``extract_file`` run in the calling process; ``extract_isolated``
(extraction.isolation) runs the same steps in a child process with memory, CPU and time limits,
which is how untrusted uploads must be read.
"""

from __future__ import annotations

from pathlib import Path

from extraction.analysis import analyse
from extraction.document import TextDocument
from extraction.errors import ExtractionError
from extraction.readers import read_document as _read_with_registry
from extraction.types import ExtractionConfig, ExtractionResult

__all__ = ["ExtractionError", "extract_bytes", "extract_file", "read_document", "read_file_bytes"]


def read_document(data: bytes, filename: str, config: ExtractionConfig) -> TextDocument:
    """Bytes to text: type by content, the best reader for it, OCR where pages need it.

    A document in which no page yields any text (blank scans, empty or broken pages) is refused
    here, so that it fails with a reason instead of passing on as an empty success.
    """
    document = _read_with_registry(data, config)
    if not any(line.text.strip() for page in document.pages for line in page.lines):
        raise ExtractionError("no text could be read from the document (its pages are blank)")
    return document


def read_file_bytes(path: str | Path, config: ExtractionConfig) -> bytes:
    """A file's bytes, refusing files over ``max_file_bytes`` before reading them."""
    try:
        size = Path(path).stat().st_size
        if size > config.max_file_bytes:
            raise ExtractionError(
                f"the file is larger than {config.max_file_bytes // (1024 * 1024)} MB"
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc


def result_from_document(
    document: TextDocument, filename: str, config: ExtractionConfig
) -> ExtractionResult:
    """Analyse a read document into the result of the JSON contract."""
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


def extract_bytes(
    data: bytes, filename: str, config: ExtractionConfig | None = None
) -> ExtractionResult:
    """Extract one document given as bytes; never raises for a bad document."""
    config = config or ExtractionConfig()
    try:
        document = read_document(data, filename, config)
    except ExtractionError as exc:
        return ExtractionResult.failure(filename, str(exc))
    return result_from_document(document, filename, config)


def extract_file(path: str | Path, config: ExtractionConfig | None = None) -> ExtractionResult:
    """Extract one document from a path; the result's ``file`` is the path as given."""
    config = config or ExtractionConfig()
    try:
        data = read_file_bytes(path, config)
    except ExtractionError as exc:
        return ExtractionResult.failure(str(path), str(exc))
    return extract_bytes(data, str(path), config)
