"""Sign-in against a real OpenID provider on loopback (SECURITY.md checks 1, 2, 4, 5, 6)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.auth.models import User, UserSession
from portal.core.db import db
from tests.support.auth import sign_in_with_provider
from tests.support.oidc import split_location


def _query(location):
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_login_redirect_carries_fresh_state_nonce_s256_challenge_minimal_scope_exact_redirect(
    client, oidc_mock
):
    first = client.get("/auth/login")
    second = client.get("/auth/login")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"].startswith(oidc_mock.issuer + "/oauth2/authorize?")
    one, two = _query(first.headers["Location"]), _query(second.headers["Location"])
    assert one["response_type"] == "code"
    assert one["code_challenge_method"] == "S256"
    assert len(one["code_challenge"]) == 43  # base64url of a SHA-256 digest
    assert one["scope"].split() == ["openid", "email", "profile"]
    assert one["redirect_uri"] == "http://localhost/auth/callback"
    assert one["client_id"] == "vendor-portal-dev"
    for key in ("state", "nonce", "code_challenge"):
        assert len(one[key]) >= 32
        assert one[key] != two[key]


def test_vendor_user_signs_in_and_lands_on_the_start_page_of_their_vendor(
    client, oidc_mock, create_user, vendor_a, audit_actions
):
    create_user(issuer=oidc_mock.issuer, subject="alice", vendor_id=vendor_a.id)
    oidc_mock.set_user("alice", email="alice@alpha.example", name="Alice Alpha")

    response = sign_in_with_provider(client, oidc_mock, "alice")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert b"Alice Alpha" in home.data and b"Alpha Logistics Ltd" in home.data
    signed_in = audit_actions("auth.signed_in")
    assert len(signed_in) == 1
    assert signed_in[0].actor_subject == "alice"
    assert signed_in[0].actor_issuer == oidc_mock.issuer
    assert signed_in[0].vendor_id == vendor_a.id


def test_sign_in_returns_to_a_local_next_path_only(client, oidc_mock):
    oidc_mock.set_user("nextuser", email="n@example.com")
    response = sign_in_with_provider(
        client, oidc_mock, "nextuser", "/auth/login?next=/auth/signed-out"
    )
    assert response.headers["Location"] == "/auth/signed-out"
    other = client.application.test_client()
    response = sign_in_with_provider(
        other, oidc_mock, "nextuser", "/auth/login?next=https://evil.example/x"
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/x\r\nSet-Cookie: a=b",
        "evil.example",
    ],
)
def test_next_refuses_anything_but_a_local_path(value):
    from portal.auth.guard import safe_next

    assert safe_next(value) is None


def test_missing_state_is_refused_with_a_4xx_page_no_session_and_an_audit_row(
    client, audit_actions
):
    response = client.get("/auth/callback", query_string={"code": "abc"})
    assert response.status_code == 400
    assert b"Sign-in failed" in response.data
    assert client.get("/").status_code == 302
    assert [e.details["reason"] for e in audit_actions("auth.sign_in_failed")] == ["missing_state"]


def test_wrong_state_is_refused(client, oidc_mock, audit_actions):
    started = client.get("/auth/login")
    callback = oidc_mock.authorize(started.headers["Location"], "someone")
    path, query = split_location(callback)
    query["state"] = "forged-" + query["state"]
    response = client.get(path, query_string=query)
    assert response.status_code == 400
    assert client.get("/").status_code == 302
    assert audit_actions("auth.sign_in_failed")[-1].details["reason"] == "state_mismatch"


def test_replayed_callback_is_refused(client, oidc_mock, audit_actions):
    started = client.get("/auth/login")
    callback = oidc_mock.authorize(started.headers["Location"], "replayer")
    path, query = split_location(callback)
    assert client.get(path, query_string=query).status_code == 302
    replay = client.get(path, query_string=query)
    assert replay.status_code == 400
    assert client.get("/").status_code == 302
    assert audit_actions("auth.sign_in_failed")[-1].details["reason"] == "state_mismatch"


def test_callback_delivered_to_another_browser_is_refused(client, app, oidc_mock):
    started = client.get("/auth/login")
    callback = oidc_mock.authorize(started.headers["Location"], "victim")
    path, query = split_location(callback)
    attacker = app.test_client()
    response = attacker.get(path, query_string=query)
    assert response.status_code == 400
    assert attacker.get("/").status_code == 302
    assert db.session.scalar(select(User).where(User.subject == "victim")) is None


def test_provider_refusal_ends_in_a_4xx_page(client, oidc_mock):
    started = client.get("/auth/login")
    state = _query(started.headers["Location"])["state"]
    response = client.get("/auth/callback", query_string={"state": state, "error": "access_denied"})
    assert response.status_code == 401
    assert b"cancelled or refused" in response.data


def test_known_email_with_a_new_subject_does_not_take_over_the_account(
    client, oidc_mock, create_user, vendor_a
):
    owner = create_user(
        issuer=oidc_mock.issuer,
        subject="real-owner",
        email="boss@alpha.example",
        vendor_id=vendor_a.id,
    )
    oidc_mock.set_user("impostor", email="boss@alpha.example", name="Impostor")
    response = sign_in_with_provider(client, oidc_mock, "impostor")
    assert response.status_code == 302
    impostor = db.session.scalar(select(User).where(User.subject == "impostor"))
    assert impostor is not None and impostor.id != owner.id
    assert impostor.vendor_id is None
    # Lands on the access request page, never inside the tenant.
    assert client.get("/").headers["Location"] == "/auth/access-request"


def test_changed_email_does_not_move_a_user_to_another_vendor(
    client, oidc_mock, create_user, vendor_a, vendor_b
):
    create_user(
        issuer=oidc_mock.issuer, subject="mover", email="m@alpha.example", vendor_id=vendor_a.id
    )
    create_user(
        issuer=oidc_mock.issuer, subject="b-person", email="m@beta.example", vendor_id=vendor_b.id
    )
    oidc_mock.set_user("mover", email="m@beta.example")
    sign_in_with_provider(client, oidc_mock, "mover")
    db.session.expire_all()
    mover = db.session.scalar(select(User).where(User.subject == "mover"))
    assert mover.vendor_id == vendor_a.id
    assert mover.email == "m@beta.example"


def test_the_session_changes_at_sign_in(client, oidc_mock):
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["csrf"] = "planted-before-sign-in-" + "y" * 20
        session["sid"] = "planted-session-id"
    oidc_mock.set_user("fixation", email="f@example.com")
    sign_in_with_provider(client, oidc_mock, "fixation")
    with client.session_transaction() as session:
        assert session.get("csrf") != "planted-before-sign-in-" + "y" * 20
        assert session["sid"] != "planted-session-id"
    assert db.session.scalar(select(UserSession.id)) is not None


def test_claim_mapping_grants_and_removes_a_staff_role(client, app, oidc_mock, audit_actions):
    oidc_mock.set_user("claimed", email="c@portal.example", groups=["reviewer"])
    sign_in_with_provider(client, oidc_mock, "claimed")
    user = db.session.scalar(select(User).where(User.subject == "claimed"))
    assert (user.role, user.role_source) == ("reviewer", "claim")
    assert client.get("/").status_code == 200

    oidc_mock.set_user("claimed", email="c@portal.example", groups=[])
    second = app.test_client()
    sign_in_with_provider(second, oidc_mock, "claimed")
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.role == "vendor" and user.vendor_id is None
    # The first browser's session ended with the role.
    assert client.get("/").status_code == 302
    changes = audit_actions("user.role_changed")
    assert [(c.details["old_role"], c.details["new_role"]) for c in changes] == [
        ("vendor", "reviewer"),
        ("reviewer", "vendor"),
    ]


def test_disabled_account_cannot_sign_in(client, oidc_mock, create_user, audit_actions):
    create_user(issuer=oidc_mock.issuer, subject="gone", disabled=True)
    response = sign_in_with_provider(client, oidc_mock, "gone")
    assert response.status_code == 403
    assert b"disabled" in response.data
    assert client.get("/").status_code == 302
    assert audit_actions("auth.sign_in_failed")[-1].details["reason"] == "account_disabled"


def test_sign_out_ends_the_session_here_and_at_the_provider(client, oidc_mock, audit_actions):
    oidc_mock.set_user("leaver", email="l@example.com")
    sign_in_with_provider(client, oidc_mock, "leaver")
    assert client.get("/auth/logout").status_code == 200  # the confirmation page and its token
    with client.session_transaction() as session:
        csrf = session["csrf"]
    response = client.post("/auth/logout", headers={"X-CSRFToken": csrf})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(oidc_mock.issuer + "/oauth2/end_session?")
    query = _query(location)
    assert query["post_logout_redirect_uri"] == "http://localhost/auth/signed-out"
    assert query["client_id"] == "vendor-portal-dev"
    assert query["id_token_hint"].count(".") == 2
    assert client.get("/").status_code == 302
    assert len(audit_actions("auth.signed_out")) == 1
    row = db.session.scalar(select(UserSession))
    assert row.id_token_hint is None and row.ended_reason == "logout"


def test_the_sign_out_form_may_post_to_the_provider_under_the_csp(client, oidc_mock):
    csp = client.get("/auth/signed-out").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_mock.issuer}" in csp
