"""Vendor Portal's document-intelligence library: framework-free, usable on its own.

>>> from extraction import extract_isolated
>>> extract_isolated("certificate.pdf").to_json()

``extract_isolated`` (and :class:`IsolatedExtractor` for batches and long-lived workers) reads
the document in a child process with memory, CPU and wall-clock limits: use it for anything
uploaded. ``extract_file`` and ``extract_bytes`` run in the calling process.
"""

from extraction.isolation import IsolatedExtractor, extract_isolated
from extraction.pipeline import ExtractionError, extract_bytes, extract_file
from extraction.types import DOC_TYPES, ExtractionConfig, ExtractionResult, FieldValue

__all__ = [
    "DOC_TYPES",
    "ExtractionConfig",
    "ExtractionError",
    "ExtractionResult",
    "FieldValue",
    "IsolatedExtractor",
    "extract_bytes",
    "extract_file",
    "extract_isolated",
]
