"""Changing an extracted field: the vendor's flag, the reviewer's accept / correct / absent.

Every change names the version it saw (optimistic concurrency): of two people deciding the same
field at once one wins and the other gets `StaleField` (409). Each change adds a revision to the
field's history and an audit row, in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, update

from portal.audit.service import record
from portal.core.context import current_actor
from portal.core.db import db, utcnow
from portal.documents.models import REVIEW_STATUSES, ExtractedField, FieldRevision

_UNCHANGED: Any = object()


class StaleField(Exception):
    """Someone changed the field since it was shown; reload and decide again."""

    status = 409


@dataclass(frozen=True)
class FieldChange:
    value: Any = _UNCHANGED
    review_status: str | None = None
    vendor_note: Any = _UNCHANGED
    note: str | None = None


def change_field(
    field: ExtractedField, expected_version: int, change: FieldChange, source: str
) -> ExtractedField:
    """Apply `change` if the field is still at `expected_version`; raise StaleField otherwise."""
    if change.review_status is not None and change.review_status not in REVIEW_STATUSES:
        raise ValueError(f"unknown review status {change.review_status!r}")
    values: dict[str, Any] = {"version": ExtractedField.version + 1, "updated_at": utcnow()}
    before = {"value": field.value, "review_status": field.review_status}
    if change.value is not _UNCHANGED:
        values["value"] = change.value
        values["source"] = source
    if change.review_status is not None:
        values["review_status"] = change.review_status
    if change.vendor_note is not _UNCHANGED:
        values["vendor_note"] = change.vendor_note
        values["flagged_at"] = utcnow() if change.vendor_note else None
    actor = current_actor()
    if source == "reviewer":
        values["reviewer_id"] = actor.user_id
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(ExtractedField)
        .where(ExtractedField.id == field.id, ExtractedField.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleField(f"field {field.name} changed since version {expected_version}")
    db.session.refresh(field)
    db.session.add(
        FieldRevision(
            field_id=field.id,
            version=field.version,
            value=field.value,
            review_status=field.review_status,
            source=source,
            actor_user_id=actor.user_id,
            note=change.note,
        )
    )
    document = field.document
    record(
        "field.changed",
        vendor_id=document.vendor_id,
        object_type="field",
        object_id=field.id,
        document_id=document.id,
        name=field.name,
        before=before,
        after={"value": field.value, "review_status": field.review_status},
        source=source,
        note=change.note,
    )
    return field
