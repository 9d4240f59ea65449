"""What a vendor does with a document once it is read: choose its kind, flag wrong values,
send it for review. Services only flush; the view commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, update

from portal.audit.service import record
from portal.core.db import db, utcnow
from portal.documents.fields import FieldChange, StaleField, change_field
from portal.documents.lifecycle import IN_FLIGHT, check_transition
from portal.documents.models import Document, ExtractedField
from portal.i18n import lazy_gettext as _l
from portal.requirements.catalog import KINDS, kind_for_extraction
from portal.review.fields import refresh_review_summary
from portal.review.queue import review_due_date

# States in which the vendor may still flag values and send the document (again) for review.
CHECKABLE = ("extracted", "changes_requested")
NOTE_LIMIT = 1000


class VendorActionRefused(Exception):
    """The action does not fit the document's state or the input; `status` for the view."""

    status = 409

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(VendorActionRefused):
    status = 400


class StaleDocument(VendorActionRefused):
    """Someone (or another tab) changed the document since the page was shown."""


def suggested_kind(document: Document) -> str | None:
    """The kind the vendor chose, or the one the extracted type and standard point to."""
    if document.kind:
        return document.kind
    standard = next((f.value for f in document.fields if f.name == "standard"), None)
    return kind_for_extraction(
        document.detected_type, standard if isinstance(standard, str) else None
    )


def submit_for_review(document: Document, expected_version: int, kind: str | None) -> Document:
    """`extracted` (or `changes_requested`) → `in_review`, once extraction has finished."""
    if document.state in IN_FLIGHT:
        raise VendorActionRefused(
            _l("The document is still being read. Send it for review when reading has finished.")
        )
    if document.state not in CHECKABLE:
        raise VendorActionRefused(_l("This document cannot be sent for review in its state."))
    kind = kind or document.kind
    if kind is None or kind not in KINDS:
        raise InvalidInput(_l("Choose what kind of document this is before sending it."))
    check_transition(document.state, "in_review")
    before = document.state
    now = utcnow()
    values: dict[str, Any] = {
        "state": "in_review",
        "submitted_at": now,
        "review_due_on": review_due_date(document, now),
        "version": Document.version + 1,
        "updated_at": now,
    }
    if kind != document.kind:
        values["kind"] = kind
        values["declared_type"] = KINDS[kind].doc_type if kind != "other" else None
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Document)
        .where(
            Document.id == document.id,
            Document.version == expected_version,
            Document.state == before,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleDocument(
            _l("The document changed since you opened it. Reload the page and try again.")
        )
    refresh_review_summary(document.id)
    db.session.refresh(document)
    record(
        "document.state_changed",
        vendor_id=document.vendor_id,
        object_type="document",
        object_id=document.id,
        before=before,
        after="in_review",
        reason="sent for review by the vendor",
        kind=kind,
    )
    return document


def flag_field(field: ExtractedField, expected_version: int, note: str) -> ExtractedField:
    """Mark a value as wrong with the vendor's note (an empty note takes the flag back)."""
    document = field.document
    if document.state not in CHECKABLE:
        raise VendorActionRefused(
            _l("Values can only be flagged before the document is sent for review.")
        )
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(_l("Keep the note under %(n)d characters.", n=NOTE_LIMIT))
    try:
        return change_field(
            field,
            expected_version,
            FieldChange(vendor_note=note or None, note="flagged by the vendor" if note else None),
            "vendor",
        )
    except StaleField:
        raise StaleDocument(
            _l("This value changed since you opened the page. Reload the page and try again.")
        ) from None
