"""The delivery ledger: one post per event and channel, retries with backoff, exactly once after
an outage, Retry-After, timeouts, and no second tracker issue after an uncertain attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.integrations.delivery import backoff_seconds, deliver_ready, retry_delivery
from portal.integrations.models import Delivery
from portal.integrations.service import announce
from tests.integrations.conftest import Reply


def _event(key="breach:1", ticket=False, vendor_id=None):
    result = announce(
        "sla_breach",
        vendor_id,
        "Uptime breach",
        "Below 99.5 %",
        None,
        ticket=ticket,
        dedupe_key=key,
    )
    db.session.commit()
    return result


def _deliveries():
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def test_announcing_the_same_event_twice_posts_once(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    assert len(_event().created) == 1
    again = _event()
    assert again.created == () and again.already == 1
    deliver_ready()
    deliver_ready(utcnow() + timedelta(hours=1))
    assert len(hook.posts()) == 1


def test_nothing_is_delivered_when_the_reporting_transaction_rolls_back(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    announce("risk", None, "Risk", "", None, dedupe_key="risk:9")
    db.session.rollback()
    assert _deliveries() == []
    assert deliver_ready() == []


def test_a_provider_down_then_back_gets_the_event_exactly_once(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    hook.replies = [Reply(500, "boom"), Reply(503, "down"), Reply(200, "ok")]
    _event()
    now = utcnow()
    outcomes = []
    for _ in range(6):  # passes at every due time, and some when nothing is due
        outcomes += [a.outcome for a in deliver_ready(now)]
        now += timedelta(hours=2)
    assert outcomes == ["retry", "retry", "sent"]
    assert len(hook.posts()) == 3
    (delivery,) = _deliveries()
    assert delivery.status == "sent" and delivery.attempts == 3 and delivery.last_error is None


def test_failures_wait_longer_each_time(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    hook.default = Reply(500, "down")
    _event()
    now = utcnow()
    deliver_ready(now)
    (delivery,) = _deliveries()
    assert delivery.next_attempt_at == pytest.approx(
        now + timedelta(seconds=30), abs=timedelta(seconds=1)
    )
    assert deliver_ready(now + timedelta(seconds=10)) == []  # not due yet
    later = now + timedelta(seconds=31)
    deliver_ready(later)
    (delivery,) = _deliveries()
    assert delivery.next_attempt_at == pytest.approx(
        later + timedelta(seconds=60), abs=timedelta(seconds=1)
    )
    assert [backoff_seconds(n) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_rate_limited_deliveries_wait_as_long_as_retry_after_says(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    hook.replies = [Reply(429, "rate_limited", {"Retry-After": "900"})]
    _event()
    now = utcnow()
    (attempt,) = deliver_ready(now)
    assert attempt.outcome == "retry"
    (delivery,) = _deliveries()
    assert delivery.last_status_code == 429
    assert delivery.next_attempt_at >= now + timedelta(seconds=899)
    assert deliver_ready(now + timedelta(seconds=600)) == []
    assert [a.outcome for a in deliver_ready(now + timedelta(seconds=901))] == ["sent"]


def test_a_slow_provider_times_out_and_is_retried(hook, make_channel, configure):
    configure(integration_timeout_seconds=1)
    make_channel("slack", hook.url("/s"))
    hook.replies = [Reply(200, "ok", delay=2.5)]
    _event()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "retry"
    assert "did not answer within 1 s" in attempt.error


def test_after_the_last_attempt_the_delivery_fails_and_an_admin_can_retry(
    hook, make_channel, configure
):
    configure(integration_max_attempts=2)
    make_channel("slack", hook.url("/s"))
    hook.default = Reply(500, "down")
    _event()
    now = utcnow()
    assert [a.outcome for a in deliver_ready(now)] == ["retry"]
    assert [a.outcome for a in deliver_ready(now + timedelta(hours=1))] == ["failed"]
    assert deliver_ready(now + timedelta(days=1)) == []
    (delivery,) = _deliveries()
    assert delivery.status == "failed" and "HTTP 500" in delivery.last_error
    hook.default = Reply(200, "ok")
    assert retry_delivery(delivery.id)
    db.session.commit()
    assert [a.outcome for a in deliver_ready()] == ["sent"]


def test_client_errors_are_not_retried(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    hook.default = Reply(404, "no_service")
    _event()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed" and "no_service" in attempt.error


def test_redirects_are_not_followed(hook, make_channel):
    make_channel("slack", hook.url("/s"))
    hook.replies = [Reply(302, "", {"Location": "http://169.254.169.254/latest/meta-data/"})]
    _event()
    (attempt,) = deliver_ready()
    assert attempt.outcome == "failed" and "redirects are not followed" in attempt.error
    assert len(hook.requests) == 1


def test_a_jira_issue_is_not_opened_twice_after_an_uncertain_attempt(hook, make_channel):
    make_channel("jira", "tok-abcdef", base_url=hook.base, email="a@b.co", project_key="OPS")
    # Jira created the issue but the answer was lost (a gateway error).
    hook.replies = [Reply(504, "gateway timeout")]
    hook.routes[("GET", "/rest/api/3/search/jql")] = Reply(
        200, {"issues": [{"id": "1", "key": "OPS-7"}]}
    )
    _event(ticket=True)
    now = utcnow()
    assert [a.outcome for a in deliver_ready(now)] == ["retry"]
    assert [a.outcome for a in deliver_ready(now + timedelta(hours=1))] == ["sent"]
    creates = [r for r in hook.requests if r.method == "POST"]
    searches = [r for r in hook.requests if r.method == "GET"]
    assert len(creates) == 1 and len(searches) == 1
    assert "labels" in searches[0].path and "vp-" in searches[0].path
    (delivery,) = _deliveries()
    assert delivery.ticket_key == "OPS-7" and not delivery.uncertain


def test_an_asana_task_is_created_when_the_lookup_finds_none(hook, make_channel):
    make_channel("asana", "pat-0123456789", base_url=hook.url("/api/1.0"), project_gid="42")
    hook.replies = [Reply(502, "bad gateway")]
    hook.routes[("GET", "/api/1.0/projects/42/tasks")] = Reply(200, {"data": []})
    _event(ticket=True)
    now = utcnow()
    deliver_ready(now)  # the create answers 502: uncertain
    hook.routes[("POST", "/api/1.0/tasks")] = Reply(201, {"data": {"gid": "99"}})
    assert [a.outcome for a in deliver_ready(now + timedelta(hours=1))] == ["sent"]
    assert [r.method for r in hook.requests] == ["POST", "GET", "POST"]
    (delivery,) = _deliveries()
    assert delivery.ticket_key == "99"


def test_two_workers_never_post_the_same_delivery(hook, make_channel):
    import threading

    make_channel("slack", hook.url("/s"))
    hook.default = Reply(200, "ok", delay=0.3)
    _event()
    from flask import current_app

    app = current_app._get_current_object()
    results = []

    def work():
        with app.app_context():
            results.extend(a.outcome for a in deliver_ready())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count("sent") == 1
    assert len(hook.posts()) == 1
