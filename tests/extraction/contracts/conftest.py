"""Helpers for the contract tests: run the contract reader on text and get plain values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extraction.contracts import ContractResult, extract_contract
from extraction.document import TextDocument
from extraction.types import ExtractionConfig, Value

FIXTURES = Path(__file__).parent / "fixtures"


def read_contract(text: str, today: date = date(2024, 6, 1)) -> ContractResult:
    return extract_contract(TextDocument.from_text(text), ExtractionConfig(today=today))


def values(text: str, today: date = date(2024, 6, 1)) -> dict[str, Value]:
    result = read_contract(text, today)
    return {name: v.value for name, v in {**result.fields, **result.clauses}.items()}


@pytest.fixture(scope="session")
def fixture_text():
    def load(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return load
