"""Sign-in over OpenID Connect, sessions, roles and tenancy."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Providers, the access guard and the sign-in and admin pages."""
    from portal.auth import guard, oidc
    from portal.auth.admin_views import bp as admin_bp
    from portal.auth.views import bp as auth_bp

    settings = app.config["PORTAL"]
    oidc.init_app(app, settings.oidc_providers)
    guard.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
