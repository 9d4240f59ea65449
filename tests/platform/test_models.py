"""The data model's guarantees, on both databases."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from portal.audit.models import AuditEvent
from portal.audit.service import AuditLogIsAppendOnly, record
from portal.auth.models import User
from portal.core.db import db
from portal.vendors.models import Vendor

pytestmark = pytest.mark.both_backends


def test_accounts_are_unique_per_issuer_and_subject(app, create_user):
    create_user(issuer="https://a.example", subject="42")
    create_user(issuer="https://b.example", subject="42")  # another provider: another account
    db.session.add(User(issuer="https://a.example", subject="42", email="x@example.com"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_audit_row_commits_and_rolls_back_with_the_change(app):
    vendor = Vendor(legal_name="Gamma SARL", country="FR")
    db.session.add(vendor)
    db.session.flush()
    record("vendor.created", vendor_id=vendor.id, object_type="vendor", object_id=vendor.id)
    db.session.rollback()
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "vendor.created")) is None
    )

    vendor = Vendor(legal_name="Gamma SARL", country="FR")
    db.session.add(vendor)
    db.session.flush()
    record("vendor.created", vendor_id=vendor.id, object_type="vendor", object_id=vendor.id)
    db.session.commit()
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "vendor.created"))
    assert row is not None and row.vendor_id == vendor.id and row.at.tzinfo is not None


def test_audit_rows_cannot_be_changed_through_the_orm(app):
    row = record("test.event", object_type="thing", object_id=1)
    db.session.commit()
    row.action = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, row.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_audit_rows_cannot_be_changed_even_in_sql(app, statement):
    record("test.event")
    db.session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "test.event"


def test_vendor_status_outside_the_lifecycle_is_refused(app):
    db.session.add(Vendor(legal_name="Delta", country="ES", status="platinum"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
