"""Selection criteria and scores, performance KPIs with targets, internal ratings,
internally recorded service values and SLA breaches."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.db import Base, utcnow
from portal.vendors.models import Vendor

# The four groups companies use to choose cross-border vendors.
CRITERION_GROUPS = ("compliance", "capability", "network", "cost")
# Criteria the portal fills from approved documents.
AUTO_RULES = ("iso27001_valid", "insurance_in_force", "audited_financials", "liability_cap")
# Where a performance KPI's value comes from.
KPI_SOURCES = ("self_report", "rating", "events")
EVENT_COUNTERS = ("missed_reminders", "rejected_documents", "incidents")
SLA_METRICS = ("uptime", "response_hours")
MEASUREMENT_SOURCES = ("self_report", "internal")


class SelectionCriterion(Base):
    __tablename__ = "selection_criteria"
    __table_args__ = (
        CheckConstraint(f"criterion_group IN {CRITERION_GROUPS!r}", name="criterion_group"),
        CheckConstraint(f"auto_rule IS NULL OR auto_rule IN {AUTO_RULES!r}", name="auto_rule"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_group: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    auto_rule: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=100)


class SelectionScore(Base):
    """One reviewer's 0–5 score of one candidate on one criterion, with their comment."""

    __tablename__ = "selection_scores"
    __table_args__ = (
        UniqueConstraint("vendor_id", "criterion_id", "reviewer_id"),
        CheckConstraint("score >= 0 AND score <= 5", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("selection_criteria.id", ondelete="CASCADE")
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reviewer: Mapped[User] = relationship()


class ScorecardKpi(Base):
    """A line of the performance scorecard: its source, weight and target.

    Attainment is linear between `worst` (0 points) and `target` (full points); either may be
    the higher number (counts: target 0, worst 5).
    """

    __tablename__ = "scorecard_kpis"
    __table_args__ = (
        CheckConstraint(f"source IN {KPI_SOURCES!r}", name="source"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight"),
        CheckConstraint("target <> worst", name="target_differs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    # self_report: the KPI definition's code; events: one of EVENT_COUNTERS; rating: free.
    source_code: Mapped[str] = mapped_column(String(60))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    target: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    worst: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=100)


class ScorecardSetting(Base):
    """Admins' scorecard settings: one row per set ("performance", "selection", "bands").

    `version` guards each set against stale edits (the weights of a set only make sense
    together); `value` holds the set's own data where it has some (the band thresholds; None:
    PORTAL_SCORE_BANDS applies).
    """

    __tablename__ = "scorecard_settings"

    key: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PerformanceRating(Base):
    """An internal 0–5 rating of a vendor on one rating KPI for one period, by one person."""

    __tablename__ = "performance_ratings"
    __table_args__ = (
        UniqueConstraint("vendor_id", "kpi_id", "period_start", "period_end", "rated_by_id"),
        CheckConstraint("score >= 0 AND score <= 5", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("scorecard_kpis.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    score: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    comment: Mapped[str | None] = mapped_column(Text)
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServiceMeasurement(Base):
    """A service level recorded by staff (monitoring, tickets) for one period."""

    __tablename__ = "service_measurements"
    __table_args__ = (
        UniqueConstraint("vendor_id", "metric", "period_start", "period_end"),
        CheckConstraint(f"metric IN {SLA_METRICS!r}", name="metric"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlaBreach(Base):
    """A measured value below (uptime) or above (response time) the contracted one."""

    __tablename__ = "sla_breaches"
    __table_args__ = (
        UniqueConstraint("vendor_id", "metric", "source", "period_start", "period_end"),
        CheckConstraint(f"metric IN {SLA_METRICS!r}", name="metric"),
        CheckConstraint(f"source IN {MEASUREMENT_SOURCES!r}", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    contracted: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    actual: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    # The contract document and clause, the report or measurement: what proves it.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("lifecycle_events.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor: Mapped[Vendor] = relationship()
