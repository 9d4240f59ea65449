"""Error pages: a clear message for the person, never a stack trace; JSON for API clients."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.core.db import db
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l

TITLES = {
    400: _l("Bad request"),
    401: _l("Please sign in"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not allowed here"),
    409: _l("Changed by someone else"),
    410: _l("No longer valid"),
    413: _l("Too large"),
    415: _l("Unsupported file"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.path.endswith("z")


def render_error(exc: HTTPException, *, message: str | None = None) -> Response:
    """The response for an HTTP error: the error page, or JSON for API clients."""
    code = exc.code or 500
    description = message or exc.description or ""
    if wants_json():
        response = make_response({"error": exc.name, "message": description}, code)
    else:
        response = make_response(
            render_template(
                "errors/error.html",
                code=code,
                title=str(TITLES.get(code, exc.name)),
                message=description,
                request_id=g.get("request_id"),
            ),
            code,
        )
    for key, value in exc.get_headers():
        if key.lower() not in ("content-type", "content-length"):
            response.headers[key] = value
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        return render_error(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        app.logger.exception("unhandled error (request %s)", g.get("request_id"))
        db.session.rollback()
        return render_error(
            InternalServerError(),
            message=_(
                "The portal could not complete this request. Nothing was changed; please try "
                "again. If it keeps happening, give the request id below to support."
            ),
        )
