"""SSRF refusal, secrets encrypted at rest and never shown or logged, env references."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.integrations import channels, secrets
from portal.integrations.delivery import deliver_ready
from portal.integrations.http import DestinationRefused, check_destination
from portal.integrations.models import Channel
from portal.integrations.service import announce
from tests.integrations.conftest import Reply

SLACK_SECRET = "/services/T0SECRET/B0SECRET/Zq8SuperSecretToken"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://172.16.5.5/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "http://93.184.216.34/hook",
        "ftp://93.184.216.34/hook",
        "https://user:pass@93.184.216.34/hook",
    ],
)
def test_production_refuses_private_loopback_link_local_and_plain_http(url):
    with pytest.raises(DestinationRefused):
        check_destination(url, production=True)


def test_production_accepts_a_public_https_address():
    destination = check_destination("https://93.184.216.34/x?key=1", production=True)
    assert destination.address == "93.184.216.34" and destination.target == "/x?key=1"


def test_development_allows_http_to_loopback_only():
    assert check_destination("http://127.0.0.1:9/x", production=False).address == "127.0.0.1"
    for url in ("http://93.184.216.34/x", "https://169.254.169.254/x", "https://10.0.0.1/x"):
        with pytest.raises(DestinationRefused):
            check_destination(url, production=False)


def test_the_admin_form_refuses_an_internal_webhook_in_production(app, configure):
    configure(env="production")
    form = channels.read_form(
        {"name": "x", "kind": "slack", "secret": "https://169.254.169.254/latest"},
        {"events": ["risk"]},
        None,
    )
    assert "private or reserved" in form.errors["secret"]


def test_a_stored_channel_is_refused_at_send_time_in_production(hook, make_channel, configure):
    make_channel("slack", hook.url("/s"))
    configure(env="production")
    announce("risk", None, "r", "", None, dedupe_key="risk:1")
    db.session.commit()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed" and attempt.error.startswith("refused:")
    assert hook.requests == []


def test_secrets_are_encrypted_at_rest_and_never_shown(hook, make_channel, login_as, admin_user):
    channel = make_channel("slack", hook.url(SLACK_SECRET), name="Ops")
    stored = db.session.scalar(select(Channel.secret_ciphertext).where(Channel.id == channel.id))
    assert "Zq8SuperSecretToken" not in stored and "T0SECRET" not in stored
    client = login_as(admin_user)
    for page in ("/admin/integrations", f"/admin/integrations/channels/{channel.id}"):
        body = client.get(page).get_data(as_text=True)
        assert "Zq8SuperSecretToken" not in body and "T0SECRET" not in body
        assert "…oken" in body  # the hint: host and last four characters


def test_secrets_do_not_reach_the_log_or_the_delivery_log(
    hook, make_channel, caplog, login_as, admin_user
):
    make_channel("slack", hook.url(SLACK_SECRET))
    make_channel(
        "jira", "JiraTok-Secret-987", base_url=hook.base, email="a@b.co", project_key="OPS"
    )
    # Each provider echoes its own secret back in an error.
    hook.routes[("POST", SLACK_SECRET)] = Reply(500, f"bad hook {SLACK_SECRET}")
    hook.routes[("POST", "/rest/api/3/issue")] = Reply(401, "token JiraTok-Secret-987 is wrong")
    caplog.set_level(logging.DEBUG)
    announce("sla_breach", None, "t", "d", None, ticket=True, dedupe_key="b:1")
    db.session.commit()
    attempts = deliver_ready()
    assert sorted(a.outcome for a in attempts) == ["failed", "retry"]
    page = login_as(admin_user).get("/admin/integrations/deliveries").get_data(as_text=True)
    for text in (caplog.text, page, *(a.error for a in attempts)):
        assert "Zq8SuperSecretToken" not in text
        assert "JiraTok-Secret-987" not in text
    assert "[secret]" in page


def test_changing_the_key_makes_stored_secrets_unreadable_not_wrong(hook, make_channel, configure):
    make_channel("slack", hook.url("/s"))
    configure(integration_key="another-key-" + "y" * 32)
    announce("risk", None, "r", "", None, dedupe_key="risk:2")
    db.session.commit()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed" and "cannot be decrypted" in attempt.error


def test_env_references_are_limited_to_portal_hook_variables(app, hook, monkeypatch, make_channel):
    monkeypatch.setenv("PORTAL_HOOK_OPS_SLACK", hook.url("/from-env"))
    channel = make_channel("slack", "env:PORTAL_HOOK_OPS_SLACK")
    assert channel.secret_ciphertext is None and channel.secret_env == "PORTAL_HOOK_OPS_SLACK"
    announce("risk", None, "r", "", None, dedupe_key="risk:3")
    db.session.commit()
    assert [a.outcome for a in deliver_ready()] == ["sent"]
    assert hook.posts()[0].path == "/from-env"
    for name in ("PORTAL_SECRET_KEY", "PORTAL_DATABASE_URL", "HOME", "PORTAL_HOOK_MISSING"):
        form = channels.read_form(
            {"name": "y", "kind": "slack", "secret": f"env:{name}"}, {"events": ["risk"]}, None
        )
        assert "secret" in form.errors


def test_hints_show_the_host_and_four_characters():
    assert (
        secrets.hint("https://hooks.slack.com/services/T1/B2/abcdWXYZ") == "hooks.slack.com …WXYZ"
    )
    assert secrets.hint("short") == "…"
