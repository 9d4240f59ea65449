"""Cookies, headers, CSRF, rate limits and error pages (SECURITY.md checks 7, 8, 23)."""

from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from portal.app import create_app
from portal.audit.models import AuditEvent
from portal.core.db import Base, db
from tests.security.matrix import ROUTE_TABLES_CHANGED_BY_READING


@contextmanager
def another_app(settings):
    """A second application (another configuration or replica), cleaned up after use."""
    application = create_app(settings)
    with application.app_context():
        try:
            yield application
        finally:
            db.remove()
            db.engine.dispose()


def test_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.get("/auth/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert cookie.startswith("portal_session=")


def test_https_deployment_gets_secure_cookie_and_hsts(backend, portal_settings):
    with another_app(
        {**backend.settings, **portal_settings, "PORTAL_BASE_URL": "https://portal.example"}
    ) as app:
        response = app.test_client().get("/auth/login")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_cookie_uses_the_host_prefix(backend, portal_settings, rogue_provider):
    settings = {
        **backend.settings,
        **portal_settings,
        "PORTAL_ENV": "production",
        "PORTAL_BASE_URL": "https://portal.example",
    }
    # Production refuses a plain-http issuer; the rogue provider is http, so none is configured.
    for key in ("PORTAL_OIDC_ISSUER", "PORTAL_OIDC_CLIENT_ID", "PORTAL_OIDC_CLIENT_SECRET"):
        settings.pop(key)
    with another_app(settings) as app:
        response = app.test_client().get("/auth/signed-out")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_production_refuses_a_plain_http_issuer(backend, rogue_provider):
    from portal.core.config import ConfigError
    from tests.support.oidc import provider_settings

    with pytest.raises(ConfigError, match="PORTAL_OIDC_ISSUER"):
        create_app(
            {
                **backend.settings,
                **provider_settings(rogue_provider.issuer),
                "PORTAL_ENV": "production",
                "PORTAL_BASE_URL": "https://portal.example",
            }
        )


def test_pages_carry_the_security_headers(login_as, vendor_a_user):
    response = login_as(vendor_a_user).get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    # Over plain http (development) there is no HSTS.
    assert "Strict-Transport-Security" not in response.headers


def test_pages_have_no_inline_script_and_put_the_csrf_token_on_body(login_as, vendor_a_user):
    html = login_as(vendor_a_user).get("/").get_data(as_text=True)
    assert "<script>" not in html and "onclick" not in html and "style=" not in html
    assert 'hx-headers=\'{"X-CSRFToken": "test-csrf-token-' in html


def test_state_changing_request_without_csrf_token_is_refused(login_as, pending_user):
    client = login_as(pending_user, csrf=False)
    response = client.post("/auth/access-request", data={"organisation": "Acme"})
    assert response.status_code == 400
    assert b"expired" in response.data
    response = client.post(
        "/auth/access-request",
        data={"organisation": "Acme"},
        headers={"X-CSRFToken": "wrong-" + "z" * 40},
    )
    assert response.status_code == 400
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "access_request.submitted")
        )
        == 0
    )


def test_csrf_token_as_form_field_or_htmx_header_is_accepted(login_as, pending_user):
    from tests.support.auth import TEST_CSRF_TOKEN

    client = login_as(pending_user, csrf=False)
    as_field = client.post(
        "/auth/access-request", data={"organisation": "Acme", "csrf_token": TEST_CSRF_TOKEN}
    )
    assert as_field.status_code == 303
    as_htmx = client.post(
        "/auth/access-request",
        data={"organisation": "Acme"},
        headers={"X-CSRFToken": TEST_CSRF_TOKEN, "HX-Request": "true"},
    )
    assert as_htmx.status_code == 303


def test_logout_is_not_possible_by_get_or_without_the_token(login_as, vendor_a_user):
    client = login_as(vendor_a_user, csrf=False)
    assert client.get("/auth/logout").status_code == 200  # a confirmation page
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_no_get_request_changes_stored_data(app, login_as, admin_user, vendor_a):
    """Walk every GET route as an admin and compare every table (check 8: no GET changes state)."""
    from tests.security.matrix import application_routes, url_for_route
    from tests.security.test_access_matrix import _create_objects

    client = login_as(admin_user)
    client.get("/")  # the session's first request may refresh last_seen

    def snapshot():
        db.session.expire_all()
        counts = {}
        for table in Base.metadata.sorted_tables:
            if table.name in ROUTE_TABLES_CHANGED_BY_READING:
                continue
            rows = db.session.execute(select(table)).all()
            counts[table.name] = sorted(map(repr, rows))
        return counts

    for route, policy in application_routes(app):
        if route.method != "GET" or policy is None:
            continue
        values, _ = _create_objects(policy, vendor_a)
        before = snapshot()
        client.get(url_for_route(route, values))
        assert snapshot() == before, route.id


def test_sign_in_is_rate_limited_with_a_clear_429(backend, portal_settings):
    limits = {"RATE_LIMITS": {"sign-in": (3, 60)}}
    with another_app({**backend.settings, **portal_settings, **limits}) as app:
        client = app.test_client()
        statuses = [client.get("/auth/callback").status_code for _ in range(4)]
        assert statuses == [400, 400, 400, 429]
        response = client.get("/auth/login")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "60"
        assert b"Too many requests" in response.data
        # Another client (address) is unaffected.
        other = client.get("/auth/login", environ_base={"REMOTE_ADDR": "127.0.0.2"})
        assert other.status_code == 302


@pytest.mark.both_backends
def test_rate_limit_is_shared_through_redis_when_the_queue_is_on_redis(backend, portal_settings):
    limits = {"RATE_LIMITS": {"sign-in": (2, 60)}}
    with another_app({**backend.settings, **portal_settings, **limits}) as first:
        first.test_client().get("/auth/callback")
        first.test_client().get("/auth/callback")
    with another_app({**backend.settings, **portal_settings, **limits}) as second:
        status = second.test_client().get("/auth/callback").status_code
    # Two replicas share the count on Redis; each counts alone in memory.
    assert status == (429 if backend.name == "postgres" else 400)


def test_unexpected_error_shows_a_generic_page_without_a_stack_trace(app, login_as):
    from portal.auth.access import public

    def broken():
        raise RuntimeError("secret internals: db password hunter2")

    app.add_url_rule("/broken", "broken", public("test")(broken))
    response = login_as(None).get("/broken")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body
    assert "request id" in body.lower()


def test_unknown_page_is_a_404_page(login_as, vendor_a_user):
    response = login_as(vendor_a_user).get("/no/such/page")
    assert response.status_code == 404
    assert b"Not found" in response.data
