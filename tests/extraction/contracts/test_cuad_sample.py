"""A floor on real contracts: twenty CUAD contracts (see cuad_sample/README.md) read end to end,
scored against the lawyers' labels the way the CUAD benchmark scores them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from extraction.contracts.jurisdictions import canonical_jurisdiction

from .conftest import read_contract

SAMPLE = Path(__file__).parent / "cuad_sample"


def _answer_dates(answer: str) -> list[date]:
    found = []
    for month, day, year in re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", answer):
        found.append(date(int(year), int(month), int(day)))
    return found


def _f1(pairs: list[tuple[bool, bool]]) -> float:
    tp = sum(t and p for t, p in pairs)
    fp = sum(p and not t for t, p in pairs)
    fn = sum(t and not p for t, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.fixture(scope="module")
def scored() -> dict[str, float]:
    law_hits: list[bool] = []
    date_hits: list[bool] = []
    renewal: list[tuple[bool, bool]] = []
    convenience: list[tuple[bool, bool]] = []
    audit: list[tuple[bool, bool]] = []
    for line in (SAMPLE / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels = row["labels"]
        text = (SAMPLE / row["file"]).read_text(encoding="utf-8")
        result = read_contract(text)
        found = {k: v.value for k, v in {**result.fields, **result.clauses}.items()}
        law = labels["Governing Law"]["answer"]
        if law and canonical_jurisdiction(law):
            law_hits.append(found.get("governing_law") == canonical_jurisdiction(law))
        effective = _answer_dates(labels["Effective Date"]["answer"])
        if effective:
            date_hits.append(found.get("effective_date") in [d.isoformat() for d in effective])
        renewal.append((bool(labels["Renewal Term"]["answer"]), found.get("auto_renewal") is True))
        convenience.append(
            (
                bool(labels["Termination for Convenience"]["spans"]),
                "termination_notice_days" in found,
            )
        )
        audit.append((bool(labels["Audit Rights"]["spans"]), found.get("audit_rights") is True))
    return {
        "governing_law": sum(law_hits) / len(law_hits),
        "effective_date": sum(date_hits) / len(date_hits),
        "auto_renewal": _f1(renewal),
        "termination_for_convenience": _f1(convenience),
        "audit_rights": _f1(audit),
    }


@pytest.mark.parametrize(
    ("metric", "floor"),
    [
        ("governing_law", 0.85),
        ("effective_date", 0.85),
        ("auto_renewal", 0.6),
        ("termination_for_convenience", 0.8),
        ("audit_rights", 0.7),
    ],
)
def test_cuad_sample_scores_stay_above_their_floor(scored, metric, floor):
    assert scored[metric] >= floor, scored
