"""Risks per vendor (likelihood × impact, owner, mitigation, review date, status) and the
countries admins watch."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.db import Base, utcnow
from portal.vendors.models import Vendor

RISK_CATEGORIES = ("political", "operational", "financial", "security", "reputational")
# proposed: raised by the portal, waiting for a person; dismissed: a person said no.
RISK_STATUSES = ("proposed", "open", "mitigating", "closed", "dismissed")
ACTIVE_STATUSES = ("proposed", "open", "mitigating")


class Risk(Base):
    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint(f"category IN {RISK_CATEGORIES!r}", name="category"),
        CheckConstraint(f"status IN {RISK_STATUSES!r}", name="status"),
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact"),
        # One proposal per cause, ever: a dismissed proposal is not proposed again.
        UniqueConstraint("vendor_id", "cause"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(default=3)
    impact: Mapped[int] = mapped_column(default=3)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mitigation: Mapped[str | None] = mapped_column(Text)
    review_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # For proposed risks: the rule and its object (`certificate_expired:document:12`).
    cause: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship()
    owner: Mapped[User | None] = relationship()

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact


class WatchCountry(Base):
    """A country admins watch (sanctions, instability): its vendors get a political risk."""

    __tablename__ = "watch_countries"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
