"""Expiries, lapses and escalations from the reminder run reach the channels — once, committed
with the change they report — on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.integrations.delivery import deliver_ready
from portal.integrations.models import Delivery
from portal.integrations.service import announce
from portal.reminders.run import run_reminders
from tests.integrations.conftest import Reply
from tests.reminders.conftest import make, requirements  # noqa: F401  (fixtures)
from tests.reminders.helpers import days

pytestmark = pytest.mark.both_backends
TODAY = days(0)


def _deliveries():
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def test_a_reminder_run_announces_expiry_lapse_and_escalation_once(hook, make_channel, make):  # noqa: F811
    make_channel("slack", hook.url("/s"))
    make.staff(role="admin", email="admin@portal.example")
    vendor = make.vendor(legal_name="Alpha Logistics GmbH")
    expired = make.document(vendor, days(-1), "insurance_certificate", filename="policy.pdf")
    overdue = make.document(vendor, days(-20), "certification", state="expired", filename="iso.pdf")

    run_reminders(TODAY)
    run_reminders(TODAY)  # a second run announces nothing new

    keys = sorted(d.dedupe_key for d in _deliveries())
    assert keys == sorted(
        [
            f"expiry:document:{expired.id}:{days(-1).isoformat()}",
            f"lapse:vendor:{vendor.id}:{TODAY.isoformat()}",
            f"escalation:document:{overdue.id}:{days(-20).isoformat()}:14",
        ]
    )
    assert sorted(a.outcome for a in deliver_ready()) == ["sent"] * 3
    texts = sorted(r.json()["text"] for r in hook.posts())
    assert texts == [
        "Document expired: Alpha Logistics GmbH: Insurance certificate (policy.pdf) expired on "
        f"{days(-1).isoformat()}",
        "Escalation: Alpha Logistics GmbH: ISO/IEC 27001 certificate (iso.pdf) expired 20 days "
        "ago, not renewed",
        "Vendor lapsed: Alpha Logistics GmbH lapsed: a required document expired",
    ]


def test_a_dry_run_announces_nothing(hook, make_channel, make):  # noqa: F811
    make_channel("slack", hook.url("/s"))
    vendor = make.vendor()
    make.document(vendor, days(-1), "insurance_certificate")
    run_reminders(TODAY, dry_run=True)
    assert _deliveries() == []


def test_after_an_outage_each_event_is_posted_exactly_once(hook, make_channel, app):
    make_channel("slack", hook.url("/s"))
    make_channel("jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS")
    hook.routes[("POST", "/s")] = Reply(503, "down")
    hook.routes[("POST", "/rest/api/3/issue")] = Reply(503, "down")
    hook.routes[("GET", "/rest/api/3/search/jql")] = Reply(200, {"issues": []})
    for n in range(3):
        announce("sla_breach", None, f"Breach {n}", "", None, ticket=True, dedupe_key=f"b:{n}")
        announce("sla_breach", None, f"Breach {n}", "", None, ticket=True, dedupe_key=f"b:{n}")
    db.session.commit()
    now = utcnow()
    assert {a.outcome for a in deliver_ready(now)} == {"retry"}
    hook.routes[("POST", "/s")] = Reply(200, "ok")
    hook.routes[("POST", "/rest/api/3/issue")] = Reply(201, {"id": "1", "key": "OPS-1"})
    for step in range(1, 5):
        deliver_ready(now + timedelta(hours=step))
    posts = [r for r in hook.posts() if r.path == "/s"]
    creates = [r for r in hook.posts() if r.path == "/rest/api/3/issue"]
    assert len(posts) == 6 and len(creates) == 6  # 3 failed + 3 delivered, for each channel
    assert sorted(r.json()["text"] for r in posts[3:]) == [
        "SLA breach: Breach 0",
        "SLA breach: Breach 1",
        "SLA breach: Breach 2",
    ]
    assert {d.status for d in _deliveries()} == {"sent"} and len(_deliveries()) == 6
