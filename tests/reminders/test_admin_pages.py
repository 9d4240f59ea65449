"""Admins edit reminder policies, read the reminder ledger and the outbox in the UI."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.reminders.policy import load_policies
from portal.reminders.run import scheduled_tick
from portal.reminders.schedule import scheduled_instant
from tests.reminders.helpers import days
from tests.reminders.test_mail import reloaded, store


def test_an_admin_changes_the_certificate_policy_and_the_reminders_follow_it(login_as, admin_user):
    client = login_as(admin_user)
    page = client.get("/admin/reminders").get_data(as_text=True)
    assert 'data-testid="policy-certification"' in page and "follows the default" in page
    response = client.post(
        "/admin/reminders",
        data={
            "doc_type": "certification",
            "action": "save",
            "offsets_days": "120, 60, 30",
            "repeat_after_expiry_days": "14",
            "renewal_offsets_days": "60, 30",
            "escalation_days": "21",
            "notify_vendor": "1",
            "enabled": "1",
        },
    )
    assert response.status_code == 303
    policy = load_policies().for_type("certification")
    assert policy.offsets_days == (120, 60, 30)
    assert (policy.repeat_after_expiry_days, policy.escalation_days) == (14, 21)
    assert policy.notify_vendor and not policy.notify_owner
    assert load_policies().for_type("contract").offsets_days == (90, 60, 30, 14, 7, 1, 0)
    saved = select(AuditEvent).where(AuditEvent.action == "reminder_policy.saved")
    event = db.session.scalar(saved)
    assert event is not None and event.actor_user_id == admin_user.id


def test_a_bad_policy_is_refused_beside_its_field_and_keeps_what_was_typed(login_as, admin_user):
    response = login_as(admin_user).post(
        "/admin/reminders",
        data={
            "doc_type": "insurance_certificate",
            "action": "save",
            "offsets_days": "90, soon",
            "repeat_after_expiry_days": "-1",
            "renewal_offsets_days": "",
            "escalation_days": "",
            "enabled": "1",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="90, soon"' in page and 'aria-invalid="true"' in page
    assert "Between 0 (never) and 366 days." in page
    assert not load_policies().for_type("insurance_certificate").customised


def test_a_reset_type_follows_the_default_again(login_as, admin_user):
    client = login_as(admin_user)
    form = {
        "doc_type": "audit_report",
        "offsets_days": "10",
        "repeat_after_expiry_days": "0",
        "renewal_offsets_days": "",
        "escalation_days": "",
        "enabled": "1",
    }
    client.post("/admin/reminders", data={**form, "action": "save"})
    assert load_policies().for_type("audit_report").offsets_days == (10,)
    client.post("/admin/reminders", data={**form, "action": "reset"})
    assert not load_policies().for_type("audit_report").customised
    assert client.post("/admin/reminders", data={**form, "doc_type": "passport"}).status_code == 400


def test_the_outbox_lists_filters_and_shows_a_message(login_as, admin_user):
    sent = store(to="li.wei@vendor.example", subject="证书即将到期", message_id="one@x")
    failed = store(to="anna@vendor.example", subject="Zertifikat läuft ab", message_id="two@x")
    failed.status, failed.last_error, failed.attempts = "failed", "550 mailbox unavailable", 8
    sent.status = "sent"
    db.session.commit()
    client = login_as(admin_user)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert page.count('data-testid="message"') == 2 and "outbox" in page
    only_failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "Zertifikat läuft ab" in only_failed and "证书即将到期" not in only_failed
    by_recipient = client.get("/admin/outbox?recipient=LI.WEI@vendor.example")
    by_recipient = by_recipient.get_data(as_text=True)
    assert "证书即将到期" in by_recipient and "Zertifikat" not in by_recipient
    detail = client.get(f"/admin/outbox/{failed.id}").get_data(as_text=True)
    assert "550 mailbox unavailable" in detail and "Plain text body" in detail
    assert "<p>HTML body</p>" not in detail  # the HTML is never inlined into the admin page


def test_the_outbox_pages_older_messages_by_id(login_as, admin_user, monkeypatch):
    monkeypatch.setattr("portal.outbox.views.PAGE_SIZE", 2)
    ids = [store(message_id=f"m{n}@x", subject=f"Message {n}").id for n in range(5)]
    client = login_as(admin_user)
    first = client.get("/admin/outbox").get_data(as_text=True)
    assert "Message 4" in first and "Message 3" in first and "Message 2" not in first
    second = client.get(f"/admin/outbox?before={ids[3]}").get_data(as_text=True)
    assert "Message 2" in second and "Message 1" in second and "Message 4" not in second


def test_the_html_version_is_served_in_a_sandbox(login_as, admin_user):
    message = store(html_body="<p>Hello</p><script>alert(1)</script>")
    response = login_as(admin_user).get(f"/admin/outbox/{message.id}/html")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox") and "default-src 'none'" in policy
    assert "script-src" not in policy


def test_only_a_failed_message_is_sent_again(login_as, admin_user):
    message = store()
    message.status = "sent"
    db.session.commit()
    client = login_as(admin_user)
    refused = client.post(f"/admin/outbox/{message.id}/retry", follow_redirects=True)
    assert "Only a failed message can be sent again." in refused.get_data(as_text=True)
    assert reloaded(message).status == "sent"
    message.status, message.attempts, message.last_error = "failed", 8, "timed out"
    db.session.commit()
    response = client.post(f"/admin/outbox/{message.id}/retry")
    assert response.status_code == 303
    row = reloaded(message)
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, None)


def test_a_vendor_or_reviewer_cannot_read_the_outbox(login_as, vendor_a_user, reviewer_user):
    message = store()
    for user in (vendor_a_user, reviewer_user):
        assert login_as(user).get(f"/admin/outbox/{message.id}").status_code == 403
        assert login_as(user).get("/admin/reminders").status_code == 403


def test_the_history_shows_each_reminder_with_its_message_and_the_daily_run(
    login_as, admin_user, make
):
    owner = make.staff()
    vendor = make.vendor(owner)
    make.contact(vendor, "ana@vendor.example")
    make.document(vendor, days(10))
    scheduled_tick(scheduled_instant(days(0)))
    page = login_as(admin_user).get("/admin/reminders/history").get_data(as_text=True)
    assert page.count('data-testid="run"') == 1
    assert 'data-testid="reminder"' in page and "ana@vendor.example" in page
    filtered = login_as(admin_user).get("/admin/reminders/history?recipient=nobody@x.example")
    assert "ana@vendor.example" not in filtered.get_data(as_text=True)
