"""The application factory: nothing happens at import time."""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any

from flask import Flask, g, request
from flask_babel import refresh as flask_babel_refresh

from portal import auth
from portal.core import errors, security, storage
from portal.core.config import Settings, load_settings
from portal.core.context import SYSTEM, RequestInfo, set_actor, set_request_info
from portal.core.db import db
from portal.core.htmx import htmx
from portal.core.queue import queue
from portal.i18n import babel, html_lang, select_locale
from portal.i18n import formatting as i18n_formatting
from portal.i18n.locale import LANGUAGE_NAMES

# Modules that declare jobs; imported before the queue binds them.
JOB_MODULES = (
    "portal.documents.tasks",
    "portal.reminders.tasks",
    "portal.integrations.tasks",
    "portal.lifecycle.tasks",
    "portal.review.tasks",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. `config` keys named PORTAL_* override the environment."""
    config = dict(config or {})
    environ = dict(os.environ)
    environ.update({k: str(v) for k, v in config.items() if k.startswith("PORTAL_")})
    settings: Settings = config.pop("PORTAL", None) or load_settings(environ)

    app = Flask(
        __name__,
        template_folder=os.path.join(os.path.dirname(__file__), "..", "templates"),
        instance_path=settings.instance_path,
        instance_relative_config=False,
    )
    secure_cookies = settings.base_url.startswith("https://")
    app.config.update(
        PORTAL=settings,
        SECRET_KEY=settings.secret_key,
        # The cookie holds only a random session id (plus sign-in state and the CSRF token).
        SESSION_COOKIE_NAME="__Host-portal" if settings.is_production else "portal_session",
        SESSION_COOKIE_SECURE=secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        # The largest upload plus room for the form fields; Werkzeug refuses more before reading.
        MAX_CONTENT_LENGTH=settings.max_upload_bytes + 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=512 * 1024,
        MAX_FORM_PARTS=100,
        BABEL_DEFAULT_LOCALE="en",
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(os.path.dirname(__file__), "translations"),
    )
    app.config.update({k: v for k, v in config.items() if not k.startswith("PORTAL_")})
    logging.basicConfig(level=settings.log_level)

    db.init_app(app, settings.database_url)
    storage.init_app(
        app, settings.storage_url, settings.s3_endpoint_url, settings.s3_region, settings.s3_sse
    )
    for module in JOB_MODULES:
        __import__(module)
    queue.init_app(app, settings.queue_url, settings.queue_name)
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel keeps the locale on `g`, which outlives a request where an app context is
    # shared (tests, jobs); each request chooses afresh.
    app.before_request(flask_babel_refresh)
    htmx.init_app(app)
    app.jinja_env.globals["current_locale"] = select_locale
    app.jinja_env.globals["html_lang"] = html_lang
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES
    i18n_formatting.init_app(app)

    _register_request_context(app)
    errors.init_app(app)
    # Order matters: the access guard runs before the CSRF check, so an anonymous POST is sent
    # to sign-in rather than told its form expired.
    auth.init_app(app)
    security.init_app(app)
    _register_blueprints(app)
    return app


def _register_request_context(app: Flask) -> None:
    @app.before_request
    def _request_info() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = (
            incoming if 8 <= len(incoming) <= 64 and incoming.isalnum() else uuid.uuid4().hex
        )
        set_request_info(RequestInfo(request_id=g.request_id, ip=request.remote_addr))

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        return response

    @app.teardown_request
    def _forget_actor(_exc: BaseException | None) -> None:
        # A thread that serves requests one after another (or a test) must not carry the last
        # person into whatever runs next.
        set_actor(SYSTEM)
        set_request_info(RequestInfo())


def _register_blueprints(app: Flask) -> None:
    from portal import vendor
    from portal.health.views import bp as health
    from portal.home.views import bp as home
    from portal.i18n.views import bp as i18n
    from portal.integrations import views as integrations
    from portal.kpis import blueprint as kpis
    from portal.lifecycle import blueprint as lifecycle
    from portal.outbox import views as outbox
    from portal.reminders import admin_views as reminders_admin
    from portal.requirements import admin_views as requirements_admin
    from portal.review import views as review
    from portal.vendors import staff_views as staff_vendors

    app.register_blueprint(health)
    app.register_blueprint(home)
    app.register_blueprint(i18n)
    vendor.init_app(app)
    kpis.init_app(app)
    requirements_admin.init_app(app)
    lifecycle.init_app(app)
    reminders_admin.init_app(app)
    outbox.init_app(app)
    integrations.init_app(app)
    review.init_app(app)
    staff_vendors.init_app(app)
