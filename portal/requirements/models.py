"""The requirements matrix: which document kinds a vendor must hold, by category, country,
criticality and spend. Admins edit it; the vendor's checklist is computed from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.db import Base, utcnow
from portal.vendors.models import CRITICALITIES


class Requirement(Base):
    __tablename__ = "requirements"
    __table_args__ = (
        CheckConstraint(
            f"min_criticality IS NULL OR min_criticality IN {CRITICALITIES!r}",
            name="min_criticality",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    # Any one of these document kinds satisfies the requirement.
    kinds: Mapped[list[str]] = mapped_column(JSON)
    # Due diligence checks (portal.diligence) the requirement asks for, all of them cleared.
    checks: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Conditions; an empty list or NULL means "any".
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    excluded_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_criticality: Mapped[str | None] = mapped_column(String(20))
    min_annual_spend_eur: Mapped[float | None] = mapped_column(Numeric(14, 2))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Requirement {self.id} {self.name!r} {self.kinds}>"
