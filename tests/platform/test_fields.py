"""Changing a field: optimistic concurrency, history, audit."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.context import Actor, acting_as
from portal.core.db import db
from portal.documents.fields import FieldChange, StaleField, change_field
from portal.documents.models import Document, ExtractedField, FieldRevision

pytestmark = pytest.mark.both_backends


@pytest.fixture
def field(app, vendor_a):
    document = Document(
        vendor_id=vendor_a.id,
        original_filename="c.pdf",
        storage_key="k/1",
        sha256="0" * 64,
        size=1,
        media_type="application/pdf",
        state="in_review",
    )
    db.session.add(document)
    db.session.flush()
    item = ExtractedField(document_id=document.id, name="expiry_date", value="2027-03-31")
    db.session.add(item)
    db.session.commit()
    return item


def test_a_correction_bumps_the_version_and_keeps_the_history(field, reviewer_user):
    with acting_as(Actor(user_id=reviewer_user.id)):
        change_field(
            field,
            1,
            FieldChange(value="2027-04-30", review_status="corrected", note="scan"),
            "reviewer",
        )
    db.session.commit()
    assert (field.version, field.value, field.source, field.review_status) == (
        2,
        "2027-04-30",
        "reviewer",
        "corrected",
    )
    assert field.reviewer_id == reviewer_user.id
    (revision,) = db.session.scalars(select(FieldRevision)).all()
    assert (revision.version, revision.value, revision.note) == (2, "2027-04-30", "scan")
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "field.changed"))
    assert audit.details["before"]["value"] == "2027-03-31"
    assert audit.details["after"]["value"] == "2027-04-30"


def test_a_decision_on_a_stale_version_is_refused(field):
    change_field(field, 1, FieldChange(review_status="accepted"), "reviewer")
    db.session.commit()
    with pytest.raises(StaleField):
        change_field(
            field, 1, FieldChange(value="2030-01-01", review_status="corrected"), "reviewer"
        )
    db.session.rollback()
    db.session.refresh(field)
    assert field.value == "2027-03-31" and field.version == 2


def test_a_vendor_flag_keeps_the_value(field):
    change_field(field, 1, FieldChange(vendor_note="The expiry is 30 April"), "vendor")
    db.session.commit()
    assert field.value == "2027-03-31" and field.source == "extracted"
    assert field.vendor_note == "The expiry is 30 April" and field.flagged_at is not None
