"""`portal extract`: one JSON object per file, one per line (DESIGN.md, Extraction contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from extraction.isolation import IsolatedExtractor
from extraction.types import ExtractionConfig, ExtractionResult


def format_table(result: ExtractionResult) -> str:
    rows = [
        f"{result.file}: {result.doc_type} ({result.language or '?'}), "
        f"{result.pages} pages, {result.ocr_pages} OCR"
    ]
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
    jobs: int = 1,
) -> int:
    """Extract every file, each in a limited child process; a bad file yields its errors and
    the batch goes on. Results are printed in the order of ``files``."""
    out = out or sys.stdout
    failures = 0
    with IsolatedExtractor(config, workers=min(max(1, jobs), max(1, len(files)))) as extractor:
        for result in extractor.extract_many(files):
            failures += bool(result.errors)
            if output_format == "json":
                out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            else:
                out.write(format_table(result) + "\n")
            out.flush()
    return 1 if failures else 0
