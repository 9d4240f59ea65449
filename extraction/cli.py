"""`portal extract`: one JSON object per file, one per line (DESIGN.md, Extraction contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from extraction.pipeline import extract_file
from extraction.types import ExtractionConfig, ExtractionResult


def format_table(result: ExtractionResult) -> str:
    rows = [f"{result.file}: {result.doc_type} ({result.language or '?'}), {result.pages} pages"]
    for section in (result.fields, result.clauses, result.kpis):
        for name, value in section.items():
            rows.append(f"  {name:<28} {value.value!s:<30} {value.confidence:.2f}  p{value.page}")
    rows.extend(f"  error: {error}" for error in result.errors)
    return "\n".join(rows)


def run(
    files: Sequence[str],
    output_format: str = "json",
    config: ExtractionConfig | None = None,
    out: TextIO | None = None,
) -> int:
    """Extract every file in turn; a bad file yields its errors and the batch goes on."""
    out = out or sys.stdout
    failures = 0
    for path in files:
        result = extract_file(path, config)
        failures += bool(result.errors)
        if output_format == "json":
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            out.write(format_table(result) + "\n")
        out.flush()
    return 1 if failures else 0
