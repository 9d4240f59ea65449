"""Vendor Portal's document-intelligence library: framework-free, usable on its own.

>>> from extraction import extract_file
>>> extract_file("certificate.pdf").to_json()
"""

from extraction.pipeline import ExtractionError, extract_bytes, extract_file
from extraction.types import DOC_TYPES, ExtractionConfig, ExtractionResult, FieldValue

__all__ = [
    "DOC_TYPES",
    "ExtractionConfig",
    "ExtractionError",
    "ExtractionResult",
    "FieldValue",
    "extract_bytes",
    "extract_file",
]
