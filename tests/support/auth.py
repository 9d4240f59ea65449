"""Signed-in test clients for every feature's tests.

    def test_something(login_as, vendor_a_user, reviewer_user):
        owner = login_as(vendor_a_user)          # a test client with a real server-side session
        owner.post("/x", data={...})             # the CSRF header is already set
        anonymous = login_as(None)

`login_as` creates the session exactly as the OIDC callback does (portal.auth.sessions) and puts
its id in the client's cookie. `sign_in_with_provider` goes through the real provider instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.auth.sessions import SESSION_ID_KEY, create_session_record
from portal.core.db import db
from portal.core.security import CSRF_SESSION_KEY
from portal.vendors.models import Vendor
from tests.support.oidc import MockProvider, split_location

TEST_CSRF_TOKEN = "test-csrf-token-" + "x" * 32


@pytest.fixture
def vendor_b_user(create_user: Any, vendor_b: Vendor) -> User:
    user: User = create_user(role="vendor", vendor_id=vendor_b.id)
    return user


@pytest.fixture
def reviewer_user(create_user: Any) -> User:
    user: User = create_user(role="reviewer", name="Rita Reviewer")
    return user


@pytest.fixture
def admin_user(create_user: Any) -> User:
    user: User = create_user(role="admin", name="Adam Admin")
    return user


@pytest.fixture
def pending_user(create_user: Any) -> User:
    user: User = create_user(role="vendor", vendor_id=None, name="Pat Pending")
    return user


def client_signed_in_as(app: Flask, user: User | None, csrf: bool = True) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session[CSRF_SESSION_KEY] = TEST_CSRF_TOKEN
        if user is not None:
            token = create_session_record(user, "test")
            db.session.commit()
            session[SESSION_ID_KEY] = token
    if csrf:
        client.environ_base["HTTP_X_CSRFTOKEN"] = TEST_CSRF_TOKEN
    return client


@pytest.fixture
def login_as(app: Flask) -> Any:
    """`login_as(user)` → a new test client signed in as `user` (None: anonymous)."""

    def make(user: User | None, csrf: bool = True) -> FlaskClient:
        return client_signed_in_as(app, user, csrf)

    return make


def sign_in_with_provider(
    client: FlaskClient, provider: MockProvider, subject: str, start: str = "/auth/login"
) -> Any:
    """The real flow: our login redirect → the provider's page (pick `subject`) → our callback."""
    started = client.get(start)
    assert started.status_code == 302, started.data[:500]
    callback = provider.authorize(started.headers["Location"], subject)
    path, query = split_location(callback)
    assert path == "/auth/callback"
    return client.get(path, query_string=query)
