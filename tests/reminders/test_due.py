"""Who gets which reminder on which day: the set-based due computation, on both databases."""

from __future__ import annotations

import dataclasses

import pytest

from portal.core.db import db
from portal.reminders.policy import save_policy
from portal.reminders.run import RunStats, run_reminders
from tests.reminders.helpers import days, ledger, sent

pytestmark = pytest.mark.both_backends
TODAY = days(0)


def test_reminder_reaches_the_vendor_contacts_in_their_language_and_the_owner(app, make):
    owner = make.staff(email="olga.owner@portal.example")
    vendor = make.vendor(owner, preferred_language="fr")
    make.contact(vendor, "Anna@Vendor.example", language="de")
    make.contact(vendor, "pierre@vendor.example", language="")
    make.contact(vendor, "silent@vendor.example", receives_reminders=False)
    document = make.document(vendor, days(30))

    stats = run_reminders(TODAY)

    rows = {(r.recipient_email, r.recipient_kind, r.language, r.threshold_days) for r in ledger()}
    assert rows == {
        ("anna@vendor.example", "contact", "de", 30),
        ("pierre@vendor.example", "contact", "fr", 30),
        ("olga.owner@portal.example", "owner", "en", 30),
    }
    assert all(r.document_id == document.id and r.status == "sent" for r in ledger())
    assert stats == RunStats(due=3, sent=3, skipped=0, failed=0)


def test_an_address_listed_twice_gets_one_reminder(app, make):
    owner = make.staff(email="shared@vendor.example")
    vendor = make.vendor(owner)
    make.contact(vendor, "shared@vendor.example")
    make.contact(vendor, " SHARED@vendor.example ")
    make.document(vendor, days(7))
    assert run_reminders(TODAY).sent == 1
    assert [r.recipient_email for r in ledger()] == ["shared@vendor.example"]


def test_vendor_without_reminder_contacts_reaches_its_users(app, make, create_user):
    vendor = make.vendor(preferred_language="es")
    create_user(role="vendor", vendor_id=vendor.id, email="lucia@vendor.example")
    create_user(role="vendor", vendor_id=vendor.id, email="gone@vendor.example", disabled=True)
    make.document(vendor, days(1))
    run_reminders(TODAY)
    assert [(r.recipient_email, r.recipient_kind, r.language) for r in ledger()] == [
        ("lucia@vendor.example", "vendor_user", "es")
    ]


def test_a_document_first_seen_mid_way_gets_the_latest_passed_threshold_only(app, make):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(50))  # 90 and 60 days before have passed; 60 is the latest
    make.document(vendor, days(91))  # no threshold has passed yet
    stats = run_reminders(TODAY)
    assert sent() == [("a@vendor.example", "expiry", 60)]
    assert stats == RunStats(due=1, sent=1, skipped=0, failed=0)
    assert run_reminders(TODAY) == RunStats()
    assert run_reminders(days(1)).sent == 1  # the second document is now 90 days away
    assert sent() == [("a@vendor.example", "expiry", 60), ("a@vendor.example", "expiry", 90)]


def test_expired_documents_are_reminded_weekly(app, make):
    vendor = make.vendor(status="onboarding")
    make.contact(vendor, "a@vendor.example")
    document = make.document(vendor, days(-15))
    run_reminders(TODAY)
    assert sent() == [("a@vendor.example", "expiry", -14)]
    for offset in range(1, 8):
        run_reminders(days(offset))
    assert sent() == [("a@vendor.example", "expiry", -14), ("a@vendor.example", "expiry", -21)]
    db.session.refresh(document)
    assert document.state == "expired"


def test_a_type_policy_overrides_the_default(app, make):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(40), doc_type="insurance_certificate")
    make.document(vendor, days(50), doc_type="certification")
    save_policy(
        "insurance_certificate",
        offsets_days="30, 10",
        repeat_after_expiry_days=0,
        notify_owner=False,
    )
    db.session.commit()
    run_reminders(TODAY)
    assert [r.details["doc_type"] for r in ledger()] == ["certification"]
    run_reminders(days(10))
    assert [(r.details["doc_type"], r.threshold_days) for r in ledger()] == [
        ("certification", 60),
        ("insurance_certificate", 30),
    ]


def test_a_disabled_policy_sends_nothing(app, make):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(5), doc_type="self_report")
    save_policy("self_report", offsets_days="30", enabled=False)
    db.session.commit()
    assert run_reminders(TODAY) == RunStats()


@pytest.mark.parametrize("state", ["in_review", "extracted", "rejected", "superseded"])
def test_documents_not_standing_approved_get_no_reminders(app, make, state):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(3), state=state)
    assert run_reminders(TODAY) == RunStats()


def test_suspended_vendors_get_no_reminders(app, make):
    vendor = make.vendor(status="suspended")
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(3))
    assert run_reminders(TODAY) == RunStats()


def test_a_renewal_in_review_pauses_the_vendors_reminders_but_not_the_owners(app, make):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner)
    make.contact(vendor, "a@vendor.example")
    old = make.document(vendor, days(14))
    make.document(vendor, days(380), state="in_review", supersedes_id=old.id)
    run_reminders(TODAY)
    assert sent() == [("owner@portal.example", "expiry", 14)]


@pytest.mark.parametrize("notice", [90, "90", 90.0])
def test_a_contract_notice_deadline_reminds_the_owner(app, make, notice):
    owner = make.staff(email="owner@portal.example")
    vendor = make.vendor(owner)
    make.contact(vendor, "a@vendor.example")
    contract = make.document(vendor, days(100), doc_type="contract", notice_days=notice)
    run_reminders(TODAY)  # the deadline is 10 days away: the 14-day threshold has passed
    [reminder] = ledger(rule="renewal_deadline")
    assert (reminder.recipient_email, reminder.threshold_days) == ("owner@portal.example", 14)
    assert reminder.anchor_date == days(10) and reminder.document_id == contract.id
    assert sent(recipient_email="a@vendor.example") == []


@pytest.mark.parametrize("notice", ["ninety", None, -5, 0, [30]])
def test_a_contract_without_a_usable_notice_period_has_no_deadline(app, make, notice):
    owner = make.staff()
    vendor = make.vendor(owner)
    make.document(vendor, days(100), doc_type="contract", notice_days=notice)
    run_reminders(TODAY)
    assert ledger(rule="renewal_deadline") == []


def test_an_expired_required_document_escalates_to_admins_after_n_days(app, make):
    app.config["PORTAL"] = dataclasses.replace(app.config["PORTAL"], escalation_days=10)
    make.staff(role="admin", email="admin@portal.example")
    make.staff(role="admin", email="retired@portal.example", disabled=True)
    vendor = make.vendor()
    make.document(vendor, days(-9))
    run_reminders(TODAY)
    assert ledger(rule="escalation") == []
    run_reminders(days(1))
    assert sent(rule="escalation") == [("admin@portal.example", "escalation", 10)]
    run_reminders(days(30))
    assert len(ledger(rule="escalation")) == 1


def test_no_escalation_while_another_valid_document_covers_the_type(app, make):
    make.staff(role="admin")
    vendor = make.vendor()
    make.document(vendor, days(-30), filename="iso-9001-old.pdf")
    make.document(vendor, days(300), filename="iso-9001-new.pdf")
    run_reminders(TODAY)
    assert ledger(rule="escalation") == []
