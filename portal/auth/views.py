"""Sign-in, sign-out, invitations and access requests: `/auth/...`."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from portal.audit.service import record
from portal.auth import access_requests
from portal.auth.access import current_principal, login_required, public, require_principal
from portal.auth.accounts import user_for_identity
from portal.auth.guard import safe_next
from portal.auth.invitations import (
    InvitationRefused,
    accept_invitation,
    token_hash,
    usable_invitation,
)
from portal.auth.models import User
from portal.auth.oidc import Identity, ProviderClient, SignInError, providers
from portal.auth.sessions import end_current_session, open_session
from portal.core.context import Actor, set_actor
from portal.core.db import db
from portal.core.security import rate_limited
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

bp = Blueprint("auth", __name__, url_prefix="/auth")

PENDING_KEY = "oidc"
INVITATION_KEY = "invitation"
PENDING_TTL_SECONDS = 600
MAX_PENDING = 4


def _dev_panel() -> list[dict[str, str]] | None:
    """Demo accounts to pick at the development provider (development only)."""
    settings = current_app.config["PORTAL"]
    if settings.env != "development":
        return None
    dev_issuer = f"http://127.0.0.1:{settings.dev_oidc_port}"
    if not any(client.issuer == dev_issuer for client in providers()):
        return None
    from portal.demo.data import USERS

    return [
        {"subject": u.subject, "name": u.name, "role": u.role, "vendor": u.vendor or ""}
        for u in USERS
    ]


@bp.get("/login")
@public("the sign-in page")
@rate_limited("sign-in")
def login() -> Any:
    next_path = safe_next(request.args.get("next"))
    if current_principal() is not None and not request.args.get("force"):
        return redirect(next_path or url_for("home.index"))
    clients = list(providers())
    if not clients:
        return render_template("auth/login.html", providers=[], next=next_path), 503
    dev_users = _dev_panel()
    if len(clients) == 1 and dev_users is None and not request.args.get("ended"):
        return _start(clients[0], next_path)
    return render_template(
        "auth/login.html",
        providers=clients,
        next=next_path,
        dev_users=dev_users,
        ended=request.args.get("ended"),
    )


@bp.get("/login/<name>")
@public("starts sign-in at the named provider")
@rate_limited("sign-in")
def login_with(name: str) -> Any:
    client = providers().get(name)
    if client is None:
        abort(404)
    return _start(client, safe_next(request.args.get("next")))


def _start(client: ProviderClient, next_path: str | None) -> Any:
    try:
        authorization = client.authorization_request()
    except SignInError as exc:
        return _failed(exc, client.name)
    pending = _pending()
    pending[authorization.state] = {
        "p": client.name,
        "n": authorization.nonce,
        "v": authorization.code_verifier,
        "next": next_path,
        "t": time.time(),
    }
    # Several tabs may sign in at once; keep the newest few.
    newest = sorted(pending.items(), key=lambda item: item[1]["t"])[-MAX_PENDING:]
    session[PENDING_KEY] = dict(newest)
    return redirect(authorization.url)


def _pending() -> dict[str, dict[str, Any]]:
    stored = session.get(PENDING_KEY)
    if not isinstance(stored, dict):
        return {}
    now = time.time()
    return {
        state: entry
        for state, entry in stored.items()
        if isinstance(entry, dict) and now - float(entry.get("t", 0)) < PENDING_TTL_SECONDS
    }


@bp.get("/callback")
@public("the provider sends the browser back here")
@rate_limited("sign-in")
def callback() -> Any:
    state = request.args.get("state", "")
    pending = _pending()
    entry = pending.pop(state, None) if state else None
    session[PENDING_KEY] = pending  # a state is good for one callback only
    provider_name = entry["p"] if entry else None
    identity: Identity | None = None
    try:
        if not state:
            raise SignInError("missing_state", "the callback carries no state")
        if entry is None:
            raise SignInError("state_mismatch", "no sign-in with this state in this browser")
        client = providers().get(entry["p"])
        if client is None:
            raise SignInError("unknown_provider", entry["p"])
        if error := request.args.get("error"):
            raise SignInError("provider_error", error[:100], status=401)
        code = request.args.get("code")
        if not code:
            raise SignInError("missing_code", "the callback carries no code")
        identity = client.complete(code, entry["n"], entry["v"])
        user = user_for_identity(identity, client.provider)
        if user.disabled:
            raise SignInError("account_disabled", f"user {user.id}", status=403)
        invitation = session.get(INVITATION_KEY)
        if isinstance(invitation, str):
            accept_invitation(invitation, user, identity)
    except (SignInError, InvitationRefused) as exc:
        return _failed(exc, provider_name, identity)

    open_session(user, client.name, identity.id_token, request.remote_addr)
    set_actor(Actor(user.id, user.issuer, user.subject, user.email or user.subject))
    record("auth.signed_in", vendor_id=user.vendor_id, provider=client.name, role=user.role)
    db.session.commit()
    return redirect(safe_next(entry.get("next")) or url_for("home.index"))


FAILURE_MESSAGES = {
    "provider_unavailable": _l(
        "The sign-in provider cannot be reached right now. Please try again in a few minutes."
    ),
    "provider_error": _l("Sign-in was cancelled or refused at the sign-in provider."),
    "account_disabled": _l("This account has been disabled. Please contact your administrator."),
    "missing_state": _l("This sign-in link is incomplete or was already used. Please start again."),
    "state_mismatch": _l(
        "This sign-in was not started in this browser, or it was already completed. Please "
        "start again."
    ),
}
UNVERIFIED_ANSWER = _l(
    "The answer from the sign-in provider could not be verified, so you were not signed in. "
    "Please start again; if it keeps happening, contact support."
)


def _failed(
    exc: SignInError | InvitationRefused, provider: str | None, identity: Identity | None = None
) -> Any:
    """Refuse the sign-in: nothing of it is kept but an audit row naming the reason."""
    db.session.rollback()
    if isinstance(exc, InvitationRefused):
        session.pop(INVITATION_KEY, None)  # a refused invitation is not tried again
    reason = exc.reason if isinstance(exc, SignInError) else f"invitation_{exc.reason}"
    # Who tried, when the provider told us (never the token itself).
    actor = Actor(issuer=identity.issuer, subject=identity.subject) if identity else None
    detail = exc.detail[:300] if isinstance(exc, SignInError) else ""
    record("auth.sign_in_failed", actor=actor, reason=reason, detail=detail, provider=provider)
    db.session.commit()
    current_app.logger.warning("sign-in refused: %s", reason)
    if isinstance(exc, InvitationRefused):
        return render_template("auth/sign_in_failed.html", message=exc.message), 403
    message = FAILURE_MESSAGES.get(exc.reason, UNVERIFIED_ANSWER)
    return render_template("auth/sign_in_failed.html", message=message), exc.status


@bp.get("/logout")
@public("the sign-out confirmation; signing out itself is a POST")
def logout_confirm() -> Any:
    if current_principal() is None:
        return redirect(url_for("auth.signed_out"))
    return render_template("auth/logout.html")


@bp.post("/logout")
@public("signing out works even when the session has already ended")
def logout() -> Any:
    principal = current_principal()
    ended = end_current_session("logout")
    if ended is None:
        db.session.commit()
        return redirect(url_for("auth.signed_out"), 303)
    record("auth.signed_out", vendor_id=principal.vendor_id if principal else None)
    db.session.commit()
    client = providers().get(ended.provider)
    settings = current_app.config["PORTAL"]
    if client is not None:
        target = client.end_session_url(
            ended.id_token_hint, settings.base_url + url_for("auth.signed_out")
        )
        if target:
            return redirect(target, 303)
    return redirect(url_for("auth.signed_out"), 303)


@bp.get("/signed-out")
@public("the page after sign-out")
def signed_out() -> Any:
    return render_template("auth/signed_out.html")


@bp.get("/invitations/<token>")
@public("the invitation link: the token is the credential")
def invitation(token: str) -> Any:
    try:
        found = usable_invitation(token_hash(token))
    except InvitationRefused as exc:
        return render_template("auth/invitation.html", error=exc.message), 410
    return render_template("auth/invitation.html", invitation=found, token=token)


@bp.post("/invitations/<token>")
@public("accepting an invitation starts a sign-in")
def accept(token: str) -> Any:
    try:
        usable_invitation(token_hash(token))
    except InvitationRefused as exc:
        return render_template("auth/invitation.html", error=exc.message), 410
    session[INVITATION_KEY] = token_hash(token)
    clients = list(providers())
    if len(clients) == 1:
        return redirect(url_for("auth.login_with", name=clients[0].name), 303)
    return redirect(url_for("auth.login", force=1), 303)


@bp.route("/access-request", methods=["GET", "POST"])
@login_required
def access_request() -> Any:
    principal = require_principal()
    if principal.kind != "pending":
        return redirect(url_for("home.index"))
    user = db.session.get(User, principal.user_id)
    assert user is not None
    error = None
    if request.method == "POST":
        try:
            access_requests.submit_request(
                user, request.form.get("organisation", ""), request.form.get("message")
            )
        except access_requests.AccessRequestError:
            error = _("Please name the organisation you work for.")
        else:
            db.session.commit()
            return redirect(url_for("auth.access_request"), 303)
    latest = access_requests.latest_request(user.id)
    status = 400 if error else 200
    return render_template("auth/access_request.html", request_=latest, error=error), status
