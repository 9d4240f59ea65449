"""KPI self-reports: what a vendor reports, for which periods, and staff validation.

Scorecards read validated figures through `validated_kpi_values`. Services only flush; the
caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import CursorResult, select, update

from portal.audit.service import record
from portal.core.db import db, utcnow
from portal.i18n import lazy_gettext as _l
from portal.kpis.models import KpiDefinition, KpiReport, KpiSchedule, KpiValue
from portal.kpis.periods import Period, ended_periods
from portal.vendors.models import Vendor

DEFAULT_FREQUENCY = "quarterly"
# How far back the vendor home lists periods still to report.
DUE_WINDOW = {"monthly": 6, "quarterly": 4}
NOTE_LIMIT = 2000

BUILTIN_NAMES: dict[str, object] = {
    "on_time_delivery_rate": _l("On-time delivery rate"),
    "nps": _l("Net Promoter Score"),
    "incidents": _l("Incidents"),
    "sla_uptime": _l("SLA uptime"),
    "sla_response_hours": _l("Incident response time (hours)"),
}
BUILTIN_HELP: dict[str, object] = {
    "on_time_delivery_rate": _l("Share of deliveries or milestones on time, in per cent."),
    "nps": _l("From -100 to 100, from your latest customer survey."),
    "incidents": _l("Service incidents that affected us during the period."),
    "sla_uptime": _l("Measured availability of the service, in per cent (e.g. 99.95)."),
    "sla_response_hours": _l(
        "Longest time taken to respond to a highest-priority incident in the period, in hours "
        "(e.g. 1.5 for 90 minutes)."
    ),
}


class KpiReportRefused(Exception):
    status = 409

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


class KpiInputInvalid(KpiReportRefused):
    status = 400


class StaleReport(KpiReportRefused):
    """Someone changed the report since it was shown."""


@dataclass(frozen=True)
class Schedule:
    frequency: str
    starts_on: date


def schedule_for(vendor: Vendor) -> Schedule:
    row = db.session.get(KpiSchedule, vendor.id)
    if row is not None:
        return Schedule(row.frequency, row.starts_on)
    return Schedule(DEFAULT_FREQUENCY, vendor.created_at.date())


def set_schedule(vendor: Vendor, frequency: str, starts_on: date | None = None) -> Schedule:
    if frequency not in DUE_WINDOW:
        raise ValueError(f"unknown frequency {frequency!r}")
    row = db.session.get(KpiSchedule, vendor.id)
    before = schedule_for(vendor)
    if row is None:
        row = KpiSchedule(vendor_id=vendor.id, starts_on=starts_on or before.starts_on)
        db.session.add(row)
    row.frequency = frequency
    if starts_on is not None:
        row.starts_on = starts_on
    db.session.flush()
    record(
        "kpi.schedule_changed",
        vendor_id=vendor.id,
        object_type="vendor",
        object_id=vendor.id,
        before=before.frequency,
        after=frequency,
        starts_on=row.starts_on.isoformat(),
    )
    return Schedule(row.frequency, row.starts_on)


def definitions_for(vendor: Vendor) -> list[KpiDefinition]:
    """The active KPIs this vendor reports, in their order."""
    rows = db.session.scalars(
        select(KpiDefinition)
        .where(KpiDefinition.active.is_(True))
        .order_by(KpiDefinition.position, KpiDefinition.id)
    )
    return [d for d in rows if not d.categories or vendor.category in d.categories]


def kpi_name(definition: KpiDefinition, locale: str | None) -> str:
    if definition.builtin and definition.code in BUILTIN_NAMES:
        return str(BUILTIN_NAMES[definition.code])
    translated = (definition.translations or {}).get(locale or "en")
    return translated or definition.name


def kpi_help(definition: KpiDefinition) -> str:
    if definition.builtin and definition.code in BUILTIN_HELP:
        return str(BUILTIN_HELP[definition.code])
    return definition.description or ""


def reports_by_period(vendor: Vendor, frequency: str) -> dict[date, KpiReport]:
    rows = db.session.scalars(
        select(KpiReport).where(KpiReport.vendor_id == vendor.id, KpiReport.frequency == frequency)
    )
    return {r.period_start: r for r in rows}


def due_periods(vendor: Vendor, today: date) -> list[Period]:
    """Ended periods in the recent window with no report, or with a returned one."""
    schedule = schedule_for(vendor)
    reports = reports_by_period(vendor, schedule.frequency)
    periods = ended_periods(
        schedule.frequency, schedule.starts_on, today, DUE_WINDOW[schedule.frequency]
    )
    return [p for p in periods if p.start not in reports or reports[p.start].status == "returned"]


def reportable(vendor: Vendor, period: Period, today: date) -> bool:
    """A period the vendor may report: of its frequency, ended, not before its schedule."""
    schedule = schedule_for(vendor)
    return (
        period.frequency == schedule.frequency
        and period.has_ended(today)
        and period.end >= schedule.starts_on
    )


def find_report(vendor: Vendor, period: Period) -> KpiReport | None:
    return db.session.scalar(
        select(KpiReport).where(
            KpiReport.vendor_id == vendor.id,
            KpiReport.frequency == period.frequency,
            KpiReport.period_start == period.start,
        )
    )


# --- changes ---------------------------------------------------------------------------------


def submit_kpi_report(
    vendor: Vendor,
    period: Period,
    values: dict[int, Decimal],
    note: str | None,
    submitted_by_id: int | None,
    supporting_document_id: int | None = None,
    expected_version: int | None = None,
) -> KpiReport:
    """Create the period's report, or replace the figures of one not yet validated."""
    note = (note or "").strip() or None
    if note and len(note) > NOTE_LIMIT:
        raise KpiInputInvalid(_l("Keep the note under %(n)d characters.", n=NOTE_LIMIT))
    report = find_report(vendor, period)
    now = utcnow()
    if report is None:
        report = KpiReport(
            vendor_id=vendor.id,
            frequency=period.frequency,
            period_start=period.start,
            period_end=period.end,
        )
        db.session.add(report)
        action = "kpi_report.submitted"
    else:
        if report.status == "validated":
            raise KpiReportRefused(
                _l("This report has been validated and can no longer be changed.")
            )
        if expected_version is not None and report.version != expected_version:
            raise StaleReport(
                _l("The report changed since you opened it. Reload the page and try again.")
            )
        report.version += 1
        action = "kpi_report.resubmitted"
    report.status = "submitted"
    report.note = note
    report.submitted_by_id = submitted_by_id
    report.submitted_at = now
    report.staff_note = None
    if supporting_document_id is not None:
        report.supporting_document_id = supporting_document_id
    by_definition = {v.definition_id: v for v in report.values}
    for definition_id, value in values.items():
        if definition_id in by_definition:
            by_definition[definition_id].value = value
        else:
            report.values.append(KpiValue(definition_id=definition_id, value=value))
    for definition_id, row in by_definition.items():
        if definition_id not in values:
            report.values.remove(row)
    db.session.flush()
    record(
        action,
        vendor_id=vendor.id,
        object_type="kpi_report",
        object_id=report.id,
        period=period.code,
        values={str(k): str(v) for k, v in values.items()},
        supporting_document_id=report.supporting_document_id,
    )
    return report


