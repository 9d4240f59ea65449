"""What the pages will read: the ledger's history, the upcoming reminders, the runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.core.db import db
from portal.reminders.policy import load_policies, save_policy
from portal.reminders.queries import recent_runs, reminder_history, upcoming_reminders
from portal.reminders.run import run_reminders, scheduled_tick
from portal.reminders.schedule import scheduled_instant
from tests.reminders.helpers import days

TODAY = days(0)


def test_history_is_scoped_and_filtered(app, make):
    first, second = make.vendor(), make.vendor()
    make.contact(first, "a@first.example")
    make.contact(second, "b@second.example")
    document = make.document(first, days(7))
    make.document(second, days(14))
    run_reminders(TODAY)
    rows = reminder_history(vendor_id=first.id)
    assert [(r.document_id, r.recipient_email, r.status) for r in rows] == [
        (document.id, "a@first.example", "sent")
    ]
    assert reminder_history(recipient=" B@Second.example ")[0].vendor_id == second.id
    assert reminder_history(status="failed") == []
    with pytest.raises(ValueError, match="unknown status"):
        reminder_history(status="lost")


def test_upcoming_reminders_follow_the_policy(app, make):
    vendor = make.vendor()
    certificate = make.document(vendor, days(20), "certification")
    make.document(vendor, days(500), "certification")  # nothing within the window
    save_policy("certification", offsets_days="14, 0", repeat_after_expiry_days=7)
    db.session.commit()
    upcoming = upcoming_reminders(vendor.id, TODAY, days=35)
    assert [(u.document_id, u.on, u.days_before) for u in upcoming] == [
        (certificate.id, days(6), 14),
        (certificate.id, days(20), 0),
        (certificate.id, days(27), -7),
        (certificate.id, days(34), -14),
    ]


def test_runs_are_listed_with_their_counts(app, make):
    vendor = make.vendor()
    make.contact(vendor, "a@vendor.example")
    make.document(vendor, days(1))
    scheduled_tick(scheduled_instant(TODAY))
    [run] = recent_runs()
    assert run.run_date == TODAY and run.stats == {"due": 1, "sent": 1, "skipped": 0, "failed": 0}


@pytest.fixture
def runner(monkeypatch, backend):
    for name, value in backend.settings.items():
        monkeypatch.setenv(name, value)
    return CliRunner()


def test_admins_can_edit_policies_from_the_command_line(runner, app):
    result = runner.invoke(
        main, ["reminders", "policy", "contract", "--offsets", "120,60", "--no-notify-vendor"]
    )
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout)
    assert saved["offsets_days"] == [120, 60] and saved["notify_vendor"] is False
    assert saved["repeat_after_expiry_days"] == 7  # unnamed options keep their value
    db.session.expire_all()
    assert load_policies().for_type("contract").offsets_days == (120, 60)

    listed = [
        json.loads(line)
        for line in runner.invoke(main, ["reminders", "policies"]).stdout.splitlines()
    ]
    assert [p["doc_type"] for p in listed if p["customised"]] == ["contract"]

    bad = runner.invoke(main, ["reminders", "policy", "contract", "--offsets", "soon"])
    assert bad.exit_code == 2 and bad.stdout == ""
    assert "offsets_days" in bad.stderr

    reset = runner.invoke(main, ["reminders", "policy", "contract", "--reset"])
    assert json.loads(reset.stdout)["customised"] is False
