"""The fault table (SECURITY.md): two schedulers at once, and the mail transport down."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import create_app
from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.reminders.models import Reminder
from portal.reminders.run import RunStats, run_reminders
from portal.reminders.schedule import scheduled_instant
from tests.reminders.helpers import days, ledger

pytestmark = pytest.mark.both_backends
TODAY = days(0)


def populate(make, vendors: int = 8) -> int:
    """Vendors with two contacts and an owner each, and documents at several thresholds."""
    owner = make.staff(email="owner@portal.example")
    make.staff(role="admin", email="admin@portal.example")
    for n in range(vendors):
        vendor = make.vendor(owner, criticality="high")
        make.contact(vendor, f"first{n}@vendor.example", language="de")
        make.contact(vendor, f"second{n}@vendor.example", language="zh")
        make.document(vendor, days(30), "certification")
        make.document(vendor, days(7), "insurance_certificate")
        make.document(vendor, days(-18), "business_licence")  # lapses the vendor, escalates
    return vendors


def test_two_runs_at_the_same_time_send_every_reminder_once(app, backend, make, smtp_server):
    populate(make)
    settings = {
        **backend.settings,
        "PORTAL_MAIL_URL": smtp_server.url,
        "PORTAL_MAIL_FROM": "Vendor Portal <portal@portal.example>",
    }
    original = smtp_server.mailbox.handle_DATA

    async def slow_data(*args):  # a slow server keeps both runs sending at once
        await asyncio.sleep(0.02)
        return await original(*args)

    smtp_server.mailbox.handle_DATA = slow_data
    start = threading.Barrier(2)
    reports: list[RunStats] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        # Each scheduler is its own application: its own engine, connections and session.
        application = create_app({**settings, "TESTING": True})
        with application.app_context():
            try:
                start.wait()
                reports.append(run_reminders(TODAY, scheduled_instant(TODAY)))
            except BaseException as exc:
                errors.append(exc)
            finally:
                db.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    reminders = ledger()
    keys = Counter(r.key for r in reminders)
    assert keys and max(keys.values()) == 1
    assert {r.status for r in reminders} == {"sent"}
    received = smtp_server.mailbox.message_ids()
    assert len(received) == len(set(received)) == len({r.message_id for r in reminders})
    assert sum(report.sent for report in reports) == len(reminders)
    # One state change and one audit row per document and vendor, however many runs.
    actions = Counter(
        db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(("vendor.lapsed", "document.state_changed"))
            )
        )
    )
    assert actions == {"vendor.lapsed": 8, "document.state_changed": 8}


def test_mail_transport_down_then_back_sends_every_pending_reminder_once(
    smtp_app, make, smtp_server
):
    populate(make, vendors=3)
    smtp_server.stop()
    down = run_reminders(TODAY, scheduled_instant(TODAY))
    assert down.sent == 0 and down.failed == down.due > 0
    assert {r.status for r in ledger()} == {"pending"}
    # Ticks while it is still down: retried with backoff, still nothing lost or sent.
    retried = run_reminders(TODAY, scheduled_instant(TODAY) + timedelta(minutes=5))
    assert retried.failed == down.due

    smtp_server.start()
    back = run_reminders(days(1), scheduled_instant(days(1)))
    assert back == RunStats(due=down.due, sent=down.due, skipped=0, failed=0)
    assert run_reminders(days(1), scheduled_instant(days(1))) == RunStats()
    reminders = ledger()
    assert {r.status for r in reminders} == {"sent"}
    received = smtp_server.mailbox.message_ids()
    assert len(received) == len(set(received))
    assert sorted(received) == sorted(
        f"<{r.message.message_id}>" for r in {r.message_id: r for r in reminders}.values()
    )


def test_a_digest_waiting_for_the_server_takes_in_the_next_days_reminders(
    smtp_app, make, smtp_server
):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(30))
    make.document(vendor, days(15))  # its 14-day reminder falls due tomorrow
    smtp_server.stop()
    run_reminders(TODAY, scheduled_instant(TODAY))
    smtp_server.start()
    report = run_reminders(days(1), scheduled_instant(days(1)))
    assert report.sent == 3
    [mail] = smtp_server.mailbox.messages  # one e-mail, not yesterday's and today's
    assert "3 documents" not in mail["Subject"] and "2 documents" in mail["Subject"]
    statuses = Counter(db.session.scalars(select(MailMessage.status)).all())
    assert statuses == {"cancelled": 1, "sent": 1}
    assert db.session.scalar(select(func.count(Reminder.id))) == 3
