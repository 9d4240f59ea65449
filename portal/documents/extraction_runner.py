"""Reads one stored file with the extraction library, in a limited child process.

Each job thread keeps its own pool of one reader process (start-up is paid once, not per
document); a reader that breaks its time or memory limit, or crashes, is replaced and its
document gets a retryable failure. The readers die with the worker that started them.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from extraction import ExtractionConfig, ExtractionResult, IsolatedExtractor

_local = threading.local()


def _extractor(limits: ExtractionConfig) -> IsolatedExtractor:
    extractor: IsolatedExtractor | None = getattr(_local, "extractor", None)
    if extractor is not None and extractor.config != limits:
        extractor.close()
        extractor = None
    if extractor is None:
        extractor = IsolatedExtractor(limits, workers=1)
        extractor.start()
        _local.extractor = extractor
    return extractor


def run_extraction(path: Path, config: ExtractionConfig, filename: str) -> ExtractionResult:
    """Extract `path` (reported as `filename`); never raises for a bad document."""
    limits = replace(config, declared_type=None)
    return _extractor(limits).extract(path, filename, config)


def close_extractors() -> None:
    """Stop this thread's reader (tests, shutdown)."""
    extractor: IsolatedExtractor | None = getattr(_local, "extractor", None)
    if extractor is not None:
        extractor.close()
        _local.extractor = None
