"""Background jobs of the review feature (payloads are ids only)."""

from __future__ import annotations

from flask import current_app

from portal.core.queue import job
from portal.documents.processing import PRERENDER_JOB
from portal.review import pages


@job(PRERENDER_JOB)
def prerender(document_id: int) -> None:
    """Draw an extracted document's first pages, so that its review opens at once."""
    pages.prerender(document_id, current_app.config["PORTAL"].prerender_pages)
