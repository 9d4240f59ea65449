"""Contract intelligence: parties, term, dates and clauses from a contract's text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extraction.document import TextDocument
from extraction.types import ExtractionConfig, FieldValue


@dataclass(frozen=True)
class ContractResult:
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    clauses: Mapping[str, FieldValue] = field(default_factory=dict)


def extract_contract(document: TextDocument, config: ExtractionConfig) -> ContractResult:
    """Read the fields and clauses of a contract (filled in by the contract-intelligence work)."""
    return ContractResult()
