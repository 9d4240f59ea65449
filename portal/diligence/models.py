"""Due diligence checks per vendor, each with owner, outcome and evidence."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.db import Base, utcnow

CHECK_TYPES = (
    "registry_check",
    "litigation_search",
    "sanctions_screening",
    "site_visit",
    "reference_calls",
)
# passed and passed_with_findings clear the check; failed blocks onboarding.
OUTCOMES = ("pending", "passed", "passed_with_findings", "failed")
CLEARED = ("passed", "passed_with_findings")


class DiligenceCheck(Base):
    __tablename__ = "diligence_checks"
    __table_args__ = (
        UniqueConstraint("vendor_id", "check_type"),
        CheckConstraint(f"check_type IN {CHECK_TYPES!r}", name="check_type"),
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    check_type: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(30), default="pending")
    performed_on: Mapped[date | None] = mapped_column(Date)
    # What was found and where it is kept (registry extract number, search provider, notes).
    evidence: Mapped[str | None] = mapped_column(Text)
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship()
