"""The admin pages: adding and editing channels, a stale edit, the test button, the log."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.integrations.delivery import deliver_ready
from portal.integrations.models import Channel, Delivery
from portal.integrations.service import announce
from tests.integrations.conftest import Reply


def test_an_admin_adds_a_slack_channel_and_tests_it(hook, login_as, admin_user):
    client = login_as(admin_user)
    assert "Slack" in client.get("/admin/integrations").get_data(as_text=True)
    page = client.get("/admin/integrations/channels/new?kind=slack").get_data(as_text=True)
    assert 'name="secret"' in page and 'type="password"' in page
    response = client.post(
        "/admin/integrations/channels",
        data={
            "kind": "slack",
            "name": "Compliance alerts",
            "secret": hook.url("/services/T/B/abcdef123456"),
            "events": ["expiry", "lapse"],
            "categories": ["logistics"],
            "enabled": "1",
        },
    )
    assert response.status_code == 303
    channel = db.session.scalar(select(Channel))
    assert channel.events == ["expiry", "lapse"] and channel.categories == ["logistics"]
    response = client.post(f"/admin/integrations/channels/{channel.id}/test", follow_redirects=True)
    assert "Test succeeded" in response.get_data(as_text=True)
    assert hook.posts()[0].json() == {"text": "Vendor Portal: test message"}
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "integration.channel_saved" in actions and "integration.channel_tested" in actions
    saved = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "integration.channel_saved")
    )
    assert "abcdef123456" not in str(saved.details)


def test_bad_input_is_explained_and_nothing_is_saved(login_as, admin_user):
    client = login_as(admin_user)
    response = client.post(
        "/admin/integrations/channels",
        data={"kind": "jira", "name": "", "secret": "", "base_url": "ftp://x", "project_key": "1"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "Give the channel a name",
        "Choose at least one event",
        "https://",
        "Enter the API token",
        "project key",
        "e-mail address",
    ):
        assert message in page
    assert db.session.scalar(select(Channel)) is None


def test_a_failed_test_shows_the_reason(hook, make_channel, login_as, admin_user):
    channel = make_channel("wecom", hook.url("/cgi-bin/webhook/send?key=k"))
    hook.default = Reply(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    response = login_as(admin_user).post(
        f"/admin/integrations/channels/{channel.id}/test", follow_redirects=True
    )
    assert "Test failed: WeCom errcode 93000" in response.get_data(as_text=True)


def test_the_jira_check_creates_no_issue(hook, make_channel, login_as, admin_user):
    channel = make_channel(
        "jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS"
    )
    hook.routes[("GET", "/rest/api/3/myself")] = Reply(200, {"displayName": "Ops Bot"})
    hook.routes[("GET", "/rest/api/3/project/OPS")] = Reply(200, {"name": "Operations"})
    response = login_as(admin_user).post(
        f"/admin/integrations/channels/{channel.id}/test", follow_redirects=True
    )
    assert "signed in as Ops Bot; project Operations is reachable" in response.get_data(
        as_text=True
    )
    assert hook.posts() == []


def test_a_stale_edit_gets_a_conflict_and_changes_nothing(hook, make_channel, login_as, admin_user):
    channel = make_channel("slack", hook.url("/s"), name="Ops")
    client = login_as(admin_user)
    form = {"name": "Ops 2", "events": ["risk"], "enabled": "1", "version": str(channel.version)}
    assert client.post(f"/admin/integrations/channels/{channel.id}", data=form).status_code == 303
    stale = {**form, "name": "Ops 3"}
    response = client.post(f"/admin/integrations/channels/{channel.id}", data=stale)
    assert response.status_code == 409
    assert "Someone else changed this channel" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Channel, channel.id).name == "Ops 2"


def test_leaving_the_secret_empty_keeps_it(hook, make_channel, login_as, admin_user):
    channel = make_channel("slack", hook.url("/keep"), name="Keep")
    form = {"name": "Keep", "events": ["risk"], "enabled": "1", "version": str(channel.version)}
    login_as(admin_user).post(f"/admin/integrations/channels/{channel.id}", data=form)
    announce("risk", None, "r", "", None, dedupe_key="risk:keep")
    db.session.commit()
    assert [a.outcome for a in deliver_ready()] == ["sent"]
    assert hook.posts()[0].path == "/keep"


def test_the_delivery_log_shows_tickets_and_retries_failures(
    hook, make_channel, login_as, admin_user
):
    make_channel("jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS")
    make_channel("slack", hook.url("/s"))
    hook.routes[("POST", "/rest/api/3/issue")] = Reply(201, {"id": "1", "key": "OPS-5"})
    hook.routes[("POST", "/s")] = Reply(403, "action_prohibited")
    announce("risk", None, "Sanctions hit", "", None, ticket=True, dedupe_key="risk:5")
    db.session.commit()
    deliver_ready()
    client = login_as(admin_user)
    page = client.get("/admin/integrations/deliveries").get_data(as_text=True)
    assert f'href="{hook.base}/browse/OPS-5"' in page and "action_prohibited" in page
    failed = db.session.scalar(select(Delivery).where(Delivery.status == "failed"))
    hook.routes[("POST", "/s")] = Reply(200, "ok")
    response = client.post(
        f"/admin/integrations/deliveries/{failed.id}/retry", follow_redirects=True
    )
    assert "will be tried again" in response.get_data(as_text=True)
    assert [a.outcome for a in deliver_ready()] == ["sent"]
    sent = client.post(f"/admin/integrations/deliveries/{failed.id}/retry", follow_redirects=True)
    assert "Only failed deliveries" in sent.get_data(as_text=True)


def test_a_disabled_channel_gets_nothing_new(hook, make_channel):
    make_channel("slack", hook.url("/s"), enabled=False)
    assert announce("risk", None, "r", "", None, dedupe_key="risk:off").channels == 0


def test_channels_limited_to_categories_get_only_those_vendors(hook, make_channel, create_vendor):
    make_channel("slack", hook.url("/logistics"), categories=["logistics"])
    make_channel("slack", hook.url("/all"))
    carrier = create_vendor(category="logistics")
    lawyer = create_vendor(category="professional_services")
    assert announce("risk", carrier.id, "r", "", None, dedupe_key="a").channels == 2
    assert announce("risk", lawyer.id, "r", "", None, dedupe_key="b").channels == 1
    assert announce("risk", None, "r", "", None, dedupe_key="c").channels == 1


def test_unknown_kinds_and_bad_keys_are_refused(app):
    import pytest

    with pytest.raises(ValueError, match="unknown event kind"):
        announce("birthday", None, "t", "", None, dedupe_key="x")
    with pytest.raises(ValueError, match="dedupe_key"):
        announce("risk", None, "t", "", None, dedupe_key="")
