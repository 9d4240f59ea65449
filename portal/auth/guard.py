"""The one place where access is enforced, before every view.

1. The browser's server-side session is checked (idle, absolute, logout, disabled, role change).
2. The view's declared policy (portal.auth.access) is applied: anonymous → sign-in; wrong kind of
   person → 403; an object of another vendor → 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, request, url_for
from werkzeug.exceptions import Forbidden, NotFound, Unauthorized

from portal.audit.service import record
from portal.auth.access import DEFAULT_POLICY, Principal, policy_of
from portal.auth.sessions import check_session
from portal.auth.tenancy import NO_VENDOR, may_see_vendor, object_owner
from portal.core.context import Actor, set_actor
from portal.core.db import db
from portal.i18n import gettext as _

ANONYMOUS = Actor(label="anonymous")


def safe_next(value: str | None) -> str | None:
    """`value` if it is a path on this site, else None (no open redirects)."""
    if not value or len(value) > 2000:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def sign_in_response(ended_reason: str | None) -> Response:
    """Send an anonymous browser to the sign-in page (htmx: ask it to go there)."""
    params: dict[str, Any] = {}
    if request.method == "GET" and (wanted := safe_next(request.full_path.rstrip("?"))):
        params["next"] = wanted
    if ended_reason in ("idle", "expired"):
        params["ended"] = ended_reason
    target = url_for("auth.login", **params)
    if request.headers.get("HX-Request") == "true":
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303 if request.method != "GET" else 302)  # type: ignore[return-value]


def deny(
    principal: Principal,
    status: int,
    object_type: str | None = None,
    object_id: str | None = None,
    **details: Any,
) -> None:
    """Record the denial and stop the request with 403 or 404."""
    record(
        "access.denied",
        vendor_id=principal.vendor_id,
        object_type=object_type,
        object_id=object_id,
        path=request.path,
        method=request.method,
        status=status,
        **details,
    )
    db.session.commit()
    if status == 404:
        raise NotFound()
    message = (
        _("Your account is waiting for an administrator to let you in.")
        if principal.kind == "pending"
        else _("Your account does not have access to this page.")
    )
    raise Forbidden(message)


def _enforce() -> Response | None:
    if request.endpoint == "static":
        return None  # stylesheets and scripts, the same for everyone
    check = check_session()
    principal = check.principal
    g.principal = principal
    g.signed_in = principal is not None
    if principal is None:
        set_actor(ANONYMOUS)
    else:
        set_actor(
            Actor(
                user_id=principal.user_id,
                issuer=principal.issuer,
                subject=principal.subject,
                label=principal.email or principal.subject,
            )
        )
    if request.endpoint is None:
        return None  # 404 or 405 follows
    policy = policy_of(current_app.view_functions.get(request.endpoint)) or DEFAULT_POLICY
    if policy.public:
        return None
    if principal is None:
        return sign_in_response(check.ended_reason)
    if not policy.allows_kind(principal.kind):
        deny(principal, 403, reason="role", kind=principal.kind)
    view_args = request.view_args or {}
    for declared in policy.objects:
        owner = object_owner(declared.kind, view_args.get(declared.arg))
        if owner is None:
            raise NotFound()
        if principal.is_staff:
            continue
        if owner == NO_VENDOR or not may_see_vendor(principal, owner):
            deny(
                principal,
                404,
                reason="tenant",
                object_type=declared.kind,
                object_id=str(view_args.get(declared.arg)),
            )
    return None


def init_app(app: Flask) -> None:
    app.before_request(_enforce)

    @app.context_processor
    def _principal() -> dict[str, Any]:
        return {"principal": g.get("principal")}

    # Unauthorized is only raised by views that check for themselves; answer like the guard.
    @app.errorhandler(Unauthorized)
    def _unauthorized(_exc: Unauthorized) -> Any:
        return sign_in_response(None)
