"""Understanding a read document: language, type, fields, clauses and KPIs.

Minimal first version; the document-intelligence work replaces the classifier and adds the
field extractors behind `analyse`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extraction.contracts import extract_contract
from extraction.document import TextDocument
from extraction.types import ExtractionConfig, FieldValue


@dataclass(frozen=True)
class Analysis:
    doc_type: str
    doc_type_confidence: float = 0.0
    language: str | None = None
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    clauses: Mapping[str, FieldValue] = field(default_factory=dict)
    kpis: Mapping[str, FieldValue] = field(default_factory=dict)


def classify(document: TextDocument) -> tuple[str, float]:
    text = document.text.lower()
    if "agreement" in text or "contract" in text:
        return "contract", 0.5
    return "other", 0.2


def analyse(document: TextDocument, config: ExtractionConfig) -> Analysis:
    """Classify the document and extract what its type carries."""
    if config.declared_type:
        doc_type, confidence = config.declared_type, 1.0
    else:
        doc_type, confidence = classify(document)
    fields: dict[str, FieldValue] = {}
    clauses: dict[str, FieldValue] = {}
    if doc_type == "contract":
        contract = extract_contract(document, config)
        fields.update(contract.fields)
        clauses.update(contract.clauses)
    return Analysis(doc_type, confidence, document.language, fields, clauses)
