"""The outbox: every e-mail the portal sends is a row here first, then handed to the transport.

A message is stored (rendered, with its Message-ID) in the caller's transaction, so a rollback
sends nothing. Delivery takes a lease on the row (one conditional UPDATE), hands the message to
the transport outside any transaction, then records the outcome while it still holds the lease:

    pending --claim--> sending --ok--> sent
       ^                  |--temporary failure--> pending (after a backoff) ... failed at last
       |                  '--permanent failure--> failed
    retry_message (an admin)

A sender that dies leaves an expired lease; the next delivery pass takes the message again. The
transport may then see it twice (at-least-once at that boundary), with the same Message-ID. With
the `outbox://` transport the table is the mailbox itself, and delivery is exactly once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import CheckConstraint, Index, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.db import Base, db, rows_changed, utcnow
from portal.core.mail import (
    DeliveryError,
    OutgoingMessage,
    Transport,
    UnreachableTransport,
    open_transport,
    parse_mail_url,
)

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "failed", "cancelled")
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 6 * 3600


class MailMessage(Base):
    __tablename__ = "mail_messages"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_mail_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RFC 5322 Message-ID without the angle brackets; unique, so a message is stored once.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    category: Mapped[str] = mapped_column(String(50), index=True)
    to_addr: Mapped[str] = mapped_column(String(320), index=True)
    to_name: Mapped[str | None] = mapped_column(String(300))
    from_addr: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(998))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="en")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_token: Mapped[str | None] = mapped_column(String(36))
    lease_expires_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    transport: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    def outgoing(self) -> OutgoingMessage:
        return OutgoingMessage(
            message_id=self.message_id,
            from_addr=self.from_addr,
            to_addr=self.to_addr,
            to_name=self.to_name,
            subject=self.subject,
            text=self.text_body,
            html=self.html_body,
            language=self.language,
            date=self.created_at,
        )

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} {self.to_addr} {self.status}>"


@dataclass(frozen=True)
class Delivery:
    """What one delivery pass did with one message."""

    message_id: int
    outcome: str  # sent | retry | failed | not_claimed
    error: str | None = None


def backoff_seconds(attempts: int) -> int:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 h."""
    return int(min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def add_message(
    session: Session,
    *,
    message_id: str,
    category: str,
    to_addr: str,
    to_name: str | None,
    subject: str,
    text_body: str,
    html_body: str | None,
    language: str,
    now: datetime,
) -> MailMessage:
    """Store a message to send; it goes out once the caller's transaction commits."""
    message = MailMessage(
        message_id=message_id,
        category=category,
        to_addr=to_addr,
        to_name=to_name,
        from_addr=current_app.config["PORTAL"].mail_from,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        language=language,
        status="pending",
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def _ready(now: datetime) -> Any:
    return or_(
        (MailMessage.status == "pending") & (MailMessage.next_attempt_at <= now),
        (MailMessage.status == "sending") & (MailMessage.lease_expires_at < now),
    )


def ready_message_ids(
    now: datetime, category: str | None = None, limit: int | None = None
) -> list[int]:
    """Messages a delivery pass should try now: due ones, and ones whose sender vanished."""
    query = select(MailMessage.id).where(_ready(now)).order_by(MailMessage.id)
    if category is not None:
        query = query.where(MailMessage.category == category)
    if limit is not None:
        query = query.limit(limit)
    with Session(db.engine) as session:
        return list(session.scalars(query))


def _claim(message_id: int, now: datetime) -> tuple[str, MailMessage] | None:
    settings = current_app.config["PORTAL"]
    token = str(uuid.uuid4())
    with Session(db.engine, expire_on_commit=False) as session, session.begin():
        claimed = rows_changed(
            session,
            update(MailMessage)
            .where(MailMessage.id == message_id, _ready(now))
            .values(
                status="sending",
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=settings.mail_lease_seconds),
                attempts=MailMessage.attempts + 1,
            ),
        )
        if not claimed:
            return None
        message = session.get_one(MailMessage, message_id)
    return token, message


def _record(
    message: MailMessage, token: str, now: datetime, transport: str, error: DeliveryError | None
) -> str:
    settings = current_app.config["PORTAL"]
    values: dict[str, Any] = {"lease_token": None, "lease_expires_at": None}
    if error is None:
        outcome = "sent"
        values.update(status="sent", sent_at=now, transport=transport, last_error=None)
    elif error.permanent or message.attempts >= settings.mail_max_attempts:
        outcome = "failed"
        values.update(status="failed", last_error=str(error)[:2000], transport=transport)
    else:
        outcome = "retry"
        values.update(
            status="pending",
            last_error=str(error)[:2000],
            next_attempt_at=now + timedelta(seconds=backoff_seconds(message.attempts)),
        )
    with Session(db.engine) as session, session.begin():
        kept = rows_changed(
            session,
            update(MailMessage)
            .where(MailMessage.id == message.id, MailMessage.lease_token == token)
            .values(**values),
        )
    if not kept:
        log.warning("mail %s: lease lost while sending; another sender took over", message.id)
    return outcome


def deliver_messages(message_ids: Sequence[int], now: datetime | None = None) -> list[Delivery]:
    """Try each message once, through one transport connection; returns what happened."""
    settings = current_app.config["PORTAL"]
    now = now or utcnow()
    results: list[Delivery] = []
    transport: Transport | None = None
    try:
        for message_id in message_ids:
            claimed = _claim(message_id, now)
            if claimed is None:
                results.append(Delivery(message_id, "not_claimed"))
                continue
            token, message = claimed
            if transport is None:
                transport = open_transport(
                    settings.mail_url, settings.mail_timeout_seconds, settings.mail_from
                )
            error: DeliveryError | None = None
            try:
                transport.send(message.outgoing().to_email())
            except DeliveryError as exc:
                error = exc
                log.warning("mail %s to %s: %s", message.id, message.to_addr, exc)
                if exc.unreachable and not isinstance(transport, UnreachableTransport):
                    transport.close()
                    transport = UnreachableTransport(transport.name, exc)
            outcome = _record(message, token, now, transport.name, error)
            results.append(Delivery(message_id, outcome, str(error) if error else None))
    finally:
        if transport is not None:
            transport.close()
    return results


def deliver_ready(now: datetime | None = None, category: str | None = None) -> list[Delivery]:
    """One delivery pass over everything that is due (the periodic job calls this)."""
    now = now or utcnow()
    return deliver_messages(ready_message_ids(now, category), now)


def cancel_unsent(session: Session, message_id: int) -> bool:
    """Withdraw a message nobody is sending yet; its Message-ID is freed for a new message."""
    cancelled = rows_changed(
        session,
        update(MailMessage)
        .where(MailMessage.id == message_id, MailMessage.status == "pending")
        .values(
            status="cancelled",
            message_id="cancelled-" + str(message_id) + "-" + MailMessage.message_id,
        ),
    )
    return bool(cancelled)


def retry_message(message_id: int, now: datetime | None = None) -> bool:
    """An admin asks for a failed message to be tried again (the caller commits)."""
    changed = rows_changed(
        db.session,
        update(MailMessage)
        .where(MailMessage.id == message_id, MailMessage.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now or utcnow(), last_error=None),
    )
    return bool(changed)


def list_messages(
    status: str | None = None,
    category: str | None = None,
    recipient: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[MailMessage]:
    """The newest messages first, for the admin outbox page (page on with `before_id`)."""
    query = select(MailMessage).order_by(MailMessage.id.desc()).limit(limit)
    if status:
        query = query.where(MailMessage.status == status)
    if category:
        query = query.where(MailMessage.category == category)
    if recipient:
        query = query.where(MailMessage.to_addr == recipient.strip().lower())
    if before_id:
        query = query.where(MailMessage.id < before_id)
    return list(db.session.scalars(query))


def get_message(message_id: int) -> MailMessage | None:
    return db.session.get(MailMessage, message_id)


def transport_description() -> str:
    """Where mail goes, without secrets (for the admin outbox page)."""
    return parse_mail_url(current_app.config["PORTAL"].mail_url).describe()
