"""The staff pages past onboarding: vendors, scorecards, risks, due diligence, escalation,
issues, quarterly reviews, the dashboard. Vendors never reach them (staff only)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("lifecycle", __name__)


def init_app(app: Flask) -> None:
    import portal.dashboard.views
    import portal.lifecycle.qbr_views
    import portal.lifecycle.vendor_views
    import portal.risks.views
    import portal.scorecards.admin_views
    import portal.scorecards.views  # noqa: F401  (the views register themselves on `bp`)
    from portal.lifecycle.objects import register

    register()
    app.register_blueprint(bp)
