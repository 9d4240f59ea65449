"""`portal reminders send`: one JSON line on stdout; --dry-run changes and sends nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.cli import main
from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.documents.models import Document
from portal.reminders.models import Reminder
from portal.vendors.models import Vendor
from tests.reminders.helpers import days


@pytest.fixture
def runner(monkeypatch, backend):
    for name, value in backend.settings.items():
        monkeypatch.setenv(name, value)
    return CliRunner()


@pytest.fixture
def due_world(app, make):
    owner = make.staff()
    vendor = make.vendor(owner)
    make.contact(vendor, "ana@vendor.example")
    make.document(vendor, days(10))
    make.document(vendor, days(-2), "insurance_certificate")  # expires: the vendor lapses
    return vendor


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.both_backends
def test_send_prints_one_json_line_and_sends(runner, due_world):
    result = runner.invoke(main, ["reminders", "send", "--today", days(0).isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    report = json.loads(result.stdout)
    assert list(report) == ["due", "sent", "skipped", "failed"]
    assert report == {"due": 6, "sent": 6, "skipped": 0, "failed": 0}
    assert count(MailMessage) == 2
    again = runner.invoke(main, ["reminders", "send", "--today", days(0).isoformat()])
    assert json.loads(again.stdout) == {"due": 0, "sent": 0, "skipped": 0, "failed": 0}


def test_a_dry_run_reports_what_is_due_and_changes_nothing(runner, due_world):
    result = runner.invoke(main, ["reminders", "send", "--today", days(0).isoformat(), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"due": 6, "sent": 0, "skipped": 0, "failed": 0}
    assert count(Reminder) == count(MailMessage) == count(AuditEvent) == 0
    db.session.expire_all()
    assert db.session.get_one(Vendor, due_world.id).status == "active"
    assert set(db.session.scalars(select(Document.state))) == {"approved"}


@pytest.mark.parametrize("today", ["2031-02-30", "tomorrow", "03/03/2031"])
def test_a_bad_date_is_refused_without_output(runner, app, today):
    result = runner.invoke(main, ["reminders", "send", "--today", today])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--today" in result.stderr


def test_a_bad_setting_is_named(runner, app, monkeypatch):
    monkeypatch.setenv("PORTAL_REMINDER_TIMEZONE", "Nowhere/Land")
    result = runner.invoke(main, ["reminders", "send"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: PORTAL_REMINDER_TIMEZONE")
