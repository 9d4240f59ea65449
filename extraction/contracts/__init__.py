"""Contract intelligence: parties, term, dates and clauses from a contract's text.

The contract is read once (:class:`ContractContext`: text, numbered sections, sentences), then
each reader looks for its values in the sentences and sections they belong to. Every value is
returned with its page, evidence text and, where the document has them, its box.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from extraction.contracts.commercial import extract_payment_terms, extract_sla_uptime
from extraction.contracts.compliance import (
    extract_audit_rights,
    extract_data_transfer_mechanism,
    extract_force_majeure,
)
from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.law import extract_dispute_forum, extract_governing_law
from extraction.contracts.liability import extract_liability_cap
from extraction.contracts.parties import extract_parties
from extraction.contracts.renewal import read_renewal
from extraction.contracts.response_times import extract_response_times
from extraction.contracts.term import read_term
from extraction.contracts.termination import extract_termination_for_convenience
from extraction.document import TextDocument
from extraction.types import ExtractionConfig, FieldValue

FIELD_NAMES = (
    "holder_name",
    "parties",
    "effective_date",
    "expiry_date",
    "initial_term_months",
    "renewal_deadline",
)

ClauseReader = Callable[[ContractContext], dict[str, Finding]]
CLAUSE_READERS: tuple[ClauseReader, ...] = (
    extract_parties,
    extract_governing_law,
    extract_dispute_forum,
    extract_termination_for_convenience,
    extract_liability_cap,
    extract_audit_rights,
    extract_data_transfer_mechanism,
    extract_force_majeure,
    extract_payment_terms,
    extract_sla_uptime,
    extract_response_times,
)


@dataclass(frozen=True)
class ContractResult:
    """The contract's `fields` and `clauses`, each value with its evidence."""

    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    clauses: Mapping[str, FieldValue] = field(default_factory=dict)


def extract_contract(document: TextDocument, config: ExtractionConfig) -> ContractResult:
    """Read the fields and clauses of a contract (DESIGN.md: `fields` and `clauses`)."""
    if not any(line.text.strip() for page in document.pages for line in page.lines):
        return ContractResult()
    ctx = ContractContext(document, document.language)
    findings: dict[str, Finding] = {}
    term_findings, term = read_term(ctx)
    findings.update(term_findings)
    findings.update(read_renewal(ctx, term, config.today or date.today()))
    for reader in CLAUSE_READERS:
        findings.update(reader(ctx))
    fields = {name: ctx.field(f) for name, f in findings.items() if name in FIELD_NAMES}
    clauses = {name: ctx.field(f) for name, f in findings.items() if name not in FIELD_NAMES}
    return ContractResult(fields, clauses)
