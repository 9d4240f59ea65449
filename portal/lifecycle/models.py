"""Issues for the internal owner, escalation paths and the actions agreed in business reviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, utcnow
from portal.vendors.models import Vendor

# What raised the issue; integrations (chat, trackers) subscribe to these kinds.
EVENT_KINDS = ("sla_breach", "risk_proposed", "risk_opened", "escalation_due")
EVENT_STATUSES = ("open", "acknowledged", "resolved")
SIDES = ("internal", "vendor")
ACTION_STATUSES = ("open", "done", "dropped")


class LifecycleEvent(Base):
    """An issue for the vendor's internal owner: what happened, its evidence, where to look.

    `dedupe_key` makes publishing idempotent: the same cause never opens two issues.
    """

    __tablename__ = "lifecycle_events"
    __table_args__ = (
        CheckConstraint(f"kind IN {EVENT_KINDS!r}", name="kind"),
        CheckConstraint(f"status IN {EVENT_STATUSES!r}", name="status"),
        UniqueConstraint("dedupe_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # Who should act: the vendor's owner when the issue was raised.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The escalation path step reached (0: the owner only) and when the next one falls due.
    escalation_level: Mapped[int] = mapped_column(default=0)
    next_escalation_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    vendor: Mapped[Vendor] = relationship()


class EscalationStep(Base):
    """One rung of a vendor's escalation path: who, on which side, and how long they have."""

    __tablename__ = "escalation_steps"
    __table_args__ = (
        CheckConstraint(f"side IN {SIDES!r}", name="side"),
        CheckConstraint("level >= 1", name="level"),
        CheckConstraint("respond_within_hours >= 1", name="respond_within_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    level: Mapped[int]
    side: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    # An unresolved issue moves to the next level after this long at this one.
    respond_within_hours: Mapped[int] = mapped_column(default=48)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgreedAction(Base):
    """An action agreed with the vendor in a quarterly business review."""

    __tablename__ = "agreed_actions"
    __table_args__ = (CheckConstraint(f"status IN {ACTION_STATUSES!r}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    # The review it was agreed in, e.g. `2026-Q1`.
    period_code: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    owner_name: Mapped[str | None] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
