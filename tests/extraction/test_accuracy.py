"""Accuracy floors on generated documents (text PDFs through the real reader and analysis).

Both template families are scored: ``dev`` (the wordings the rules were written against) and
``eval`` (held-out wordings and layouts). `make bench-extraction` measures more documents and
the scanned variants; this keeps a small corpus so that the suite stays fast.
"""

from collections import defaultdict

import pytest

from extraction import extract_bytes
from tests.fixtures.documents import LANGUAGES, generate_corpus
from tests.fixtures.documents.scoring import Outcome, score

SEED = 11
TYPES = (
    "business_licence",
    "certification",
    "insurance_certificate",
    "audit_report",
    "financial_statement",
    "self_report",
    "contract",
    "other",
)


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    found: list[Outcome] = []
    for family in ("dev", "eval"):
        for document in generate_corpus(SEED, 1, family):
            result = extract_bytes(document.text_pdf(), f"{document.id}.pdf")
            assert not result.errors, result.errors
            found.extend(score(document, "text", result))
    return found


def _accuracy(outcomes: list[Outcome], **where: str) -> float:
    selected = [
        o
        for o in outcomes
        if all(
            {"type": o.document.doc_type, "language": o.document.language, "field": o.field}[k] == v
            for k, v in where.items()
        )
    ]
    assert selected, where
    return sum(o.correct for o in selected) / len(selected)


def _failures(outcomes: list[Outcome], **where: str) -> list[str]:
    return [
        f"{o.document.id} {o.field}: got {o.got!r}, expected {o.expected!r}"
        for o in outcomes
        if not o.correct
        and all(
            {"type": o.document.doc_type, "language": o.document.language, "field": o.field}[k] == v
            for k, v in where.items()
        )
    ]


def test_document_type_is_right_for_nearly_every_document(outcomes):
    assert _accuracy(outcomes, field="doc_type") >= 0.95, _failures(outcomes, field="doc_type")


def test_expiry_dates_are_right(outcomes):
    assert _accuracy(outcomes, field="expiry_date") >= 0.95, _failures(
        outcomes, field="expiry_date"
    )


@pytest.mark.parametrize("doc_type", TYPES)
def test_field_accuracy_floor_per_type(outcomes, doc_type):
    assert _accuracy(outcomes, type=doc_type) >= 0.85, _failures(outcomes, type=doc_type)


@pytest.mark.parametrize("language", LANGUAGES)
def test_field_accuracy_floor_per_language(outcomes, language):
    assert _accuracy(outcomes, language=language) >= 0.85, _failures(outcomes, language=language)


@pytest.mark.parametrize(
    "field", ("total_liabilities", "current_assets", "current_liabilities", "total_equity")
)
def test_balance_sheet_figures_are_right_in_every_language(outcomes, field):
    # One statement per language and family: each language's wordings, both column orders.
    assert _accuracy(outcomes, type="financial_statement", field=field) >= 0.9, _failures(
        outcomes, field=field
    )


def test_confident_values_are_more_often_right_than_unsure_ones(outcomes):
    high = [o.correct for o in outcomes if o.field != "doc_type" and (o.confidence or 0) >= 0.8]
    low = [
        o.correct
        for o in outcomes
        if o.field != "doc_type" and o.confidence is not None and o.confidence < 0.8
    ]
    assert sum(high) / len(high) >= 0.9
    if len(low) >= 5:
        assert sum(low) / len(low) <= sum(high) / len(high)


def test_every_extracted_value_carries_evidence(outcomes):
    seen = defaultdict(int)
    for outcome in outcomes:
        if outcome.got is not None and outcome.field != "doc_type":
            seen["values"] += 1
    assert seen["values"] > 100
