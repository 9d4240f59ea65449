"""Frozen types handed into and out of the extraction library.

The portal builds an :class:`ExtractionConfig` and passes it in; the library never reads framework
settings. Results are frozen and turn into the JSON contract of DESIGN.md with ``to_json()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

DOC_TYPES: tuple[str, ...] = (
    "business_licence",
    "certification",
    "insurance_certificate",
    "audit_report",
    "financial_statement",
    "self_report",
    "contract",
    "other",
)

BBox = tuple[float, float, float, float]
Value = str | int | float | bool | list[str] | None


@dataclass(frozen=True)
class ExtractionConfig:
    """Everything the library needs to know about its environment, passed in explicitly."""

    languages: tuple[str, ...] = ("en", "zh", "de", "fr", "es")
    ocr: bool = True
    tesseract_cmd: str = "tesseract"
    ocr_dpi: int = 300
    max_pages: int = 500
    max_image_pixels: int = 80_000_000
    max_file_bytes: int = 50 * 1024 * 1024
    # Limits applied to the child process that reads one document.
    timeout_seconds: float = 180.0
    memory_limit_mb: int = 1536
    cpu_seconds: int = 300
    # Reference day for validity rules ("expired", "issued in the future"); None means today.
    today: date | None = None
    country_hint: str | None = None
    declared_type: str | None = None


@dataclass(frozen=True)
class FieldValue:
    """One extracted value with its evidence."""

    value: Value
    confidence: float = 0.0
    page: int | None = None
    evidence: str = ""
    bbox: BBox | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "evidence": self.evidence,
        }
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out


def _frozen(mapping: Mapping[str, FieldValue] | None) -> Mapping[str, FieldValue]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class ExtractionResult:
    """What one file yielded: type, language, fields, clauses, KPIs and any errors."""

    file: str
    doc_type: str = "other"
    language: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    fields: Mapping[str, FieldValue] = field(default_factory=lambda: _frozen(None))
    clauses: Mapping[str, FieldValue] = field(default_factory=lambda: _frozen(None))
    kpis: Mapping[str, FieldValue] = field(default_factory=lambda: _frozen(None))
    errors: tuple[str, ...] = ()
    doc_type_confidence: float = 0.0
    # True when the failure was the reader's, not the document's (out of time or memory, a
    # crash): trying again may succeed. Not part of the JSON contract.
    retryable: bool = False

    def __post_init__(self) -> None:
        for name in ("fields", "clauses", "kpis"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _frozen(value))

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the `portal extract` contract (DESIGN.md)."""
        return {
            "file": self.file,
            "doc_type": self.doc_type,
            "language": self.language,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "clauses": {k: v.to_json() for k, v in self.clauses.items()},
            "kpis": {k: v.to_json() for k, v in self.kpis.items()},
            "errors": list(self.errors),
        }

    @classmethod
    def failure(cls, file: str, message: str, retryable: bool = False) -> ExtractionResult:
        return cls(file=file, errors=(message,), retryable=retryable)
