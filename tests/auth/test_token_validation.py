"""Tokens the real provider never sends, from a provider of our own (SECURITY.md check 3).

Every one must end in a 4xx page, no session and an audit row naming the reason — never a 500.
"""

import time

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.models import User, UserSession
from portal.core.db import db
from tests.support.oidc import Tamper, provider_settings, split_location


@pytest.fixture
def portal_settings(rogue_provider):
    return provider_settings(rogue_provider.issuer)


def sign_in(client, provider):
    started = client.get("/auth/login")
    if started.status_code != 302:
        return started
    import requests

    at_provider = requests.get(started.headers["Location"], allow_redirects=False, timeout=5)
    path, query = split_location(at_provider.headers["Location"])
    return client.get(path, query_string=query)


def assert_refused(client, reason, status=400):
    response = sign_in(client, None)
    assert response.status_code == status, response.data[:300]
    assert b"Sign-in failed" in response.data
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(UserSession.id)) is None
    db.session.expire_all()
    failures = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed")
    ).all()
    assert [f.details["reason"] for f in failures] == [reason]
    # No token material in the audit log.
    assert "eyJ" not in str(failures[0].details)


def test_an_untampered_token_signs_in(client, rogue_provider):
    response = sign_in(client, rogue_provider)
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.subject == "rogue-subject")) is not None


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (Tamper(claims={"nonce": "not-the-nonce-we-sent"}), "nonce_mismatch"),
        (Tamper(drop_claims=("nonce",)), "nonce_mismatch"),
        (Tamper(claims={"aud": "another-client"}), "audience_mismatch"),
        (Tamper(claims={"aud": ["vendor-portal-dev", "another-client"]}), "audience_mismatch"),
        (Tamper(claims={"azp": "another-client"}), "audience_mismatch"),
        (Tamper(claims={"iss": "https://evil.example"}), "issuer_mismatch"),
        (Tamper(claims={"exp": int(time.time()) - 3600}), "token_expired"),
        (Tamper(claims={"iat": int(time.time()) - 7200}), "bad_timestamps"),
        (Tamper(drop_claims=("exp",)), "bad_timestamps"),
        (Tamper(claims={"iat": int(time.time()) + 3600}), "bad_timestamps"),
        (Tamper(claims={"nbf": int(time.time()) + 3600}), "bad_timestamps"),
        (Tamper(claims={"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"}), "at_hash_mismatch"),
        (Tamper(raw_id_token="not-a-token"), "malformed_id_token"),
        (Tamper(raw_id_token="a.b.c.d.e"), "malformed_id_token"),
        (Tamper(raw_id_token="!!!.e30.sig"), "malformed_id_token"),
        (Tamper(raw_id_token="eyJhbGciOiJSUzI1NiJ9.!!!.c2ln"), "bad_signature"),
        (Tamper(raw_id_token="eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), "bad_signature"),
        (Tamper(drop_claims=("sub",)), "bad_subject"),
        (Tamper(alg="none"), "algorithm_refused"),
        (Tamper(alg="HS256", signer="public-key-hmac"), "algorithm_refused"),
        # Even a provider advertising HS256 does not get it past the allow-list.
        (
            Tamper(alg="HS256", signer="public-key-hmac", discovery_algs=["RS256", "HS256"]),
            "algorithm_refused",
        ),
        (Tamper(signer="attacker", header={"kid": "provider-key"}), "bad_signature"),
        (Tamper(signer="attacker"), "bad_signature"),
        (Tamper(omit_id_token=True), "no_id_token"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_tampered_tokens_are_refused(client, rogue_provider, tamper, reason):
    rogue_provider.tamper = tamper
    assert_refused(client, reason)


def test_token_carrying_its_own_key_is_refused(client, rogue_provider):
    rogue_provider.tamper = Tamper(
        signer="attacker", header={"jwk": rogue_provider.attacker.public_jwk()}
    )
    assert_refused(client, "foreign_key_header")


def test_token_pointing_at_a_foreign_key_set_is_refused(client, rogue_provider):
    rogue_provider.tamper = Tamper(
        signer="attacker", header={"jku": rogue_provider.issuer + "/attacker-jwks"}
    )
    assert_refused(client, "foreign_key_header")


def test_discovery_document_naming_another_issuer_is_refused(client, rogue_provider):
    rogue_provider.tamper = Tamper(discovery_issuer="https://evil.example")
    response = client.get("/auth/login")
    assert response.status_code == 400
    assert b"Sign-in failed" in response.data
    failures = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed")
    ).all()
    assert [f.details["reason"] for f in failures] == ["issuer_mismatch"]
    assert rogue_provider.authorization_requests == []


def test_unreachable_provider_gives_a_clear_503_not_a_500(app, client, rogue_provider):
    from dataclasses import replace

    from portal.auth.oidc import providers

    default = providers().default
    default.provider = replace(default.provider, issuer="http://127.0.0.1:9")
    response = client.get("/auth/login")
    assert response.status_code == 503
    assert b"cannot be reached" in response.data
