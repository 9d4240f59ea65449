"""Calls the extraction library for one stored file.

The library's isolated entry point runs the document in a child process with memory, CPU and
wall-clock limits, so a hostile file can only fail its own document.
"""

from __future__ import annotations

from pathlib import Path

from extraction import ExtractionConfig, ExtractionResult, extract_file


def run_extraction(path: Path, config: ExtractionConfig) -> ExtractionResult:
    return extract_file(path, config)
