"""Issues from the vendor lifecycle (SLA breaches, risks, escalations) reach the chat channels,
and breaches and accepted risks open tracker tickets: all through `lifecycle.events.publish`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.core.db import db
from portal.integrations.delivery import deliver_ready
from portal.integrations.models import Delivery
from portal.lifecycle.events import ANNOUNCED_AS, publish
from portal.lifecycle.models import EVENT_KINDS
from portal.risks.models import Risk, WatchCountry
from portal.risks.proposals import propose_risks
from portal.risks.register import FIELDS, update_risk
from tests.integrations.conftest import Reply


def _deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def _channels(make_channel, hook):
    slack = make_channel("slack", hook.url("/s"))
    jira = make_channel("jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS")
    hook.routes[("POST", "/s")] = Reply(200, "ok")
    hook.routes[("POST", "/rest/api/3/issue")] = Reply(201, {"id": "7", "key": "OPS-7"})
    hook.routes[("GET", "/rest/api/3/search/jql")] = Reply(200, {"issues": []})
    return slack, jira


def test_every_issue_kind_is_announced():
    assert set(ANNOUNCED_AS) == set(EVENT_KINDS)


def test_an_sla_breach_posts_to_chat_and_opens_one_ticket(hook, make_channel, vendor_a):
    slack, jira = _channels(make_channel, hook)
    event = publish(
        "sla_breach", vendor_a.id, "Uptime 98.1 % in 2026-Q1 (contract: 99.9 %)", "p. 4", "/issues"
    )
    publish("sla_breach", vendor_a.id, "again", "", None, dedupe_key=None)  # another issue
    db.session.commit()
    rows = _deliveries()
    assert {(d.channel_id, d.dedupe_key) for d in rows} >= {
        (slack.id, f"issue:{event.id}"),
        (jira.id, f"issue:{event.id}"),
    }
    assert {a.outcome for a in deliver_ready()} == {"sent"}
    posted = [r for r in hook.posts() if r.path == "/s"]
    assert any(vendor_a.legal_name in r.json()["text"] for r in posted)
    assert len([r for r in hook.posts() if r.path == "/rest/api/3/issue"]) == 2


def test_a_proposed_risk_goes_to_chat_and_its_acceptance_opens_a_ticket(
    hook, make_channel, vendor_a
):
    slack, jira = _channels(make_channel, hook)
    db.session.add(WatchCountry(country=vendor_a.country, reason="Export controls tightened"))
    vendor_a.status = "active"
    db.session.commit()
    assert propose_risks(date(2026, 11, 26)) == 1
    db.session.commit()
    assert [d.channel_id for d in _deliveries()] == [slack.id]  # a proposal: no ticket yet
    risk = db.session.scalars(select(Risk)).one()
    update_risk(risk, {**{k: getattr(risk, k) for k in FIELDS}, "status": "open"}, risk.version)
    db.session.commit()
    assert sorted(d.channel_id for d in _deliveries()) == sorted([slack.id, slack.id, jira.id])
