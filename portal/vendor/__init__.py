"""The vendor's side of the portal (`/vendor/...`): what is missing, uploads, documents, renewals,
profile and contacts. KPI self-reports live in portal.kpis."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.vendor import documents_views, home_views, profile_views, upload_views  # noqa: F401
    from portal.vendor.blueprint import bp

    app.register_blueprint(bp)