def _decide(
    report: KpiReport, expected_version: int, status: str, user_id: int | None, note: str | None
) -> KpiReport:
    if report.status != "submitted":
        raise KpiReportRefused(_l("Only a submitted report can be validated or returned."))
    now = utcnow()
    changes: dict[str, Any] = {
        "status": status,
        "version": KpiReport.version + 1,
        "updated_at": now,
        "staff_note": note,
        "validated_by_id": user_id if status == "validated" else None,
        "validated_at": now if status == "validated" else None,
    }
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(KpiReport)
        .where(
            KpiReport.id == report.id,
            KpiReport.version == expected_version,
            KpiReport.status == "submitted",
        )
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleReport(
            _l("Someone changed this report since you opened it. Reload and decide again.")
        )
    db.session.refresh(report)
    record(
        f"kpi_report.{status}",
        vendor_id=report.vendor_id,
        object_type="kpi_report",
        object_id=report.id,
        note=note,
    )
    return report


def validate_kpi_report(
    report: KpiReport, expected_version: int, validated_by_id: int | None, note: str | None = None
) -> KpiReport:
    """Staff confirm the figures: `submitted` → `validated` (scorecards use only these)."""
    return _decide(report, expected_version, "validated", validated_by_id, note)


def return_kpi_report(
    report: KpiReport, expected_version: int, returned_by_id: int | None, note: str
) -> KpiReport:
    """Staff send the figures back with the reason; the vendor corrects and resubmits."""
    note = note.strip()
    if not note:
        raise KpiInputInvalid(_l("Say what the vendor should correct."))
    return _decide(report, expected_version, "returned", returned_by_id, note)


@dataclass(frozen=True)
class ValidatedKpi:
    vendor_id: int
    code: str
    period_start: date
    period_end: date
    value: Decimal
    validated_at: Any


def validated_kpi_values(vendor_id: int, since: date | None = None) -> list[ValidatedKpi]:
    """Validated figures of one vendor, oldest period first (for scorecards)."""
    stmt = (
        select(KpiReport, KpiValue, KpiDefinition)
        .join(KpiValue, KpiValue.report_id == KpiReport.id)
        .join(KpiDefinition, KpiDefinition.id == KpiValue.definition_id)
        .where(KpiReport.vendor_id == vendor_id, KpiReport.status == "validated")
        .order_by(KpiReport.period_start, KpiDefinition.position)
    )
    if since is not None:
        stmt = stmt.where(KpiReport.period_end >= since)
    return [
        ValidatedKpi(vendor_id, d.code, r.period_start, r.period_end, v.value, r.validated_at)
        for r, v, d in db.session.execute(stmt)
    ]
