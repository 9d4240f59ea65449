"""Staff pages of one vendor: performance scorecard (ratings, measured service levels),
due diligence, escalation path; and the issues list."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from portal.auth.access import require_principal, staff_required, vendor_object
from portal.auth.models import User
from portal.core.db import db
from portal.diligence.models import OUTCOMES
from portal.diligence.service import (
    CHECK_LABELS,
    OUTCOME_LABELS,
    CheckRefused,
    diligence_checklist,
    save_check,
)
from portal.documents.models import Document
from portal.finance.health import financial_health
from portal.kpis.periods import Period
from portal.lifecycle.blueprint import bp
from portal.lifecycle.charts import line_chart
from portal.lifecycle.escalation import (
    StepInvalid,
    add_step,
    escalation_path,
    read_step,
    remove_step,
)
from portal.lifecycle.events import IssueRefused, open_issues, resolve
from portal.lifecycle.forms import decimal_field, period_arg, today, version_field
from portal.lifecycle.models import EscalationStep, LifecycleEvent
from portal.scorecards.models import ScorecardKpi
from portal.scorecards.performance import RatingInvalid, history, latest_ended, rate
from portal.scorecards.sla import (
    METRIC_LABELS,
    MeasurementInvalid,
    breaches,
    check_vendor_sla,
    contracted_levels,
    record_measurement,
)
from portal.vendors.models import Vendor


def _vendor(vendor_id: int) -> Vendor:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        abort(404)
    return vendor


def staff_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(("reviewer", "admin")), User.disabled.is_(False))
            .order_by(User.name)
        )
    )


@bp.get("/vendors/<int:vendor_id>/scorecard")
@staff_required
@vendor_object("vendor", "vendor_id")
def scorecard(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    frequency = request.args.get("frequency", "quarterly")
    if frequency not in ("monthly", "quarterly"):
        abort(404)
    period = period_arg(request.args.get("period"), latest_ended(today(), frequency))
    if period.frequency != frequency:
        frequency = period.frequency
    cards = history(vendor, period, 6 if frequency == "quarterly" else 12)
    current = cards[-1][1]
    chart = line_chart([(p.code, c.score) for p, c in cards], y_max=None)
    rating_kpis = db.session.scalars(
        select(ScorecardKpi).where(ScorecardKpi.source == "rating", ScorecardKpi.active.is_(True))
    ).all()
    return render_template(
        "lifecycle/scorecard.html",
        vendor=vendor,
        period=period,
        card=current,
        cards=cards,
        chart=chart,
        frequency=frequency,
        rating_kpis=rating_kpis,
        levels=contracted_levels(vendor.id, today()),
        breaches=breaches(vendor.id),
        metric_labels=METRIC_LABELS,
        health=financial_health(vendor.id),
        issues=open_issues(vendor.id, 20),
    )


@bp.post("/vendors/<int:vendor_id>/ratings")
@staff_required
@vendor_object("vendor", "vendor_id")
def add_rating(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    kpi = db.session.get(ScorecardKpi, request.form.get("kpi_id", type=int) or 0)
    if kpi is None:
        abort(400, "Choose what you rate.")
    period = period_arg(request.form.get("period"), latest_ended(today()))
    score = decimal_field("score", "Enter a rating from 0 to 5.")
    try:
        rate(vendor, kpi, period, score, request.form.get("comment"), require_principal().user_id)
    except RatingInvalid as exc:
        db.session.rollback()
        abort(400, str(exc))
    db.session.commit()
    flash("Your rating was saved.", "success")
    return redirect(url_for("lifecycle.scorecard", vendor_id=vendor.id, period=period.code), 303)


def _date_field(name: str) -> date:
    try:
        return date.fromisoformat(request.form.get(name, "").strip())
    except ValueError:
        abort(400, "Enter the dates as YYYY-MM-DD.")


@bp.post("/vendors/<int:vendor_id>/measurements")
@staff_required
@vendor_object("vendor", "vendor_id")
def add_measurement(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    value = decimal_field("value", "Enter the measured value as a number.")
    try:
        record_measurement(
            vendor,
            request.form.get("metric", ""),
            _date_field("period_start"),
            _date_field("period_end"),
            value,
            request.form.get("note"),
            require_principal().user_id,
        )
    except MeasurementInvalid as exc:
        db.session.rollback()
        abort(400, str(exc))
    found = check_vendor_sla(vendor, today())
    db.session.commit()
    flash(
        f"Saved. {len(found)} SLA breach(es) found." if found else "Saved; within the SLA.",
        "success",
    )
    return redirect(url_for("lifecycle.scorecard", vendor_id=vendor.id), 303)


@bp.get("/vendors/<int:vendor_id>/diligence")
@staff_required
@vendor_object("vendor", "vendor_id")
def diligence(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    documents = db.session.scalars(
        select(Document).where(Document.vendor_id == vendor.id).order_by(Document.id.desc())
    ).all()
    return render_template(
        "lifecycle/diligence.html",
        vendor=vendor,
        rows=diligence_checklist(vendor),
        outcomes=OUTCOMES,
        outcome_labels=OUTCOME_LABELS,
        staff=staff_users(),
        documents=documents,
    )


@bp.post("/vendors/<int:vendor_id>/diligence/<check_type>")
@staff_required
@vendor_object("vendor", "vendor_id")
def record_check(vendor_id: int, check_type: str) -> Any:
    vendor = _vendor(vendor_id)
    if check_type not in CHECK_LABELS:
        abort(404)
    try:
        save_check(
            vendor, check_type, request.form.to_dict(), request.form.get("version", type=int)
        )
    except CheckRefused as exc:
        db.session.rollback()
        abort(exc.status, str(exc))
    db.session.commit()
    flash(f"{CHECK_LABELS[check_type]} saved.", "success")
    return redirect(url_for("lifecycle.diligence", vendor_id=vendor.id), 303)


@bp.route("/vendors/<int:vendor_id>/escalation", methods=["GET", "POST"])
@staff_required
@vendor_object("vendor", "vendor_id")
def escalation(vendor_id: int) -> Any:
    vendor = _vendor(vendor_id)
    error = None
    if request.method == "POST":
        try:
            add_step(vendor, read_step(request.form.to_dict()))
        except StepInvalid as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            flash("The step was added.", "success")
            return redirect(url_for("lifecycle.escalation", vendor_id=vendor.id), 303)
    return (
        render_template(
            "lifecycle/escalation.html",
            vendor=vendor,
            steps=escalation_path(vendor.id),
            error=error,
            form=request.form,
        ),
        400 if error else 200,
    )


@bp.post("/escalation-steps/<int:step_id>/delete")
@staff_required
@vendor_object("escalation_step", "step_id")
def delete_step(step_id: int) -> Any:
    step = db.session.get(EscalationStep, step_id)
    if step is None:
        abort(404)
    vendor_id = step.vendor_id
    remove_step(step)
    db.session.commit()
    flash("The step was removed.", "success")
    return redirect(url_for("lifecycle.escalation", vendor_id=vendor_id), 303)


@bp.get("/issues")
@staff_required
def issues() -> Any:
    show_all = request.args.get("status") == "all"
    if show_all:
        rows = list(
            db.session.scalars(
                select(LifecycleEvent).order_by(LifecycleEvent.created_at.desc()).limit(300)
            )
        )
    else:
        rows = open_issues()
    return render_template("lifecycle/issues.html", issues=rows, show_all=show_all)


@bp.post("/issues/<int:issue_id>/resolve")
@staff_required
@vendor_object("issue", "issue_id")
def resolve_issue(issue_id: int) -> Any:
    event = db.session.get(LifecycleEvent, issue_id)
    if event is None:
        abort(404)
    try:
        resolve(event, version_field(), require_principal().user_id, request.form.get("note"))
    except IssueRefused as exc:
        db.session.rollback()
        abort(exc.status, exc.message)
    db.session.commit()
    flash("The issue was resolved.", "success")
    return redirect(
        (
            request.form.get("back") == "vendor"
            and url_for("lifecycle.scorecard", vendor_id=event.vendor_id)
        )
        or url_for("lifecycle.issues"),
        303,
    )


def period_of(code: str) -> Period:
    return period_arg(code, latest_ended(today()))
