"""Sessions end on the server (SECURITY.md check 6)."""

from datetime import timedelta

from sqlalchemy import select, update

from portal.auth import accounts
from portal.auth.models import User, UserSession
from portal.core.db import db, utcnow


def _session_row(user):
    db.session.expire_all()
    return db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))


def test_logout_ends_the_session_on_the_server_so_a_copied_cookie_is_dead(
    app, login_as, vendor_a_user
):
    client = login_as(vendor_a_user)
    assert client.get("/").status_code == 200
    copy = app.test_client()
    copy.set_cookie("portal_session", client.get_cookie("portal_session").value)
    assert copy.get("/").status_code == 200

    assert client.post("/auth/logout").status_code == 303
    assert client.get("/").status_code == 302
    assert copy.get("/").status_code == 302
    row = _session_row(vendor_a_user)
    assert row.ended_reason == "logout" and row.ended_at is not None


def test_idle_limit_ends_the_session(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    assert client.get("/").status_code == 200
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert "ended=idle" in response.headers["Location"]
    assert _session_row(vendor_a_user).ended_reason == "idle"


def test_activity_keeps_the_session_alive(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=29)))
    db.session.commit()
    assert client.get("/").status_code == 200
    assert utcnow() - _session_row(vendor_a_user).last_seen_at < timedelta(minutes=1)


def test_absolute_limit_ends_the_session_even_when_active(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    db.session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert "ended=expired" in response.headers["Location"]


def test_limits_come_from_configuration(app, login_as, vendor_a_user):
    from dataclasses import replace

    assert (
        app.config["PORTAL"].session_idle_minutes,
        app.config["PORTAL"].session_absolute_hours,
    ) == (30, 12)
    app.config["PORTAL"] = replace(
        app.config["PORTAL"], session_idle_minutes=5, session_absolute_hours=1
    )
    client = login_as(vendor_a_user)
    row = _session_row(vendor_a_user)
    assert row.expires_at - row.created_at == timedelta(hours=1)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    assert client.get("/").status_code == 302


def test_disabled_user_is_denied_on_the_very_next_request(login_as, vendor_a_user):
    client = login_as(vendor_a_user)
    assert client.get("/").status_code == 200
    accounts.set_disabled(db.session.get(User, vendor_a_user.id), True)
    db.session.commit()
    assert client.get("/").status_code == 302
    assert _session_row(vendor_a_user).ended_reason == "disabled"


def test_removed_role_is_denied_on_the_very_next_request(login_as, admin_user):
    client = login_as(admin_user)
    assert client.get("/admin/users").status_code == 200
    accounts.set_role(db.session.get(User, admin_user.id), "vendor")
    db.session.commit()
    assert client.get("/admin/users").status_code == 302
    # Signing in again gives the new, smaller rights.
    again = login_as(db.session.get(User, admin_user.id))
    assert again.get("/admin/users").status_code == 403


def test_admin_disabling_a_user_through_the_page_ends_their_sessions(
    login_as, admin_user, vendor_a_user
):
    victim = login_as(vendor_a_user)
    admin = login_as(admin_user)
    response = admin.post(f"/admin/users/{vendor_a_user.id}/disable", data={"disabled": "1"})
    assert response.status_code == 303
    assert victim.get("/").status_code == 302
