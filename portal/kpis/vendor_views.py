"""`/vendor/kpis`: the periods to report, past reports, and the form for one period."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from portal.auth.access import rate_key, require_principal, vendor_required
from portal.auth.tenancy import tenant_filter
from portal.core.db import db
from portal.core.security import rate_limited
from portal.documents.models import Document
from portal.documents.upload import DuplicateUpload, UploadRejected, upload_document
from portal.i18n import gettext as _
from portal.kpis.blueprint import bp
from portal.kpis.input import ParsedValues, parse_values
from portal.kpis.models import KpiReport
from portal.kpis.periods import Period, parse_period, period_containing
from portal.kpis.service import (
    KpiReportRefused,
    definitions_for,
    due_periods,
    find_report,
    kpi_help,
    kpi_name,
    reportable,
    schedule_for,
    submit_kpi_report,
)
from portal.kpis.words import FREQUENCIES, REPORT_STATUSES, period_label
from portal.vendor.context import current_user, current_vendor, today


def _period(code: str) -> Period:
    period = parse_period(code)
    if period is None:
        abort(404)
    return period


def _my_documents() -> list[Document]:
    stmt = tenant_filter(select(Document), Document.vendor_id, require_principal()).where(
        Document.state.not_in(("rejected", "failed", "superseded"))
    )
    return list(db.session.scalars(stmt.order_by(Document.id.desc()).limit(50)))


@bp.get("/vendor/kpis")
@vendor_required
def vendor_reports() -> Any:
    vendor = current_vendor()
    reports = db.session.scalars(
        tenant_filter(select(KpiReport), KpiReport.vendor_id, require_principal()).order_by(
            KpiReport.period_start.desc()
        )
    ).all()
    return render_template(
        "kpis/vendor_reports.html",
        schedule=schedule_for(vendor),
        due=due_periods(vendor, today()),
        reports=reports,
        frequencies=FREQUENCIES,
        statuses=REPORT_STATUSES,
        period_label=period_label,
        period_of=lambda r: Period(r.period_start, r.period_end, r.frequency),
    )


def _form_page(
    period: Period,
    report: KpiReport | None,
    parsed: ParsedValues | None = None,
    file_error: object = None,
    error: object = None,
    status: int = 200,
) -> Any:
    vendor = current_vendor()
    locale = str(get_locale())
    definitions = definitions_for(vendor)
    if report is not None:
        # A KPI retired since the report keeps its figure on the report.
        known = {d.id for d in definitions}
        definitions += [v.definition for v in report.values if v.definition_id not in known]
    return (
        render_template(
            "kpis/vendor_report.html",
            period=period,
            period_name=period_label(period),
            report=report,
            definitions=definitions,
            names={d.id: kpi_name(d, locale) for d in definitions},
            helps={d.id: kpi_help(d) for d in definitions},
            current={v.definition_id: v.value for v in report.values} if report else {},
            parsed=parsed,
            file_error=file_error,
            error=error,
            editable=(report is None or report.status != "validated")
            and reportable(vendor, period, today()),
            documents=_my_documents(),
            statuses=REPORT_STATUSES,
        ),
        status,
    )


@bp.get("/vendor/kpis/<period_code>")
@vendor_required
def vendor_report(period_code: str) -> Any:
    period = _period(period_code)
    vendor = current_vendor()
    report = find_report(vendor, period)
    if report is None and not reportable(vendor, period, today()):
        return _not_open(period, 200)
    return _form_page(period, report)


def _not_open(period: Period, status: int) -> Any:
    """A well-formed period this vendor cannot report (yet): say why rather than 404."""
    schedule = schedule_for(current_vendor())
    first = period_containing(schedule.starts_on, schedule.frequency)
    return (
        render_template(
            "kpis/vendor_period_closed.html",
            period_name=period_label(period),
            ended=period.has_ended(today()),
            other_frequency=period.frequency != schedule.frequency,
            first_name=period_label(first),
        ),
        status,
    )


@bp.post("/vendor/kpis/<period_code>")
@vendor_required
@rate_limited("upload", key=rate_key)
def submit_vendor_report(period_code: str) -> Any:
    period = _period(period_code)
    vendor = current_vendor()
    if not reportable(vendor, period, today()):
        return _not_open(period, 409)
    report = find_report(vendor, period)
    parsed = parse_values(definitions_for(vendor), request.form, str(get_locale()))
    if parsed.errors:
        return _form_page(period, report, parsed, status=400)
    supporting_id = _supporting_document_id()
    upload = request.files.get("supporting_file")
    if upload is not None and upload.filename:
        try:
            document = upload_document(
                vendor, current_user(), upload.filename, upload.stream, "kpi_evidence"
            )
        except DuplicateUpload as duplicate:
            # The same file was sent before (to this organisation): point at that one.
            document_id = duplicate.document_id
        except UploadRejected as refused:
            db.session.rollback()
            return _form_page(period, report, parsed, file_error=refused.message, status=400)
        else:
            document_id = document.id
        supporting_id = document_id
    try:
        submit_kpi_report(
            vendor,
            period,
            parsed.values,
            request.form.get("note"),
            require_principal().user_id,
            supporting_document_id=supporting_id,
            expected_version=request.form.get("version", type=int),
        )
    except KpiReportRefused as exc:
        db.session.rollback()
        return _form_page(
            period, find_report(vendor, period), parsed, error=exc.message, status=409
        )
    db.session.commit()
    flash(
        _("Thank you. Your figures for %(period)s were submitted.", period=period_label(period)),
        "success",
    )
    return redirect(url_for("kpis.vendor_reports"), 303)


def _supporting_document_id() -> int | None:
    chosen = request.form.get("supporting_document_id", type=int)
    if chosen is None:
        return None
    # Only one of the caller's own documents; anything else is ignored.
    allowed = {d.id for d in _my_documents()}
    return chosen if chosen in allowed else None
