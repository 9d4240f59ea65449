"""Understanding a read document: language, type, fields, clauses and KPIs.

The steps are small and independent: detect the language, classify, then run the extractors the
type carries. Every value comes with its evidence (page, text, box).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extraction.classify import classify
from extraction.contracts import extract_contract
from extraction.dates import find_dates
from extraction.document import Line, Page, TextDocument, Word
from extraction.fields.date_fields import extract_date_fields
from extraction.fields.evidence import field_value
from extraction.fields.financials import extract_financials
from extraction.fields.identifiers import extract_document_number, extract_scope, extract_standard
from extraction.fields.kpis import extract_kpis
from extraction.fields.parties import extract_parties
from extraction.language import detect_language
from extraction.text import clean
from extraction.types import ExtractionConfig, FieldValue

NAMED_TYPES = frozenset(
    {
        "business_licence",
        "certification",
        "insurance_certificate",
        "audit_report",
        "financial_statement",
        "self_report",
    }
)
NUMBERED_TYPES = frozenset(
    {"business_licence", "certification", "insurance_certificate", "audit_report"}
)
STANDARD_TYPES = frozenset({"certification", "audit_report"})
SCOPE_TYPES = frozenset({"certification", "business_licence"})


@dataclass(frozen=True)
class Analysis:
    doc_type: str
    doc_type_confidence: float = 0.0
    language: str | None = None
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    clauses: Mapping[str, FieldValue] = field(default_factory=dict)
    kpis: Mapping[str, FieldValue] = field(default_factory=dict)


def cleaned(document: TextDocument) -> TextDocument:
    """The document without control characters that some PDF producers leave in text."""
    if not any(clean(line.text) != line.text for page in document.pages for line in page.lines):
        return document
    pages = []
    for page in document.pages:
        lines = tuple(
            Line(
                clean(line.text), tuple(Word(clean(w.text), w.bbox) for w in line.words), line.bbox
            )
            for line in page.lines
        )
        pages.append(Page(page.number, lines, page.ocr, page.width, page.height))
    return TextDocument(tuple(pages), document.language)


def _fiscal_year_from_headers(document: TextDocument) -> FieldValue | None:
    """The latest date of a column header row ("31.12.2025  31.12.2024")."""
    for page in document.pages:
        for index, line in enumerate(page.lines):
            mentions = find_dates(line.text, page.number, index)
            if len(mentions) >= 2:
                latest = max(mentions, key=lambda m: m.value)
                return field_value(
                    document,
                    latest.value.isoformat(),
                    0.72,
                    page.number,
                    index,
                    latest.start,
                    latest.end,
                )
    return None


def extract_fields(
    document: TextDocument, doc_type: str, language: str | None, config: ExtractionConfig
) -> tuple[dict[str, FieldValue], dict[str, FieldValue]]:
    """The fields and KPIs a document of ``doc_type`` carries."""
    fields: dict[str, FieldValue] = {}
    kpis: dict[str, FieldValue] = {}
    fields.update(extract_date_fields(document, doc_type, language, config))
    if doc_type in NAMED_TYPES:
        fields.update(extract_parties(document, doc_type))
    if doc_type in NUMBERED_TYPES:
        number = extract_document_number(document, doc_type)
        if number:
            fields["document_number"] = number
    if doc_type in STANDARD_TYPES:
        standard = extract_standard(document, doc_type)
        if standard:
            fields["standard"] = standard
    if doc_type in SCOPE_TYPES:
        scope = extract_scope(document)
        if scope:
            fields["scope"] = scope
    if doc_type == "financial_statement":
        fields.update(extract_financials(document))
        if "fiscal_year_end" not in fields:
            fallback = fields.pop("period_end", None) or _fiscal_year_from_headers(document)
            if fallback:
                fields["fiscal_year_end"] = fallback
    if doc_type == "self_report":
        kpis.update(extract_kpis(document))
    return fields, kpis


def analyse(document: TextDocument, config: ExtractionConfig) -> Analysis:
    """Classify the document and extract what its type carries."""
    document = cleaned(document)
    language = document.language or detect_language(document.text, config.languages)
    if config.declared_type:
        doc_type, confidence = config.declared_type, 1.0
    else:
        classification = classify(document)
        doc_type, confidence = classification.doc_type, classification.confidence
    fields: dict[str, FieldValue] = {}
    clauses: dict[str, FieldValue] = {}
    kpis: dict[str, FieldValue] = {}
    if doc_type == "contract":
        contract = extract_contract(document, config)
        fields.update(contract.fields)
        clauses.update(contract.clauses)
    else:
        fields, kpis = extract_fields(document, doc_type, language, config)
    return Analysis(doc_type, confidence, language, fields, clauses, kpis)
