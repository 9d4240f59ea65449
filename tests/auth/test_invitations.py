"""Vendor invitations and access requests, through the real provider."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.auth.invitations import create_invitation
from portal.auth.models import AccessRequest, Invitation, User
from portal.core.db import db, utcnow
from tests.support.auth import sign_in_with_provider


def _invite(admin_client, vendor, email):
    response = admin_client.post(
        "/admin/invitations", data={"vendor_id": vendor.id, "email": email}
    )
    assert response.status_code == 200
    link = re.search(rb'data-testid="invitation-link">([^<]+)<', response.data).group(1).decode()
    return link.removeprefix("http://localhost")


def _accept(client, oidc_mock, path, subject):
    page = client.get(path)
    assert page.status_code == 200
    started = client.post(path, headers={"X-CSRFToken": _csrf(client)})
    assert started.status_code == 303
    return sign_in_with_provider(client, oidc_mock, subject, started.headers["Location"])


def _csrf(client):
    with client.session_transaction() as session:
        return session["csrf"]


def test_invited_contact_signs_in_and_joins_the_vendor(
    app, login_as, admin_user, vendor_a, oidc_mock, audit_actions
):
    path = _invite(login_as(admin_user), vendor_a, "new.contact@alpha.example")
    assert db.session.scalar(select(Invitation.token_hash)) not in path  # only the hash is kept
    oidc_mock.set_user("invitee", email="New.Contact@alpha.example", email_verified=True)
    browser = app.test_client()

    response = _accept(browser, oidc_mock, path, "invitee")

    assert response.status_code == 302
    home = browser.get("/")
    assert home.status_code == 200 and b"Alpha Logistics Ltd" in home.data
    user = db.session.scalar(select(User).where(User.subject == "invitee"))
    assert user.vendor_id == vendor_a.id
    used = audit_actions("invitation.used")
    assert len(used) == 1 and used[0].vendor_id == vendor_a.id


def test_an_invitation_works_once(app, login_as, admin_user, vendor_a, oidc_mock):
    path = _invite(login_as(admin_user), vendor_a, "once@alpha.example")
    oidc_mock.set_user("first", email="once@alpha.example")
    _accept(app.test_client(), oidc_mock, path, "first")
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert b"already been used" in again.data


def test_expired_or_withdrawn_invitations_are_refused(app, admin_user, vendor_a):
    expired = create_invitation(vendor_a, "late@alpha.example", None, timedelta(seconds=-1))
    withdrawn = create_invitation(vendor_a, "w@alpha.example", None)
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == withdrawn.invitation.id)
        .values(revoked_at=utcnow())
    )
    db.session.commit()
    client = app.test_client()
    assert b"expired" in client.get(f"/auth/invitations/{expired.token}").data
    assert b"withdrawn" in client.get(f"/auth/invitations/{withdrawn.token}").data
    assert client.get("/auth/invitations/made-up-token").status_code == 410


def test_invitation_accepted_by_another_address_does_not_join(
    app, login_as, admin_user, vendor_a, oidc_mock, audit_actions
):
    path = _invite(login_as(admin_user), vendor_a, "intended@alpha.example")
    oidc_mock.set_user("forwarded-to", email="someone.else@example.com")
    browser = app.test_client()
    response = _accept(browser, oidc_mock, path, "forwarded-to")
    assert response.status_code == 403
    assert b"another e-mail address" in response.data
    assert browser.get("/").status_code == 302
    assert db.session.scalar(select(User).where(User.subject == "forwarded-to")) is None
    assert audit_actions("auth.sign_in_failed")[-1].details["reason"] == "invitation_email_mismatch"
    assert db.session.scalar(select(Invitation.used_at)) is None


def test_member_of_one_vendor_cannot_join_another_by_invitation(
    app, login_as, admin_user, vendor_a, vendor_b, oidc_mock, create_user
):
    create_user(
        issuer=oidc_mock.issuer, subject="loyal", email="loyal@beta.example", vendor_id=vendor_b.id
    )
    path = _invite(login_as(admin_user), vendor_a, "loyal@beta.example")
    oidc_mock.set_user("loyal", email="loyal@beta.example")
    response = _accept(app.test_client(), oidc_mock, path, "loyal")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(User.vendor_id).where(User.subject == "loyal")) == vendor_b.id


def test_first_sign_in_without_invitation_asks_for_access_and_an_admin_approves(
    app, client, login_as, admin_user, vendor_a, oidc_mock, audit_actions
):
    oidc_mock.set_user("stranger", email="s@gamma.example", name="Sam Stranger")
    sign_in_with_provider(client, oidc_mock, "stranger")
    assert client.get("/").headers["Location"] == "/auth/access-request"
    assert client.get("/admin/users").status_code == 403
    response = client.post(
        "/auth/access-request",
        data={"organisation": "Alpha Logistics", "message": "I run their compliance"},
        headers={"X-CSRFToken": _csrf(client)},
    )
    assert response.status_code == 303
    assert b"waiting for an administrator" in client.get("/auth/access-request").data

    admin = login_as(admin_user)
    listing = admin.get("/admin/access-requests")
    assert b"Sam Stranger" in listing.data
    item = db.session.scalar(select(AccessRequest))
    decided = admin.post(
        f"/admin/access-requests/{item.id}/approve",
        data={"role": "vendor", "vendor_id": vendor_a.id},
    )
    assert decided.status_code == 303
    # The approval changed the role: the old session ends, the next sign-in is inside the vendor.
    assert client.get("/").status_code == 302
    sign_in_with_provider(client, oidc_mock, "stranger")
    assert b"Alpha Logistics Ltd" in client.get("/").data
    assert [e.action for e in audit_actions("access_request.")] == [
        "access_request.submitted",
        "access_request.approved",
    ]


def test_mass_assignment_on_the_access_request_changes_nothing(login_as, pending_user, vendor_b):
    client = login_as(pending_user)
    client.post(
        "/auth/access-request",
        data={
            "organisation": "Acme",
            "status": "approved",
            "vendor_id": vendor_b.id,
            "role": "admin",
            "is_admin": "true",
            "granted_role": "admin",
        },
    )
    db.session.expire_all()
    item = db.session.scalar(select(AccessRequest))
    assert (item.status, item.vendor_id, item.granted_role) == ("pending", None, None)
    user = db.session.get(User, pending_user.id)
    assert (user.role, user.vendor_id) == ("vendor", None)
    assert client.get("/").headers["Location"] == "/auth/access-request"


def test_two_admins_deciding_the_same_request_one_wins_the_other_gets_409(
    login_as, create_user, pending_user, vendor_a, audit_actions
):
    first = login_as(create_user(role="admin"))
    second = login_as(create_user(role="admin"))
    login_as(pending_user).post("/auth/access-request", data={"organisation": "Acme"})
    item = db.session.scalar(select(AccessRequest))
    url = f"/admin/access-requests/{item.id}"
    assert first.post(url + "/approve", data={"vendor_id": vendor_a.id}).status_code == 303
    late = second.post(url + "/decline", data={"note": "no"})
    assert late.status_code == 409
    db.session.expire_all()
    assert db.session.get(AccessRequest, item.id).status == "approved"
    assert len(audit_actions("access_request.approved")) == 1
    assert audit_actions("access_request.declined") == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a b@c.d"])
def test_invitation_needs_a_valid_address(login_as, admin_user, vendor_a, email):
    response = login_as(admin_user).post(
        "/admin/invitations", data={"vendor_id": vendor_a.id, "email": email}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Invitation.id)) is None
