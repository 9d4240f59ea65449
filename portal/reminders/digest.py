"""Composing digests: all of a recipient's pending reminders become one stored e-mail.

Per recipient, in a transaction of its own: unsent digests of theirs are withdrawn and folded in
(so a contact never gets yesterday's unsent digest and today's as two e-mails), the reminders are
rendered into one outbox message with a Message-ID derived from their ledger keys, and attached
to it with a conditional UPDATE. Two composers racing for the same recipient: one attaches, the
other finds the rows taken (or the Message-ID stored) and rolls back.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import ColumnElement, CursorResult, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from portal.core.db import db
from portal.core.outbox import MailMessage, add_message, cancel_unsent
from portal.documents.models import Document
from portal.reminders.emails import CATEGORY, message_id_for, render_digest
from portal.reminders.models import Reminder
from portal.reminders.requirements import STANDING

log = logging.getLogger(__name__)


def _uncomposed() -> list[ColumnElement[bool]]:
    return [Reminder.message_id.is_(None), Reminder.skip_reason.is_(None)]


def recipients_waiting() -> list[str]:
    return list(
        db.session.scalars(
            select(Reminder.recipient_email)
            .where(*_uncomposed())
            .distinct()
            .order_by(Reminder.recipient_email)
        )
    )


def compose_digests(today: date, now: datetime) -> int:
    """Turn every pending reminder into a stored digest; returns how many messages were made."""
    made = 0
    for email in recipients_waiting():
        try:
            made += _compose_for(email, today, now)
        except (IntegrityError, OperationalError) as exc:
            # Another composer got there first (or held the lock too long): it sends them.
            db.session.rollback()
            log.info("digest for %s left to another run: %s", email, type(exc).__name__)
    return made


def _fold_in_unsent(email: str) -> None:
    session = db.session
    unsent = session.scalars(
        select(MailMessage.id).where(
            MailMessage.to_addr == email,
            MailMessage.category == CATEGORY,
            MailMessage.status == "pending",
        )
    ).all()
    for message_id in unsent:
        if cancel_unsent(session, message_id):
            session.execute(
                update(Reminder)
                .where(Reminder.message_id == message_id)
                .values(message_id=None)
                .execution_options(synchronize_session=False)
            )


def _compose_for(email: str, today: date, now: datetime) -> int:
    session = db.session
    _fold_in_unsent(email)
    reminders = list(
        session.scalars(
            select(Reminder)
            .where(Reminder.recipient_email == email, *_uncomposed())
            .order_by(Reminder.id)
            .with_for_update(of=Reminder)
            .options(selectinload(Reminder.document).selectinload(Document.vendor))
        )
    )
    stale = [r.id for r in reminders if _no_longer_due(r)]
    if stale:
        session.execute(
            update(Reminder)
            .where(Reminder.id.in_(stale), *_uncomposed())
            .values(skip_reason="no_longer_due")
            .execution_options(synchronize_session=False)
        )
        reminders = [r for r in reminders if r.id not in stale]
    if not reminders:
        session.commit()
        return 0
    mail = render_digest(reminders, today)
    message = add_message(
        session,
        message_id=message_id_for(reminders),
        category=CATEGORY,
        to_addr=email,
        to_name=reminders[0].recipient_name,
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        language=mail.language,
        now=now,
    )
    result: CursorResult[object] = session.execute(  # type: ignore[assignment]
        update(Reminder)
        .where(Reminder.id.in_([r.id for r in reminders]), *_uncomposed())
        .values(message_id=message.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != len(reminders):
        session.rollback()
        return 0
    session.commit()
    return 1


def _no_longer_due(reminder: Reminder) -> bool:
    """The document was renewed or withdrawn after the reminder was planned."""
    if reminder.rule == "lapsed":
        return False
    return reminder.document.state not in STANDING or reminder.document.vendor.status == "suspended"
