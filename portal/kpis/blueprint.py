"""The KPI blueprint: the vendor's reports (`/vendor/kpis`), staff validation (`/kpi-reports`),
admin definitions (`/admin/kpis`)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("kpis", __name__)


def init_app(app: Flask) -> None:
    from portal.kpis import admin_views, staff_views, vendor_views  # noqa: F401
    from portal.kpis.objects import register

    register()
    app.register_blueprint(bp)
