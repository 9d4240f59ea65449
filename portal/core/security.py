"""Request protection: CSRF tokens, security headers, rate limits.

- CSRF: one random token per browser session (rotated at sign-in), sent back in the
  `X-CSRFToken` header (htmx: set once on `<body hx-headers>`) or the `csrf_token` form field
  on every POST/PUT/PATCH/DELETE.
- Headers: a CSP without inline script, `frame-ancestors 'none'`, `nosniff`, HSTS on https,
  no referrer to other sites (the callback URL carries the authorization code).
- Rate limits: fixed windows counted in Redis when the queue runs on Redis (shared by every
  replica), in this process otherwise.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from markupsafe import Markup
from werkzeug.exceptions import BadRequest, TooManyRequests

from portal.i18n import lazy_gettext as _l

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_SESSION_KEY = "csrf"
CSRF_HEADER = "X-CSRFToken"
CSRF_FIELD = "csrf_token"

# (requests, seconds) per client; overridable with app.config["RATE_LIMITS"].
DEFAULT_RATE_LIMITS: dict[str, tuple[int, int]] = {
    "sign-in": (20, 60),
    "upload": (30, 60),
}


class CSRFError(BadRequest):
    """A state-changing request without the right token."""


def csrf_token() -> str:
    """The current browser session's token (created on first use)."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def csrf_field() -> Markup:
    """The hidden form field carrying the CSRF token: `{{ csrf_field() }}` in every form."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(csrf_token())


def check_csrf() -> None:
    """Refuse a state-changing request whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    expected = session.get(CSRF_SESSION_KEY)
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise CSRFError(
            str(
                _l(
                    "This form has expired or was not sent by this site. Reload the page and "
                    "try again."
                )
            )
        )


# --- headers ---------------------------------------------------------------------------------


def content_security_policy(form_targets: Iterable[str] = ()) -> str:
    form_action = " ".join(["'self'", *sorted(set(form_targets))])
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            # Sign-out posts here and is redirected to the provider's end-session page.
            f"form-action {form_action}",
        )
    )


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _set_security_headers(response: Any) -> Any:
    headers = response.headers
    targets: Callable[[], Iterable[str]] = current_app.extensions.get(
        "portal.form_targets", lambda: ()
    )
    headers.setdefault("Content-Security-Policy", content_security_policy(targets()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    settings = current_app.config["PORTAL"]
    if request.is_secure or settings.base_url.startswith("https://"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if g.get("signed_in"):
        # Pages of a signed-in user must not be served from a cache after sign-out.
        headers.setdefault("Cache-Control", "no-store")
    return response


# --- rate limits -----------------------------------------------------------------------------


class Counter(Protocol):
    def hit(self, key: str, window: int) -> int:
        """Count one request in the current window of `window` seconds; return the count."""


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def hit(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, reset_at = self._counts.get(key, (0, now + window))
            if reset_at <= now:
                count, reset_at = 0, now + window
            count += 1
            self._counts[key] = (count, reset_at)
            return count


class RedisCounter:
    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2)
        self._prefix = prefix

    def hit(self, key: str, window: int) -> int:
        bucket = int(time.time()) // window
        name = f"{self._prefix}:rl:{key}:{bucket}"
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 1)
        count, _ = pipe.execute()
        return int(count)


@dataclass
class RateLimiter:
    counter: Counter
    limits: dict[str, tuple[int, int]]

    def check(self, name: str, client: str) -> None:
        """Count a request by `client` against limit `name`; 429 once it is used up."""
        allowed, window = self.limits[name]
        try:
            count = self.counter.hit(f"{name}:{client}", window)
        except Exception:
            # A limiter outage must not lock everyone out; log it and let the request pass.
            current_app.logger.warning("rate limiter unavailable", exc_info=True)
            return
        if count > allowed:
            error = TooManyRequests(
                str(_l("Too many requests. Please wait a minute and try again."))
            )
            error.retry_after = window
            raise error


def limiter() -> RateLimiter:
    value: RateLimiter = current_app.extensions["portal.rate_limiter"]
    return value


F = TypeVar("F", bound=Callable[..., Any])


def rate_limited(name: str, key: Callable[[], str] | None = None) -> Callable[[F], F]:
    """Limit a view by client IP (or by `key()`, e.g. the vendor for uploads)."""

    def decorate(view: F) -> F:
        from functools import wraps

        @wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            client = key() if key else (request.remote_addr or "unknown")
            limiter().check(name, client)
            return view(*args, **kwargs)

        return limited  # type: ignore[return-value]

    return decorate


BODY_LIMIT_ATTRIBUTE = "__portal_body_limit__"


def body_limit(limit: Callable[[], int]) -> Callable[[F], F]:
    """Let a view take a larger request body than MAX_CONTENT_LENGTH (several files at once).

    `limit()` gives the bytes; it is applied before anything reads the body (the CSRF check
    reads the form), so Werkzeug still refuses more with 413 before buffering.
    """

    def decorate(view: F) -> F:
        setattr(view, BODY_LIMIT_ATTRIBUTE, limit)
        return view

    return decorate


def _apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit: Callable[[], int] | None = getattr(view, BODY_LIMIT_ATTRIBUTE, None)
    if limit is not None:
        request.max_content_length = limit()


def init_app(app: Flask) -> None:
    settings = app.config["PORTAL"]
    limits = {**DEFAULT_RATE_LIMITS, **app.config.get("RATE_LIMITS", {})}
    counter: Counter
    if urlsplit(settings.queue_url).scheme in ("redis", "rediss"):
        counter = RedisCounter(settings.queue_url, settings.queue_name)
    else:
        counter = MemoryCounter()
    app.extensions["portal.rate_limiter"] = RateLimiter(counter, limits)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["csrf_field"] = csrf_field
    app.before_request(_apply_body_limit)
    app.before_request(check_csrf)
    app.after_request(_set_security_headers)

    @app.errorhandler(TooManyRequests)
    def _retry_after(exc: TooManyRequests) -> Any:
        from portal.core.errors import render_error

        response = render_error(exc)
        retry = getattr(exc, "retry_after", None)
        if retry:
            response.headers["Retry-After"] = str(retry)
        return response
