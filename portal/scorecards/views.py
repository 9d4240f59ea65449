"""Selection: candidates of one category side by side, and one candidate's scoring form."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from portal.auth.access import require_principal, staff_required, vendor_object
from portal.core.db import db
from portal.lifecycle.blueprint import bp
from portal.lifecycle.forms import today
from portal.lifecycle.vendor_views import _vendor
from portal.requirements.catalog import VENDOR_CATEGORIES
from portal.scorecards.selection import (
    AUTO_LABELS,
    GROUP_LABELS,
    ScoreInvalid,
    compare,
    criteria,
    evaluate,
    my_scores,
    save_scores,
)


@bp.get("/selection")
@staff_required
def selection() -> Any:
    category = request.args.get("category", "")
    if category and category not in VENDOR_CATEGORIES:
        abort(404)
    candidates = compare(category, today()) if category else []
    return render_template(
        "scorecards/compare.html",
        category=category,
        categories=VENDOR_CATEGORIES,
        candidates=candidates,
        criteria=criteria(),
        groups=GROUP_LABELS,
    )


@bp.route("/vendors/<int:vendor_id>/selection", methods=["GET", "POST"])
@staff_required
@vendor_object("vendor", "vendor_id")
def candidate(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    principal = require_principal()
    error = None
    if request.method == "POST":
        entries = {
            item.id: (
                request.form.get(f"score-{item.id}", ""),
                request.form.get(f"comment-{item.id}", ""),
            )
            for item in criteria()
        }
        try:
            changed = save_scores(vendor, principal.user_id, entries)
        except ScoreInvalid as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash(f"{changed} score(s) saved.", "success")
            return redirect(url_for("lifecycle.candidate", vendor_id=vendor.id), 303)
    return (
        render_template(
            "scorecards/candidate.html",
            vendor=vendor,
            result=evaluate(vendor, today()),
            criteria=criteria(),
            mine=my_scores(vendor.id, principal.user_id),
            groups=GROUP_LABELS,
            auto_labels=AUTO_LABELS,
            error=error,
        ),
        400 if error else 200,
    )
