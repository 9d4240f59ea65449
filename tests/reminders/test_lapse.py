"""Lapse and renewal: a required document expiring drops an active vendor to `lapsed` (audit row,
e-mail); an approved renewal restores it and stops the old document's reminders."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.reminders.lapse import after_document_approved
from portal.reminders.requirements import missing_required_kinds
from portal.reminders.run import run_reminders
from portal.reminders.schedule import scheduled_instant
from portal.vendors.models import Vendor
from tests.reminders.helpers import days, ledger, sent

pytestmark = pytest.mark.both_backends
TODAY = days(0)


def status(vendor: Vendor) -> str:
    db.session.expire_all()
    return db.session.get_one(Vendor, vendor.id).status


def audit(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_an_expired_required_document_lapses_an_active_vendor(app, make):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner, preferred_language="de")
    make.contact(vendor, "anna@vendor.example", language="de")
    document = make.document(vendor, days(-1), "insurance_certificate")
    make.document(vendor, days(200), "certification")

    run_reminders(TODAY)

    assert status(vendor) == "lapsed"
    db.session.refresh(document)
    assert document.state == "expired"
    [expired] = [e for e in audit("document.state_changed") if e.object_id == str(document.id)]
    assert (expired.details["before"], expired.details["after"]) == ("approved", "expired")
    [lapsed] = audit("vendor.lapsed")
    assert lapsed.vendor_id == vendor.id and lapsed.details["documents"] == [document.id]
    assert sorted(sent(rule="lapsed")) == [
        ("anna@vendor.example", "lapsed", 0),
        ("owner@portal.example", "lapsed", 0),
    ]
    subjects = db.session.scalars(select(MailMessage.subject).order_by(MailMessage.to_addr)).all()
    assert "Lieferantenstatus" in subjects[0]  # the contact's e-mail is in German
    # A second run changes nothing and sends nothing more.
    run_reminders(TODAY)
    assert len(audit("vendor.lapsed")) == 1 and len(ledger(rule="lapsed")) == 2


@pytest.mark.parametrize("vendor_status", ["onboarding", "invited", "suspended"])
def test_only_active_vendors_lapse(app, make, vendor_status):
    vendor = make.vendor(status=vendor_status)
    make.document(vendor, days(-1))
    run_reminders(TODAY)
    assert status(vendor) == vendor_status
    assert audit("vendor.lapsed") == []


def test_a_valid_document_of_the_same_type_prevents_the_lapse(app, make):
    vendor = make.vendor()
    make.document(vendor, days(-1), "certification", filename="iso-old.pdf")
    make.document(vendor, days(365), "certification", filename="iso-new.pdf")
    run_reminders(TODAY)
    assert status(vendor) == "active"
    assert missing_required_kinds(vendor.id, TODAY) == ["insurance_certificate"]


def test_an_approved_renewal_restores_the_vendor_and_stops_the_old_reminders(
    smtp_app, make, smtp_server
):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner)
    make.contact(vendor, "anna@vendor.example")
    old = make.document(vendor, days(-3), "insurance_certificate")
    other = make.document(vendor, days(30), "certification")
    smtp_server.stop()  # the lapse notice and the reminders wait in the outbox
    run_reminders(TODAY, scheduled_instant(TODAY))
    assert status(vendor) == "lapsed"
    assert missing_required_kinds(vendor.id, TODAY) == ["insurance_certificate"]

    renewal = make.document(vendor, days(362), "insurance_certificate", supersedes_id=old.id)
    changes = after_document_approved(renewal.id, TODAY)
    db.session.commit()

    assert changes.superseded == [old.id] and changes.restored == [vendor.id]
    assert status(vendor) == "active"
    db.session.refresh(old)
    assert old.state == "superseded"
    assert [e.details["after"] for e in audit("vendor.restored")] == ["active"]
    # The old document's reminders that had not gone out never will; the other document's do.
    assert {r.status for r in ledger(document_id=old.id)} == {"skipped"}
    assert {r.skip_reason for r in ledger(document_id=old.id)} == {"renewed"}
    smtp_server.start()
    run_reminders(days(1), scheduled_instant(days(1)))
    assert {r.status for r in ledger(document_id=other.id)} == {"sent"}
    assert all(
        old.original_filename not in m.get_body(("plain",)).get_content()
        for m in smtp_server.mailbox.messages
    )
    run_reminders(days(8), scheduled_instant(days(8)))  # weekly reminders do not resume
    assert ledger(document_id=old.id, skip_reason=None) == []


def test_the_daily_run_supersedes_a_document_whose_renewal_was_approved(app, make):
    vendor = make.vendor(status="lapsed")
    make.contact(vendor, "anna@vendor.example")
    old = make.document(vendor, days(-10), "certification", state="expired")
    make.document(vendor, days(200), "insurance_certificate")
    make.document(vendor, days(355), "certification", supersedes_id=old.id)
    run_reminders(TODAY)
    db.session.refresh(old)
    assert old.state == "superseded"
    assert status(vendor) == "active"


def test_a_lapsed_vendor_missing_another_required_document_stays_lapsed(app, make):
    vendor = make.vendor(status="lapsed")
    old = make.document(vendor, days(-10), "certification", state="expired")
    make.document(vendor, days(355), "certification", supersedes_id=old.id)
    run_reminders(TODAY)  # the certificate is renewed, but no insurance certificate is held
    assert status(vendor) == "lapsed"
    assert ledger(document_id=old.id) == []
