"""SLA breaches: the contract's service levels against what was measured.

The contracted values come from the vendor's approved, unexpired contract (clauses `sla_uptime`
and `sla_response_hours`, as extracted — for a per-priority table, the most severe level's time —
or as a reviewer corrected them). The measured values are the vendor's validated self-reports
(KPI `sla_uptime`; KPI `sla_response_hours` or an admin-defined response-time KPI, see
`portal.kpis.definitions.response_time_kpi_codes`) and the values staff recorded
(`ServiceMeasurement`). Each breach is stored once per (metric, source, period) and opens an
issue for the internal owner with its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select

from portal.audit.service import record
from portal.core.db import db
from portal.documents.models import Document, ExtractedField
from portal.kpis.definitions import RESPONSE_TIME_KPI, response_time_kpi_codes
from portal.kpis.service import validated_kpi_values
from portal.lifecycle.events import publish
from portal.scorecards.models import SLA_METRICS, ServiceMeasurement, SlaBreach
from portal.vendors.models import Vendor

# metric → (contract clause, built-in self-reported KPI code, higher is better)
METRICS: dict[str, tuple[str, str, bool]] = {
    "uptime": ("sla_uptime", "sla_uptime", True),
    "response_hours": ("sla_response_hours", RESPONSE_TIME_KPI, False),
}
METRIC_LABELS = {"uptime": "Uptime (%)", "response_hours": "Response time (hours)"}


@dataclass(frozen=True)
class ContractedLevel:
    metric: str
    value: Decimal
    document_id: int
    document_name: str
    field_id: int
    page: int | None
    evidence: str | None


@dataclass(frozen=True)
class Measured:
    metric: str
    source: str
    period_start: date
    period_end: date
    value: Decimal
    reference: dict[str, Any]


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def contracted_levels(vendor_id: int, today: date) -> dict[str, ContractedLevel]:
    """The SLA values of the newest approved contract in force that states them."""
    clauses = {clause: metric for metric, (clause, _, _) in METRICS.items()}
    rows = db.session.execute(
        select(ExtractedField, Document)
        .join(Document, Document.id == ExtractedField.document_id)
        .where(
            Document.vendor_id == vendor_id,
            Document.state == "approved",
            or_(Document.expiry_date.is_(None), Document.expiry_date >= today),
            ExtractedField.name.in_(clauses),
            ExtractedField.review_status != "absent",
        )
        .order_by(Document.id.desc())
    )
    found: dict[str, ContractedLevel] = {}
    for field, document in rows:
        metric = clauses[field.name]
        value = _number(field.value)
        if metric in found or value is None:
            continue
        found[metric] = ContractedLevel(
            metric,
            value,
            document.id,
            document.original_filename,
            field.id,
            field.page,
            field.evidence,
        )
    return found


def measured_levels(vendor_id: int) -> list[Measured]:
    found: list[Measured] = []
    codes = {kpi: metric for metric, (_, kpi, _) in METRICS.items()}
    codes.update(dict.fromkeys(response_time_kpi_codes(), "response_hours"))
    for item in validated_kpi_values(vendor_id):
        if item.code in codes:
            found.append(
                Measured(
                    codes[item.code],
                    "self_report",
                    item.period_start,
                    item.period_end,
                    item.value,
                    {"kind": "validated self-report"},
                )
            )
    for row in db.session.scalars(
        select(ServiceMeasurement).where(ServiceMeasurement.vendor_id == vendor_id)
    ):
        found.append(
            Measured(
                row.metric,
                "internal",
                row.period_start,
                row.period_end,
                row.value,
                {"kind": "recorded by staff", "measurement_id": row.id, "note": row.note},
            )
        )
    return found


def is_breach(metric: str, contracted: Decimal, actual: Decimal) -> bool:
    higher_is_better = METRICS[metric][2]
    return actual < contracted if higher_is_better else actual > contracted


def check_vendor_sla(vendor: Vendor, today: date) -> list[SlaBreach]:
    """Record the breaches not yet recorded; returns the new ones (idempotent)."""
    levels = contracted_levels(vendor.id, today)
    new: list[SlaBreach] = []
    for measured in measured_levels(vendor.id):
        level = levels.get(measured.metric)
        if level is None or not is_breach(measured.metric, level.value, measured.value):
            continue
        exists = db.session.scalar(
            select(SlaBreach.id).where(
                SlaBreach.vendor_id == vendor.id,
                SlaBreach.metric == measured.metric,
                SlaBreach.source == measured.source,
                SlaBreach.period_start == measured.period_start,
                SlaBreach.period_end == measured.period_end,
            )
        )
        if exists is not None:
            continue
        evidence = {
            "contract_document_id": level.document_id,
            "contract_document": level.document_name,
            "clause_field_id": level.field_id,
            "clause_page": level.page,
            "clause_evidence": level.evidence,
            **measured.reference,
        }
        breach = SlaBreach(
            vendor_id=vendor.id,
            metric=measured.metric,
            source=measured.source,
            period_start=measured.period_start,
            period_end=measured.period_end,
            contracted=level.value,
            actual=measured.value,
            evidence=evidence,
        )
        db.session.add(breach)
        db.session.flush()
        label = METRIC_LABELS[measured.metric]
        page = f", page {level.page}" if level.page else ""
        quote = f': "{level.evidence}"' if level.evidence else ""
        event = publish(
            "sla_breach",
            vendor.id,
            f"SLA breach: {label} {measured.value:f} against {level.value:f} contracted "
            f"({measured.period_start:%Y-%m-%d} – {measured.period_end:%Y-%m-%d})",
            f"{vendor.legal_name}: {label} was {measured.value:f} "
            f"({measured.reference['kind']}) for {measured.period_start:%Y-%m-%d} – "
            f"{measured.period_end:%Y-%m-%d}; the contract {level.document_name}{page} "
            f"commits to {level.value:f}{quote}.",
            f"/vendors/{vendor.id}/scorecard",
            dedupe_key=f"sla_breach:{breach.id}",
        )
        breach.event_id = event.id
        record(
            "sla.breach_recorded",
            vendor_id=vendor.id,
            object_type="sla_breach",
            object_id=breach.id,
            metric=measured.metric,
            contracted=str(level.value),
            actual=str(measured.value),
        )
        new.append(breach)
    db.session.flush()
    return new


class MeasurementInvalid(ValueError):
    pass


def record_measurement(
    vendor: Vendor,
    metric: str,
    period_start: date,
    period_end: date,
    value: Decimal,
    note: str | None,
    user_id: int | None,
) -> ServiceMeasurement:
    if metric not in SLA_METRICS:
        raise MeasurementInvalid("Choose uptime or response time.")
    if period_end < period_start:
        raise MeasurementInvalid("The period ends before it starts.")
    if metric == "uptime" and not Decimal(0) <= value <= Decimal(100):
        raise MeasurementInvalid("Uptime is a percentage from 0 to 100.")
    if metric == "response_hours" and value < 0:
        raise MeasurementInvalid("A response time cannot be negative.")
    row = db.session.scalar(
        select(ServiceMeasurement).where(
            ServiceMeasurement.vendor_id == vendor.id,
            ServiceMeasurement.metric == metric,
            ServiceMeasurement.period_start == period_start,
            ServiceMeasurement.period_end == period_end,
        )
    )
    before = str(row.value) if row else None
    if row is None:
        row = ServiceMeasurement(
            vendor_id=vendor.id, metric=metric, period_start=period_start, period_end=period_end
        )
        db.session.add(row)
    row.value = value
    row.note = (note or "").strip()[:2000] or None
    row.recorded_by_id = user_id
    db.session.flush()
    record(
        "sla.measurement_recorded",
        vendor_id=vendor.id,
        object_type="service_measurement",
        object_id=row.id,
        metric=metric,
        before=before,
        after=str(value),
    )
    return row


def breaches(
    vendor_id: int, since: date | None = None, until: date | None = None
) -> list[SlaBreach]:
    stmt = select(SlaBreach).where(SlaBreach.vendor_id == vendor_id)
    if since is not None:
        stmt = stmt.where(SlaBreach.period_end >= since)
    if until is not None:
        stmt = stmt.where(SlaBreach.period_start <= until)
    return list(db.session.scalars(stmt.order_by(SlaBreach.period_start, SlaBreach.id)))
