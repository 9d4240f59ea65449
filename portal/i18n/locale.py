"""Which language a request is answered in (see portal.i18n)."""

from __future__ import annotations

from flask import g, has_request_context, request, session

LOCALES = ("en", "zh", "de", "fr", "es")
# Each language named in itself, so that a person finds their own in the picker.
LANGUAGE_NAMES = {
    "en": "English",
    "zh": "中文（简体）",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
}
# The value of <html lang>: Simplified Chinese picks the right CJK glyphs.
HTML_LANG = {"zh": "zh-Hans"}
SESSION_KEY = "locale"
CACHE_KEY = "portal.locale"


def _known(value: object) -> str | None:
    return value if isinstance(value, str) and value in LOCALES else None


def _account_locale() -> str | None:
    """The signed-in person's own choice, else their organisation's preferred language."""
    principal = g.get("principal")
    if principal is None:
        return None
    from portal.auth.models import User
    from portal.core.db import db

    user = db.session.get(User, principal.user_id)
    if user is None:
        return None
    if chosen := _known(user.locale):
        return chosen
    if principal.is_vendor and user.vendor is not None:
        return _known(user.vendor.preferred_language)
    return None


def select_locale() -> str | None:
    """Flask-Babel's locale selector; None outside a request (jobs use the default)."""
    if not has_request_context():
        return None
    cached: str | None = request.environ.get(CACHE_KEY)
    if cached:
        return cached
    chosen = (
        _account_locale()
        or _known(session.get(SESSION_KEY))
        or request.accept_languages.best_match(LOCALES)
        or "en"
    )
    # Only cache once the access guard has identified the caller (per request: `g` may outlive
    # one when an application context is shared, as in tests).
    if "principal" in g:
        request.environ[CACHE_KEY] = chosen
    return chosen


def forget_cached_locale() -> None:
    request.environ.pop(CACHE_KEY, None)


def html_lang(locale: str | None = None) -> str:
    locale = locale or select_locale() or "en"
    return HTML_LANG.get(locale, locale)
