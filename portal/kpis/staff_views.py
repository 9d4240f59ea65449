"""`/kpi-reports`: staff validate the figures vendors report, or return them with a reason."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from portal.auth.access import require_principal, staff_required, vendor_object
from portal.core.db import db
from portal.i18n import gettext as _
from portal.kpis.blueprint import bp
from portal.kpis.models import REPORT_STATUSES, KpiReport
from portal.kpis.periods import Period
from portal.kpis.service import (
    KpiReportRefused,
    kpi_name,
    return_kpi_report,
    validate_kpi_report,
)
from portal.kpis.words import REPORT_STATUSES as STATUS_WORDS
from portal.kpis.words import period_label


@bp.get("/kpi-reports")
@staff_required
def staff_reports() -> Any:
    status = request.args.get("status", "submitted")
    stmt = select(KpiReport).order_by(KpiReport.submitted_at.desc()).limit(200)
    if status in REPORT_STATUSES:
        stmt = stmt.where(KpiReport.status == status)
    reports = db.session.scalars(stmt).all()
    locale = str(get_locale())
    return render_template(
        "kpis/staff_reports.html",
        reports=reports,
        status=status,
        statuses=STATUS_WORDS,
        period_label=period_label,
        period_of=lambda r: Period(r.period_start, r.period_end, r.frequency),
        kpi_name=lambda d: kpi_name(d, locale),
    )


def _decide(report_id: int, validate: bool) -> Any:
    report = db.session.get(KpiReport, report_id)
    if report is None:
        abort(404)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, _("The form is incomplete. Reload the page and try again."))
    note = request.form.get("note", "")
    try:
        if validate:
            validate_kpi_report(report, version, require_principal().user_id, note.strip() or None)
        else:
            return_kpi_report(report, version, require_principal().user_id, note)
    except KpiReportRefused as exc:
        db.session.rollback()
        abort(exc.status, str(exc.message))
    db.session.commit()
    flash(
        _("The report was validated.") if validate else _("The report was returned to the vendor."),
        "success",
    )
    return redirect(url_for("kpis.staff_reports"), 303)


@bp.post("/kpi-reports/<int:report_id>/validate")
@staff_required
@vendor_object("kpi_report", "report_id")
def validate_report(report_id: int) -> Any:
    return _decide(report_id, validate=True)


@bp.post("/kpi-reports/<int:report_id>/return")
@staff_required
@vendor_object("kpi_report", "report_id")
def return_report(report_id: int) -> Any:
    return _decide(report_id, validate=False)
