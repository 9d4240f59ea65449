"""The quarterly business review: the page, its PDF, and the actions agreed in it."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for

from portal.audit.service import record
from portal.auth.access import require_principal, staff_required, vendor_object
from portal.core.db import db
from portal.lifecycle.blueprint import bp
from portal.lifecycle.charts import line_chart
from portal.lifecycle.forms import period_arg, today
from portal.lifecycle.models import AgreedAction
from portal.lifecycle.qbr import ActionInvalid, add_action, quarterly_review, set_action_status
from portal.lifecycle.qbr_pdf import render_qbr_pdf
from portal.lifecycle.vendor_views import _vendor
from portal.scorecards.performance import latest_ended


def _quarter(period_code: str) -> Any:
    quarter = period_arg(period_code, latest_ended(today()))
    if quarter.frequency != "quarterly":
        abort(404)
    return quarter


@bp.get("/vendors/<int:vendor_id>/qbr")
@staff_required
@vendor_object("vendor", "vendor_id")
def qbr_latest(vendor_id: int) -> Any:
    return redirect(
        url_for("lifecycle.qbr", vendor_id=vendor_id, period_code=latest_ended(today()).code)
    )


@bp.get("/vendors/<int:vendor_id>/qbr/<period_code>")
@staff_required
@vendor_object("vendor", "vendor_id")
def qbr(vendor_id: int, period_code: str) -> Any:
    review = quarterly_review(_vendor(vendor_id), _quarter(period_code))
    charts = {t.code: line_chart(list(t.values)) for t in review.trends}
    return render_template(
        "lifecycle/qbr.html",
        review=review,
        vendor=review.vendor,
        score_chart=line_chart(list(review.scores)),
        charts=charts,
    )


@bp.get("/vendors/<int:vendor_id>/qbr/<period_code>/pdf")
@staff_required
@vendor_object("vendor", "vendor_id")
def qbr_pdf(vendor_id: int, period_code: str) -> Any:
    review = quarterly_review(_vendor(vendor_id), _quarter(period_code))
    body = render_qbr_pdf(review)
    record(
        "qbr.exported",
        vendor_id=vendor_id,
        object_type="vendor",
        object_id=vendor_id,
        period=review.quarter.code,
    )
    db.session.commit()
    filename = f"qbr-{vendor_id}-{review.quarter.code}.pdf"
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/vendors/<int:vendor_id>/qbr/<period_code>/actions")
@staff_required
@vendor_object("vendor", "vendor_id")
def qbr_add_action(vendor_id: int, period_code: str) -> Any:
    vendor = _vendor(vendor_id)
    quarter = _quarter(period_code)
    try:
        add_action(
            vendor,
            quarter,
            request.form.get("text", ""),
            request.form.get("owner_name"),
            request.form.get("due_on"),
            require_principal().user_id,
        )
    except ActionInvalid as exc:
        db.session.rollback()
        abort(400, str(exc))
    db.session.commit()
    flash("The action was recorded.", "success")
    return redirect(url_for("lifecycle.qbr", vendor_id=vendor.id, period_code=quarter.code), 303)


@bp.post("/actions/<int:action_id>/status")
@staff_required
@vendor_object("agreed_action", "action_id")
def action_status(action_id: int) -> Any:
    action = db.session.get(AgreedAction, action_id)
    if action is None:
        abort(404)
    try:
        set_action_status(action, request.form.get("status", ""))
    except ActionInvalid as exc:
        db.session.rollback()
        abort(400, str(exc))
    db.session.commit()
    return redirect(
        url_for("lifecycle.qbr", vendor_id=action.vendor_id, period_code=action.period_code), 303
    )
