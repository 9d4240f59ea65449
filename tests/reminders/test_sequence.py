"""120 simulated days, run day by day with `portal reminders send --today`, against a real SMTP
server: exactly the expected reminders, each once, on the expected day — also with ten days
without any run in between."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from portal.cli import main
from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.reminders.models import Reminder
from portal.reminders.run import run_reminders
from portal.reminders.schedule import scheduled_instant
from tests.reminders.conftest import use_mail_url

START = date(2031, 1, 1)
CONTACT = "anna@rheinwerk.example"
OWNER = "owner@portal.example"
ADMIN = "admin@portal.example"

# (day, document, rule, threshold) for the vendor's contact. Document A expires on day 45,
# B on day 100, the contract C on day 200 (its notice deadline, 90 days earlier, is day 110).
CONTACT_SEQUENCE = [
    (0, "A", "expiry", 60),  # first run: 45 days left, the 60-day reminder is the latest passed
    (10, "B", "expiry", 90),
    (15, "A", "expiry", 30),
    (31, "A", "expiry", 14),
    (38, "A", "expiry", 7),
    (40, "B", "expiry", 60),
    (44, "A", "expiry", 1),
    (45, "A", "expiry", 0),
    (46, "A", "lapsed", 0),  # A has expired: the active vendor lapses
    (52, "A", "expiry", -7),
    (59, "A", "expiry", -14),
    (66, "A", "expiry", -21),
    (70, "B", "expiry", 30),
    (73, "A", "expiry", -28),
    (80, "A", "expiry", -35),
    (86, "B", "expiry", 14),
    (87, "A", "expiry", -42),
    (93, "B", "expiry", 7),
    (94, "A", "expiry", -49),
    (99, "B", "expiry", 1),
    (100, "B", "expiry", 0),
    (101, "A", "expiry", -56),
    (107, "B", "expiry", -7),
    (108, "A", "expiry", -63),
    (110, "C", "expiry", 90),
    (114, "B", "expiry", -14),
    (115, "A", "expiry", -70),
]
# The owner gets the same expiry and lapse reminders, and the contract's notice deadline.
OWNER_SEQUENCE = sorted(
    [
        *CONTACT_SEQUENCE,
        (50, "C", "renewal_deadline", 60),
        (80, "C", "renewal_deadline", 30),
        (96, "C", "renewal_deadline", 14),
        (103, "C", "renewal_deadline", 7),
        (109, "C", "renewal_deadline", 1),
        (110, "C", "renewal_deadline", 0),
    ]
)
# Expired required documents escalate to the admins after 14 days.
ADMIN_SEQUENCE = [(59, "A", "escalation", 14), (114, "B", "escalation", 14)]

# No run on days 35 to 44: A's 7- and 1-day reminders collapse into the 0-day one on day 45,
# and B's 60-day reminder (due on day 40) goes out late, once, on day 45.
GAP = range(35, 45)


def _with_gap(sequence):
    result = []
    for day, doc, rule, threshold in sequence:
        if (doc, rule, threshold) in (("A", "expiry", 7), ("A", "expiry", 1)):
            continue
        result.append((45 if day in GAP else day, doc, rule, threshold))
    return sorted(result)


@pytest.fixture
def world(app, make):
    owner = make.staff(email=OWNER)
    make.staff(role="admin", email=ADMIN)
    vendor = make.vendor(owner, legal_name="Rheinwerk Datenservice GmbH", preferred_language="de")
    make.contact(vendor, CONTACT, language="de")
    documents = {
        make.document(vendor, START + timedelta(days=45), "certification").id: "A",
        make.document(vendor, START + timedelta(days=100), "insurance_certificate").id: "B",
        make.document(vendor, START + timedelta(days=200), "contract", notice_days=90).id: "C",
    }
    return documents


@pytest.fixture
def cli_env(monkeypatch, backend, smtp_server):
    for name, value in backend.settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PORTAL_MAIL_URL", smtp_server.url)
    monkeypatch.setenv("PORTAL_MAIL_FROM", "Vendor Portal <portal@portal.example>")
    return CliRunner()


def send(runner: CliRunner, day: date) -> dict[str, int]:
    result = runner.invoke(main, ["reminders", "send", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output + str(result.exception)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    return json.loads(lines[0])


def received_sequences(smtp_server, documents):
    """What the SMTP server received, per recipient: (day, document, rule, threshold)."""
    db.session.expire_all()
    by_recipient = defaultdict(list)
    mails_per_day = defaultdict(int)
    ids = smtp_server.mailbox.message_ids()
    assert len(ids) == len(set(ids)), "a message was delivered twice"
    for received in smtp_server.mailbox.messages:
        message = db.session.scalar(
            select(MailMessage).where(
                MailMessage.message_id == received["Message-ID"].strip()[1:-1]
            )
        )
        reminders = db.session.scalars(select(Reminder).where(Reminder.message_id == message.id))
        day = (message.created_at.date() - START).days
        mails_per_day[(message.to_addr, day)] += 1
        for r in reminders:
            by_recipient[r.recipient_email].append(
                (day, documents[r.document_id], r.rule, r.threshold_days)
            )
    assert set(mails_per_day.values()) == {1}, "a recipient got two e-mails on one day"
    return {recipient: sorted(items) for recipient, items in by_recipient.items()}


@pytest.mark.both_backends
def test_120_days_run_day_by_day_send_exactly_the_expected_sequence(
    app, world, cli_env, smtp_server, backend_name
):
    totals = defaultdict(int)
    for day in range(120):
        today = START + timedelta(days=day)
        if backend_name == "sqlite":
            report = send(cli_env, today)
        else:  # the same runs without a new process's start-up each day (PostgreSQL's SQL)
            use_mail_url(app, smtp_server.url, mail_from="Vendor Portal <portal@portal.example>")
            report = run_reminders(today, scheduled_instant(today)).as_dict()
        for key, value in report.items():
            totals[key] += value
    received = received_sequences(smtp_server, world)
    assert received == {
        CONTACT: CONTACT_SEQUENCE,
        OWNER: OWNER_SEQUENCE,
        ADMIN: ADMIN_SEQUENCE,
    }
    expected = len(CONTACT_SEQUENCE) + len(OWNER_SEQUENCE) + len(ADMIN_SEQUENCE)
    assert dict(totals) == {"due": expected, "sent": expected, "skipped": 0, "failed": 0}


def test_ten_days_without_runs_send_each_missed_reminder_once_and_collapse_the_rest(
    world, cli_env, smtp_server
):
    reports = {}
    for day in range(120):
        if day not in GAP:
            reports[day] = send(cli_env, START + timedelta(days=day))
    received = received_sequences(smtp_server, world)
    assert received == {
        CONTACT: _with_gap(CONTACT_SEQUENCE),
        OWNER: _with_gap(OWNER_SEQUENCE),
        ADMIN: ADMIN_SEQUENCE,
    }
    # Day 45, for the contact and the owner: A's 0-day and B's late 60-day reminder are sent in
    # one digest each; A's 7- and 1-day reminders are recorded as collapsed.
    assert reports[45] == {"due": 8, "sent": 4, "skipped": 4, "failed": 0}
    collapsed = db.session.scalars(
        select(Reminder.threshold_days).where(Reminder.skip_reason == "collapsed")
    ).all()
    assert sorted(collapsed) == [1, 1, 7, 7]
