"""Delivery from the outbox: leases, retries with backoff, giving up, and exactly one send."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from portal.core.db import db, utcnow
from portal.core.outbox import (
    _claim,
    backoff_seconds,
    deliver_messages,
    deliver_ready,
    list_messages,
    retry_message,
)
from tests.reminders.conftest import use_mail_url
from tests.reminders.test_mail import reloaded, store


def test_backoff_doubles_from_a_minute_up_to_six_hours():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff_seconds(30) == 6 * 3600


def test_the_outbox_transport_keeps_mail_in_the_table(app):
    message = store()
    [delivery] = deliver_ready()
    row = reloaded(message)
    assert (delivery.outcome, row.status, row.transport) == ("sent", "sent", "outbox")
    assert [m.id for m in list_messages(status="sent")] == [message.id]


def test_server_down_then_back_sends_each_message_once(smtp_app, smtp_server):
    now = utcnow()
    first, second = store(now=now, message_id="a@x"), store(now=now, message_id="b@x")
    smtp_server.stop()
    assert {d.outcome for d in deliver_ready(now)} == {"retry"}
    rows = [reloaded(first), reloaded(second)]
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1), ("pending", 1)]
    # The second message did not wait for a connection timeout of its own.
    assert rows[1].last_error.startswith("not tried")
    assert deliver_ready(now + timedelta(seconds=30)) == []  # still backing off

    smtp_server.start()
    later = now + timedelta(seconds=61)
    assert {d.outcome for d in deliver_ready(later)} == {"sent"}
    assert deliver_ready(later + timedelta(hours=1)) == []
    assert sorted(smtp_server.mailbox.message_ids()) == ["<a@x>", "<b@x>"]


def test_a_message_is_given_up_after_the_last_attempt_and_can_be_retried(app, smtp_server):
    use_mail_url(app, smtp_server.url, mail_max_attempts=3)
    smtp_server.stop()
    message = store()
    now = utcnow()
    for _attempt in range(3):
        deliver_ready(now)
        now += timedelta(hours=7)
    row = reloaded(message)
    assert (row.status, row.attempts) == ("failed", 3)
    assert deliver_ready(now) == []

    smtp_server.start()
    assert retry_message(message.id, now)
    db.session.commit()
    assert [d.outcome for d in deliver_ready(now)] == ["sent"]
    assert len(smtp_server.mailbox.messages) == 1


def test_a_sender_that_died_loses_its_lease_to_the_next_pass(smtp_app, smtp_server):
    now = utcnow()
    message = store(now=now)
    assert _claim(message.id, now) is not None  # a worker took it, then vanished
    assert deliver_ready(now + timedelta(seconds=10)) == []
    lease = smtp_app.config["PORTAL"].mail_lease_seconds
    [delivery] = deliver_ready(now + timedelta(seconds=lease + 1))
    assert delivery.outcome == "sent"
    assert (reloaded(message).status, reloaded(message).attempts) == ("sent", 2)
    assert len(smtp_server.mailbox.messages) == 1


@pytest.mark.both_backends
def test_two_delivery_passes_at_once_send_each_message_once(smtp_app, smtp_server):
    now = utcnow()
    ids = [store(now=now, message_id=f"m{i}@x").id for i in range(6)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def deliver() -> None:
        with smtp_app.app_context():
            start.wait()
            outcomes.extend(d.outcome for d in deliver_messages(ids, now))
            db.remove()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["not_claimed"] * 6 + ["sent"] * 6
    assert sorted(smtp_server.mailbox.message_ids()) == sorted(f"<m{i}@x>" for i in range(6))
