"""Reminder policy (per document type), the ledger (one row per reminder), and daily runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, utcnow
from portal.core.outbox import MailMessage
from portal.documents.models import Document

# expiry: before, on and after the expiry date (threshold = days before it; negative = after).
# renewal_deadline: a contract's last day to give notice of non-renewal (the internal owner).
# escalation: a required document expired N days ago and not renewed (the admins).
# lapsed: the vendor's status dropped to lapsed because this document expired.
RULES = ("expiry", "renewal_deadline", "escalation", "lapsed")
RECIPIENT_KINDS = ("contact", "vendor_user", "owner", "admin")
SKIP_REASONS = ("collapsed", "renewed", "no_longer_due")
DEFAULT_POLICY_KEY = "*"


class ReminderPolicy(Base):
    """When reminders go out for one document type (`*`: every type without its own row)."""

    __tablename__ = "reminder_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # Days before the expiry date; 0 is the day itself.
    offsets_days: Mapped[list[int]] = mapped_column(JSON)
    # After expiry, remind again every this many days (0: never).
    repeat_after_expiry_days: Mapped[int] = mapped_column(default=7)
    # Contracts: days before the non-renewal notice deadline (expiry minus the notice period).
    renewal_offsets_days: Mapped[list[int]] = mapped_column(JSON)
    notify_vendor: Mapped[bool] = mapped_column(default=True)
    notify_owner: Mapped[bool] = mapped_column(default=True)
    # None: PORTAL_ESCALATION_DAYS.
    escalation_days: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Reminder(Base):
    """The ledger: one row per (document, recipient, rule, threshold), never two.

    Its delivery state is its message's: no message yet (pending), then the outbox row's
    pending → sending → sent | failed. `skip_reason` marks reminders that will not be sent.
    """

    __tablename__ = "reminder_ledger"
    __table_args__ = (
        # Column order serves the due query's probe: (document, rule, anchor, threshold).
        UniqueConstraint(
            "document_id",
            "rule",
            "anchor_date",
            "threshold_days",
            "recipient_email",
            name="uq_reminder_ledger_key",
        ),
        CheckConstraint(f"rule IN {RULES!r}", name="rule"),
        CheckConstraint(f"recipient_kind IN {RECIPIENT_KINDS!r}", name="recipient_kind"),
        CheckConstraint(
            f"skip_reason IS NULL OR (skip_reason IN {SKIP_REASONS!r} AND message_id IS NULL)",
            name="skip_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(20))
    threshold_days: Mapped[int]
    # The date the threshold counts from: the expiry date, or a contract's notice deadline.
    anchor_date: Mapped[date] = mapped_column(Date)
    # The day the reminder fell due, and the day a run found it (later, if runs were missed).
    due_on: Mapped[date] = mapped_column(Date)
    planned_on: Mapped[date] = mapped_column(Date)
    recipient_email: Mapped[str] = mapped_column(String(320), index=True)
    recipient_name: Mapped[str | None] = mapped_column(String(300))
    recipient_kind: Mapped[str] = mapped_column(String(20))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendor_contacts.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(10), default="en")
    message_id: Mapped[int | None] = mapped_column(ForeignKey("mail_messages.id"), index=True)
    skip_reason: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship()
    message: Mapped[MailMessage | None] = relationship()

    @property
    def key(self) -> str:
        """The ledger key as text: what the Message-ID is derived from."""
        return ledger_key(
            self.document_id, self.recipient_email, self.rule, self.threshold_days, self.anchor_date
        )

    @property
    def status(self) -> str:
        if self.skip_reason:
            return "skipped"
        if self.message is None:
            return "pending"
        return "pending" if self.message.status == "cancelled" else self.message.status

    def __repr__(self) -> str:
        return (
            f"<Reminder {self.id} doc {self.document_id} {self.rule} {self.threshold_days} "
            f"{self.recipient_email} {self.status}>"
        )


def ledger_key(
    document_id: int, recipient_email: str, rule: str, threshold_days: int, anchor_date: date
) -> str:
    return f"{document_id}|{recipient_email}|{rule}|{threshold_days}|{anchor_date.isoformat()}"


class ReminderRun(Base):
    """One scheduled run per day in the schedule's time zone: the unique date is the gate."""

    __tablename__ = "reminder_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_date: Mapped[date] = mapped_column(Date, unique=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
