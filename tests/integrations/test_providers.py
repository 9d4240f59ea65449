"""Each provider's real payload and authentication, as the far side receives them."""

from __future__ import annotations

import base64

from portal.core.db import db
from portal.integrations.delivery import deliver_ready
from portal.integrations.models import Delivery
from portal.integrations.service import announce
from tests.integrations.conftest import Reply


def _announce(vendor_id=None, ticket=False, key="e1", kind="sla_breach"):
    result = announce(
        kind,
        vendor_id,
        "Alpha: uptime 97.1 % <b>",
        "Measured over March & April.\nSecond line.",
        "/vendor/documents/7",
        ticket=ticket,
        dedupe_key=key,
    )
    db.session.commit()
    return result


def test_slack_gets_text_and_blocks_with_escaped_mrkdwn(hook, make_channel, vendor_a):
    make_channel("slack", hook.url("/services/T1/B2/xyzsecret"))
    _announce(vendor_a.id)
    assert [a.outcome for a in deliver_ready()] == ["sent"]
    (request,) = hook.posts()
    assert request.path == "/services/T1/B2/xyzsecret"
    assert request.headers["Content-Type"].startswith("application/json")
    body = request.json()
    assert body["text"] == "SLA breach: Alpha: uptime 97.1 % <b>"
    types = [b["type"] for b in body["blocks"]]
    assert types == ["header", "section", "context", "actions"]
    assert body["blocks"][1]["text"] == {
        "type": "mrkdwn",
        "text": "Measured over March &amp; April.\nSecond line.",
    }
    assert "Alpha Logistics Ltd" in body["blocks"][2]["elements"][0]["text"]
    assert body["blocks"][3]["elements"][0]["url"] == "http://localhost/vendor/documents/7"


def test_teams_gets_an_adaptive_card_or_a_message_card(hook, make_channel):
    make_channel("teams", hook.url("/workflows/1"), format="adaptive")
    make_channel("teams", hook.url("/connector/2"), format="messagecard")
    hook.replies = [Reply(202, ""), Reply(200, "1")]
    _announce()
    assert sorted(a.outcome for a in deliver_ready()) == ["sent", "sent"]
    adaptive = next(r for r in hook.posts() if r.path == "/workflows/1").json()
    assert adaptive["type"] == "message"
    attachment = adaptive["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == "Alpha: uptime 97.1 % <b>"
    assert card["actions"][0] == {
        "type": "Action.OpenUrl",
        "title": "Open in Vendor Portal",
        "url": "http://localhost/vendor/documents/7",
    }
    legacy = next(r for r in hook.posts() if r.path == "/connector/2").json()
    assert legacy["@type"] == "MessageCard"
    assert legacy["potentialAction"][0]["targets"][0]["uri"].endswith("/vendor/documents/7")


def test_a_teams_connector_error_inside_a_200_is_a_failure(hook, make_channel):
    make_channel("teams", hook.url("/connector"), format="messagecard")
    hook.replies = [Reply(200, "Webhook message delivery failed with error: Bad payload")]
    _announce()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed"
    assert "Teams refused" in attempt.error


def test_wecom_gets_markdown_and_its_errcode_is_checked(hook, make_channel):
    make_channel("wecom", hook.url("/cgi-bin/webhook/send?key=wecomsecretkey"))
    hook.replies = [
        Reply(200, {"errcode": 45009, "errmsg": "api freq out of limit"}),
        Reply(200, {"errcode": 0, "errmsg": "ok"}),
    ]
    _announce()
    (first,) = deliver_ready()
    assert first.outcome == "retry" and "45009" in first.error
    delivery = db.session.query(Delivery).one()
    (second,) = deliver_ready(delivery.next_attempt_at)
    assert second.outcome == "sent"
    body = hook.posts()[-1].json()
    assert body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert content.startswith("**SLA breach: Alpha: uptime 97.1 % ‹b›**")
    assert "[Open in Vendor Portal](http://localhost/vendor/documents/7)" in content


def test_a_wecom_invalid_key_fails_without_retrying(hook, make_channel):
    make_channel("wecom", hook.url("/cgi-bin/webhook/send?key=bad"))
    hook.default = Reply(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    _announce()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed" and "93000" in attempt.error


def test_jira_issue_with_basic_auth_adf_and_labels(hook, make_channel, vendor_a):
    make_channel(
        "jira",
        "jira-token-123456",
        base_url=hook.base,
        email="ops@example.com",
        project_key="VEND",
        issue_type="Bug",
    )
    hook.default = Reply(201, {"id": "10001", "key": "VEND-12", "self": "x"})
    _announce(vendor_a.id, ticket=True)
    (attempt,) = deliver_ready()
    assert attempt.outcome == "sent"
    (request,) = hook.posts()
    assert request.path == "/rest/api/3/issue"
    expected = base64.b64encode(b"ops@example.com:jira-token-123456").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    fields = request.json()["fields"]
    assert fields["project"] == {"key": "VEND"}
    assert fields["issuetype"] == {"name": "Bug"}
    assert fields["summary"] == "SLA breach: Alpha: uptime 97.1 % <b>"
    assert fields["description"]["type"] == "doc" and fields["description"]["version"] == 1
    link = fields["description"]["content"][-1]["content"][0]
    assert link["marks"] == [
        {"type": "link", "attrs": {"href": "http://localhost/vendor/documents/7"}}
    ]
    assert "vendor-portal" in fields["labels"]
    assert any(label.startswith("vp-") for label in fields["labels"])
    delivery = db.session.query(Delivery).one()
    db.session.refresh(delivery)
    assert (delivery.ticket_key, delivery.ticket_url) == ("VEND-12", f"{hook.base}/browse/VEND-12")


def test_jira_v2_takes_a_plain_text_description(hook, make_channel):
    make_channel(
        "jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS", api_version="2"
    )
    hook.default = Reply(201, {"id": "1", "key": "OPS-1"})
    _announce(ticket=True)
    deliver_ready()
    request = hook.posts()[0]
    assert request.path == "/rest/api/2/issue"
    assert isinstance(request.json()["fields"]["description"], str)


def test_asana_task_with_bearer_token_and_project(hook, make_channel):
    make_channel(
        "asana",
        "asana-pat-0123456789",
        base_url=hook.url("/api/1.0"),
        project_gid="1200000000000001",
        workspace_gid="1100000000000001",
    )
    hook.default = Reply(
        201, {"data": {"gid": "1207", "permalink_url": "https://app.asana.com/0/1/1207"}}
    )
    _announce(ticket=True)
    (attempt,) = deliver_ready()
    assert attempt.outcome == "sent"
    (request,) = hook.posts()
    assert request.path.startswith("/api/1.0/tasks")
    assert request.headers["Authorization"] == "Bearer asana-pat-0123456789"
    data = request.json()["data"]
    assert data["projects"] == ["1200000000000001"]
    assert data["workspace"] == "1100000000000001"
    assert data["name"] == "SLA breach: Alpha: uptime 97.1 % <b>"
    assert "http://localhost/vendor/documents/7" in data["notes"]
    delivery = db.session.query(Delivery).one()
    db.session.refresh(delivery)
    assert delivery.ticket_url == "https://app.asana.com/0/1/1207"


def test_trackers_open_issues_only_for_events_that_ask_for_a_ticket(hook, make_channel):
    make_channel("jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS")
    make_channel("slack", hook.url("/slack"))
    assert len(_announce(ticket=False, key="no-ticket").created) == 1
    assert len(_announce(ticket=True, key="ticket").created) == 2
