"""The performance scorecard of a vendor for a period: the values behind each KPI line.

- self-reported KPIs: the vendor's figures once staff validated them
  (`portal.kpis.service.validated_kpi_values`), averaged over the reports inside the period;
- internal ratings: the mean of the 0–5 ratings staff gave for the period;
- counted events: documents left to expire (reminders sent after expiry, escalations, lapses),
  documents rejected, and incidents (validated self-reported incidents plus SLA breaches).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, or_, select

from portal.audit.service import record
from portal.core.db import db
from portal.documents.models import Document
from portal.kpis.periods import Period, period_containing
from portal.kpis.service import validated_kpi_values
from portal.reminders.models import Reminder
from portal.scorecards.models import PerformanceRating, ScorecardKpi, SlaBreach
from portal.scorecards.scoring import Bands, LineSpec, Scorecard, score_period
from portal.scorecards.settings import stored_bands
from portal.vendors.models import Vendor

DEFAULT_BANDS = Bands()


def configured_bands() -> Bands:
    """The bands of PORTAL_SCORE_BANDS, else the defaults."""
    try:
        settings = current_app.config["PORTAL"]
    except (RuntimeError, KeyError):
        return DEFAULT_BANDS
    preferred, approved, watch = settings.score_bands
    return Bands(Decimal(str(preferred)), Decimal(str(approved)), Decimal(str(watch)))


def bands() -> Bands:
    """The thresholds admins saved (/admin/scorecards), else PORTAL_SCORE_BANDS."""
    return stored_bands() or configured_bands()


def scorecard_kpis() -> list[ScorecardKpi]:
    return list(
        db.session.scalars(
            select(ScorecardKpi)
            .where(ScorecardKpi.active.is_(True))
            .order_by(ScorecardKpi.position, ScorecardKpi.id)
        )
    )


def line_specs(kpis: Sequence[ScorecardKpi]) -> list[LineSpec]:
    return [
        LineSpec(k.code, k.name, Decimal(k.weight), k.target, k.worst, k.source == "events")
        for k in kpis
    ]


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=UTC)
    return start, datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=UTC)


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def reported_values(vendor_id: int, period: Period) -> dict[str, list[Decimal]]:
    """Validated self-reported figures per KPI code, for reports inside the period."""
    found: dict[str, list[Decimal]] = {}
    for item in validated_kpi_values(vendor_id, since=period.start):
        if item.period_start >= period.start and item.period_end <= period.end:
            found.setdefault(item.code, []).append(item.value)
    return found


def rating_values(vendor_id: int, period: Period) -> dict[int, list[Decimal]]:
    rows = db.session.execute(
        select(PerformanceRating.kpi_id, PerformanceRating.score).where(
            PerformanceRating.vendor_id == vendor_id,
            PerformanceRating.period_start >= period.start,
            PerformanceRating.period_end <= period.end,
        )
    )
    found: dict[int, list[Decimal]] = {}
    for kpi_id, score in rows:
        found.setdefault(kpi_id, []).append(Decimal(score))
    return found


def missed_reminders(vendor_id: int, period: Period) -> int:
    """Documents that reached expiry unrenewed during the period (a reminder after expiry, an
    escalation or a lapse fell due)."""
    stmt = select(func.count(func.distinct(Reminder.document_id))).where(
        Reminder.vendor_id == vendor_id,
        Reminder.due_on >= period.start,
        Reminder.due_on <= period.end,
        or_(
            Reminder.rule.in_(("escalation", "lapsed")),
            (Reminder.rule == "expiry") & (Reminder.threshold_days < 0),
        ),
    )
    return db.session.scalar(stmt) or 0


def rejected_documents(vendor_id: int, period: Period) -> int:
    start, end = _bounds(period)
    stmt = select(func.count(Document.id)).where(
        Document.vendor_id == vendor_id,
        Document.state == "rejected",
        Document.updated_at >= start,
        Document.updated_at < end,
    )
    return db.session.scalar(stmt) or 0


def sla_breach_count(vendor_id: int, period: Period) -> int:
    stmt = select(func.count(SlaBreach.id)).where(
        SlaBreach.vendor_id == vendor_id,
        SlaBreach.period_start >= period.start,
        SlaBreach.period_end <= period.end,
    )
    return db.session.scalar(stmt) or 0


def period_values(
    vendor_id: int, period: Period, kpis: Sequence[ScorecardKpi]
) -> dict[str, Decimal | None]:
    reported = reported_values(vendor_id, period)
    ratings = rating_values(vendor_id, period)
    values: dict[str, Decimal | None] = {}
    for kpi in kpis:
        if kpi.source == "self_report":
            values[kpi.code] = _mean(reported.get(kpi.source_code, []))
        elif kpi.source == "rating":
            values[kpi.code] = _mean(ratings.get(kpi.id, []))
        elif kpi.source_code == "missed_reminders":
            values[kpi.code] = Decimal(missed_reminders(vendor_id, period))
        elif kpi.source_code == "rejected_documents":
            values[kpi.code] = Decimal(rejected_documents(vendor_id, period))
        elif kpi.source_code == "incidents":
            self_reported = sum(reported.get("incidents", []), Decimal(0))
            values[kpi.code] = self_reported + sla_breach_count(vendor_id, period)
        else:
            values[kpi.code] = None
    return values


def scorecard(vendor: Vendor, period: Period, with_previous: bool = True) -> Scorecard:
    """The scorecard of one period, compared with the period before it."""
    kpis = scorecard_kpis()
    specs = line_specs(kpis)
    previous = None
    if with_previous:
        prior = period.previous()
        previous = score_period(specs, period_values(vendor.id, prior, kpis), bands())
    return score_period(specs, period_values(vendor.id, period, kpis), bands(), previous)


def history(vendor: Vendor, last: Period, count: int) -> list[tuple[Period, Scorecard]]:
    """The scorecards of `count` periods up to `last`, oldest first, each against the one before."""
    kpis = scorecard_kpis()
    specs = line_specs(kpis)
    periods = [last]
    while len(periods) < count + 1:
        periods.append(periods[-1].previous())
    periods.reverse()
    out: list[tuple[Period, Scorecard]] = []
    previous: Scorecard | None = None
    for period in periods:
        card = score_period(specs, period_values(vendor.id, period, kpis), bands(), previous)
        out.append((period, card))
        previous = card
    return out[1:]


def latest_ended(today: date, frequency: str = "quarterly") -> Period:
    return period_containing(today, frequency).previous()


class RatingInvalid(ValueError):
    pass


def rate(
    vendor: Vendor,
    kpi: ScorecardKpi,
    period: Period,
    score: Decimal,
    comment: str | None,
    user_id: int | None,
) -> PerformanceRating:
    """Record (or replace) this person's rating of the vendor on a rating KPI for a period."""
    if kpi.source != "rating":
        raise RatingInvalid("Only rating lines take internal ratings.")
    if not Decimal(0) <= score <= Decimal(5):
        raise RatingInvalid("Ratings run from 0 to 5.")
    row = db.session.scalar(
        select(PerformanceRating).where(
            PerformanceRating.vendor_id == vendor.id,
            PerformanceRating.kpi_id == kpi.id,
            PerformanceRating.period_start == period.start,
            PerformanceRating.period_end == period.end,
            PerformanceRating.rated_by_id == user_id,
        )
    )
    before = str(row.score) if row else None
    if row is None:
        row = PerformanceRating(
            vendor_id=vendor.id,
            kpi_id=kpi.id,
            period_start=period.start,
            period_end=period.end,
            rated_by_id=user_id,
        )
        db.session.add(row)
    row.score = score
    row.comment = (comment or "").strip()[:2000] or None
    db.session.flush()
    record(
        "scorecard.rated",
        vendor_id=vendor.id,
        object_type="performance_rating",
        object_id=row.id,
        kpi=kpi.code,
        period=period.code,
        before=before,
        after=str(score),
    )
    return row
