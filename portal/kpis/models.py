"""KPI definitions, each vendor's reporting frequency, reports and their values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.db import Base, utcnow
from portal.documents.models import Document
from portal.vendors.models import Vendor

UNITS = ("percent", "count", "score", "number")
FREQUENCIES = ("monthly", "quarterly")
REPORT_STATUSES = ("submitted", "validated", "returned")


class KpiDefinition(Base):
    """What vendors report; the four of DESIGN.md are built in, admins add their own."""

    __tablename__ = "kpi_definitions"
    __table_args__ = (CheckConstraint(f"unit IN {UNITS!r}", name="unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name in other languages, {"zh": "…", "de": "…"}; built-in KPIs use the catalogs.
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(20), default="number")
    min_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    max_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    # 0: whole numbers only.
    decimals: Mapped[int] = mapped_column(default=2)
    higher_is_better: Mapped[bool] = mapped_column(default=True)
    # Vendor categories that report it; empty: every vendor.
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    builtin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=100)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<KpiDefinition {self.code}>"


class KpiSchedule(Base):
    """How often a vendor reports, and from when (no row: quarterly from its creation)."""

    __tablename__ = "kpi_schedules"
    __table_args__ = (CheckConstraint(f"frequency IN {FREQUENCIES!r}", name="frequency"),)

    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(String(10), default="quarterly")
    starts_on: Mapped[date]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class KpiReport(Base):
    """One vendor's values for one period; staff validate it or return it with a reason."""

    __tablename__ = "kpi_reports"
    __table_args__ = (
        UniqueConstraint("vendor_id", "frequency", "period_start"),
        CheckConstraint(f"status IN {REPORT_STATUSES!r}", name="status"),
        CheckConstraint(f"frequency IN {FREQUENCIES!r}", name="frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="RESTRICT"), index=True
    )
    frequency: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    # The vendor's comment on the figures.
    note: Mapped[str | None] = mapped_column(Text)
    supporting_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    validated_at: Mapped[datetime | None]
    # Why staff returned the report (shown to the vendor).
    staff_note: Mapped[str | None] = mapped_column(Text)
    # Optimistic concurrency: a stale validation or edit gets 409.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship()
    supporting_document: Mapped[Document | None] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    validated_by: Mapped[User | None] = relationship(foreign_keys=[validated_by_id])
    values: Mapped[list[KpiValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="KpiValue.id"
    )

    def __repr__(self) -> str:
        return f"<KpiReport {self.id} vendor={self.vendor_id} {self.period_start} {self.status}>"


class KpiValue(Base):
    __tablename__ = "kpi_values"
    __table_args__ = (UniqueConstraint("report_id", "definition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("kpi_reports.id", ondelete="CASCADE"))
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("kpi_definitions.id", ondelete="RESTRICT")
    )
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))

    report: Mapped[KpiReport] = relationship(back_populates="values")
    definition: Mapped[KpiDefinition] = relationship()
