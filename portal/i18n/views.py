"""The language picker: `POST /language` (every page's header has it)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_babel import refresh
from werkzeug.exceptions import HTTPException

from portal.auth.access import current_principal, public
from portal.i18n.locale import LOCALES, SESSION_KEY, forget_cached_locale

bp = Blueprint("i18n", __name__)


@bp.post("/language")
@public("choosing the interface language, also on the sign-in page")
def choose_language() -> Any:
    from portal.auth.guard import safe_next
    from portal.auth.models import User
    from portal.core.db import db

    locale = request.form.get("locale", "")
    target = _readable(safe_next(request.form.get("next"))) or url_for("home.index")
    if locale not in LOCALES:
        return redirect(target, 303)
    session[SESSION_KEY] = locale
    principal = current_principal()
    if principal is not None:
        user = db.session.get(User, principal.user_id)
        if user is not None and user.locale != locale:
            user.locale = locale
            db.session.commit()
    forget_cached_locale()
    refresh()
    return redirect(target, 303)


def _readable(path: str | None) -> str | None:
    """`path` if a GET there finds a page (a page shown after a POST may have none)."""
    if path is None:
        return None
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(path.split("?", 1)[0], method="GET")
    except HTTPException:
        return None
    return path
