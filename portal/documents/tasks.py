"""Background jobs of the documents feature (payloads are ids only)."""

from __future__ import annotations

from portal.core.queue import job
from portal.documents import processing


@job(processing.EXTRACT_JOB)
def extract_document(document_id: int) -> None:
    processing.extract_document(document_id)
