"""Channels to outside tools (chat webhooks, issue trackers) and the delivery ledger.

A delivery is one event (its dedupe key) for one channel, never two: the unique key settles any
race between announcers. Its life mirrors the mail outbox's:

    pending --claim (lease)--> sending --ok--> sent
       ^                          |--temporary failure--> pending (after a backoff) ... failed
       |                          '--permanent failure--> failed
    retry (an admin)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.db import Base, utcnow

CHANNEL_KINDS = ("slack", "teams", "wecom", "jira", "asana")
CHAT_KINDS = frozenset({"slack", "teams", "wecom"})
TICKET_KINDS = frozenset({"jira", "asana"})
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed")


class Channel(Base):
    """Where announcements go: one webhook or one tracker project, chosen by an admin."""

    __tablename__ = "integration_channels"
    __table_args__ = (CheckConstraint(f"kind IN {CHANNEL_KINDS!r}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    enabled: Mapped[bool] = mapped_column(default=True)
    # Event kinds this channel receives (portal.integrations.events.EVENT_KINDS).
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Vendor categories it is limited to; empty: every vendor (and events about no vendor).
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Trackers: the site or API base (not secret). Chat: empty (the webhook URL is the secret).
    base_url: Mapped[str | None] = mapped_column(String(500))
    # The secret (webhook URL or API token): encrypted here, or named environment variable.
    secret_ciphertext: Mapped[str | None] = mapped_column(Text)
    secret_env: Mapped[str | None] = mapped_column(String(100))
    # What the pages show of the secret: never the secret itself.
    secret_hint: Mapped[str] = mapped_column(String(120), default="")
    # Per-kind settings: Jira e-mail/project/issue type/API version, Asana project/workspace,
    # Teams card format.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def opens_tickets(self) -> bool:
        return self.kind in TICKET_KINDS

    def __repr__(self) -> str:
        return f"<Channel {self.id} {self.kind} {self.name!r}>"


class Delivery(Base):
    """One event for one channel; `ticket_key`/`ticket_url` once a tracker created the issue."""

    __tablename__ = "integration_deliveries"
    __table_args__ = (
        UniqueConstraint("dedupe_key", "channel_id", name="uq_integration_deliveries_key"),
        CheckConstraint(f"status IN {DELIVERY_STATUSES!r}", name="status"),
        Index("ix_integration_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    channel_id: Mapped[int] = mapped_column(
        ForeignKey("integration_channels.id", ondelete="CASCADE"), index=True
    )
    event_kind: Mapped[str] = mapped_column(String(30))
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_expires_at: Mapped[datetime | None]
    # The last attempt may have reached the tracker (a timeout, a 5xx): look before re-creating.
    uncertain: Mapped[bool] = mapped_column(default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status_code: Mapped[int | None]
    ticket_key: Mapped[str | None] = mapped_column(String(100))
    ticket_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    channel: Mapped[Channel] = relationship()

    def __repr__(self) -> str:
        return f"<Delivery {self.id} {self.dedupe_key} → {self.channel_id} {self.status}>"
