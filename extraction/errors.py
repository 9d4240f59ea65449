"""The one exception the reading steps raise for a document they cannot read."""

from __future__ import annotations


class ExtractionError(Exception):
    """A document that cannot be read; the message is shown to users as it is."""
