"""The risk register: all vendors with the heat map, one vendor's risks, one risk, and the
countries admins watch."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from portal.audit.service import record
from portal.auth.access import admin_required, staff_required, vendor_object
from portal.core.db import db
from portal.lifecycle.blueprint import bp
from portal.lifecycle.forms import version_field
from portal.lifecycle.vendor_views import _vendor, staff_users
from portal.risks.models import ACTIVE_STATUSES, RISK_CATEGORIES, RISK_STATUSES, Risk, WatchCountry
from portal.risks.register import (
    RiskInvalid,
    create_risk,
    heat_map,
    read_risk,
    update_risk,
    vendor_risks,
)

CATEGORY_LABELS = {
    "political": "Political and regulatory",
    "operational": "Operational and supply chain",
    "financial": "Financial and currency",
    "security": "Information security and compliance",
    "reputational": "Reputational",
}
COUNTRY = re.compile(r"^[A-Z]{2}$")


def _choices() -> dict[str, Any]:
    return {
        "categories": CATEGORY_LABELS,
        "statuses": RISK_STATUSES,
        "staff": staff_users(),
    }


@bp.get("/risks")
@staff_required
def register() -> Any:
    category = request.args.get("category", "")
    stmt = select(Risk).where(Risk.status.in_(ACTIVE_STATUSES))
    if category in RISK_CATEGORIES:
        stmt = stmt.where(Risk.category == category)
    risks = db.session.scalars(
        stmt.order_by((Risk.likelihood * Risk.impact).desc(), Risk.id).limit(500)
    ).all()
    return render_template(
        "risks/register.html",
        risks=risks,
        grid=heat_map(),
        category=category,
        **_choices(),
    )


@bp.route("/vendors/<int:vendor_id>/risks", methods=["GET", "POST"])
@staff_required
@vendor_object("vendor", "vendor_id")
def vendor_register(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    form = None
    if request.method == "POST":
        form = read_risk(request.form.to_dict())
        if not form.errors:
            create_risk(vendor.id, form.values)
            db.session.commit()
            flash("The risk was added.", "success")
            return redirect(url_for("lifecycle.vendor_register", vendor_id=vendor.id), 303)
    return (
        render_template(
            "risks/vendor.html",
            vendor=vendor,
            risks=vendor_risks(vendor.id),
            grid=heat_map(vendor.id),
            form=form,
            **_choices(),
        ),
        400 if form is not None else 200,
    )


@bp.route("/risks/<int:risk_id>", methods=["GET", "POST"])
@staff_required
@vendor_object("risk", "risk_id")
def risk(risk_id: int) -> Any:
    item = db.session.get(Risk, risk_id)
    if item is None:
        abort(404)
    form = None
    if request.method == "POST":
        version = version_field()
        form = read_risk(request.form.to_dict())
        if not form.errors:
            try:
                update_risk(item, form.values, version)
            except RiskInvalid as exc:
                db.session.rollback()
                abort(exc.status, str(exc))
            db.session.commit()
            flash("The risk was saved.", "success")
            return redirect(url_for("lifecycle.risk", risk_id=item.id), 303)
    return (
        render_template("risks/risk.html", risk=item, vendor=item.vendor, form=form, **_choices()),
        400 if form is not None else 200,
    )


@bp.route("/admin/watch-countries", methods=["GET", "POST"])
@admin_required
def watch_countries() -> Any:
    error = None
    if request.method == "POST":
        country = request.form.get("country", "").strip().upper()
        reason = request.form.get("reason", "").strip()[:2000]
        if not COUNTRY.match(country):
            error = "Enter a two-letter ISO country code, such as RU."
        elif not reason:
            error = "Say why the country is watched."
        elif db.session.get(WatchCountry, country) is not None:
            error = f"{country} is already on the list."
        else:
            db.session.add(WatchCountry(country=country, reason=reason))
            record(
                "watch_country.added", object_type="watch_country", object_id=country, reason=reason
            )
            db.session.commit()
            flash(f"{country} is now watched; the next risk run proposes risks.", "success")
            return redirect(url_for("lifecycle.watch_countries"), 303)
    rows = db.session.scalars(select(WatchCountry).order_by(WatchCountry.country)).all()
    return (
        render_template("risks/watch_countries.html", rows=rows, error=error, form=request.form),
        400 if error else 200,
    )


@bp.post("/admin/watch-countries/<country>/delete")
@admin_required
def unwatch_country(country: str) -> Any:
    row = db.session.get(WatchCountry, country.upper())
    if row is None:
        # Already gone (another admin, a second click): the outcome asked for holds.
        flash(f"{country.upper()[:2]} is not on the list.", "info")
        return redirect(url_for("lifecycle.watch_countries"), 303)
    record(
        "watch_country.removed",
        object_type="watch_country",
        object_id=row.country,
        before=row.reason,
    )
    db.session.delete(row)
    db.session.commit()
    flash(f"{row.country} is no longer watched.", "success")
    return redirect(url_for("lifecycle.watch_countries"), 303)
