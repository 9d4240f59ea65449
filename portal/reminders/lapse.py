"""Expiry, renewal and the vendor's status.

- An approved document whose expiry date has passed becomes `expired`.
- An `active` vendor with a required document expired and not replaced becomes `lapsed`: an
  audit row, and a `lapsed` reminder to its contacts and owner.
- An approved renewal supersedes the document it renews: the old one's unsent reminders are
  withdrawn, and a lapsed vendor whose required documents are all valid again is `active`.

Every change is a conditional UPDATE, so two runs at once change (and audit) each row once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, exists, literal, select, union_all, update
from sqlalchemy.orm import Session, aliased

from portal.audit.service import record
from portal.core.db import db, rows_changed, utcnow
from portal.core.outbox import MailMessage, cancel_unsent
from portal.documents.lifecycle import InvalidTransition, check_transition
from portal.documents.models import Document
from portal.reminders.announcements import announce_expired, announce_lapsed
from portal.reminders.models import Reminder
from portal.reminders.planning import insert_reminders
from portal.reminders.recipients import owner_recipients, vendor_recipients
from portal.reminders.requirements import (
    STANDING,
    lapsing_documents,
    vendors_with_uncovered_requirements,
)
from portal.vendors.models import Vendor


@dataclass
class StatusChanges:
    expired: list[int] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)
    lapsed: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)
    # Onboarding vendors whose every requirement is now met (the approval path only).
    activated: list[int] = field(default_factory=list)
    notices: int = 0


def _audit_document(
    session: Session, document_id: int, vendor_id: int, before: str, after: str, reason: str
) -> None:
    record(
        "document.state_changed",
        vendor_id=vendor_id,
        object_type="document",
        object_id=document_id,
        session=session,
        before=before,
        after=after,
        reason=reason,
    )


def expire_documents(session: Session, today: date) -> list[int]:
    """Approved documents past their expiry date become `expired`; returns their ids."""
    changed = session.execute(
        update(Document)
        .where(Document.state == "approved", Document.expiry_date < literal(today, Date()))
        .values(state="expired", version=Document.version + 1, updated_at=utcnow())
        .returning(Document.id, Document.vendor_id, Document.expiry_date)
        .execution_options(synchronize_session=False)
    ).all()
    for row in sorted(changed):
        _audit_document(
            session,
            row.id,
            row.vendor_id,
            "approved",
            "expired",
            f"the expiry date {row.expiry_date.isoformat()} has passed",
        )
    expired = sorted(row.id for row in changed)
    announce_expired(session, expired)
    return expired


def supersede_renewed_documents(
    session: Session, vendor_ids: Iterable[int] | None = None
) -> list[int]:
    """Documents with an approved renewal become `superseded`, and their reminders stop."""
    renewal = aliased(Document)
    query = select(Document.id, Document.vendor_id, Document.state).where(
        Document.state.in_((*STANDING, "changes_requested")),
        exists().where(renewal.supersedes_id == Document.id, renewal.state == "approved"),
    )
    if vendor_ids is not None:
        query = query.where(Document.vendor_id.in_(list(vendor_ids)))
    superseded = []
    for row in session.execute(query).all():
        moved = rows_changed(
            session,
            update(Document)
            .where(Document.id == row.id, Document.state == row.state)
            .values(state="superseded", version=Document.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False),
        )
        if moved:
            _audit_document(
                session, row.id, row.vendor_id, row.state, "superseded", "a renewal was approved"
            )
            superseded.append(row.id)
    withdraw_unsent_reminders(session, superseded, "renewed")
    return superseded


def withdraw_unsent_reminders(session: Session, document_ids: list[int], reason: str) -> int:
    """Reminders about these documents that have not gone out will not go out.

    A digest still waiting to be sent is cancelled; its other reminders are composed afresh.
    """
    if not document_ids:
        return 0
    waiting = session.scalars(
        select(Reminder.message_id)
        .join(MailMessage, MailMessage.id == Reminder.message_id)
        .where(Reminder.document_id.in_(document_ids), MailMessage.status == "pending")
        .distinct()
    ).all()
    for message_id in waiting:
        if message_id is not None and cancel_unsent(session, message_id):
            session.execute(
                update(Reminder)
                .where(Reminder.message_id == message_id)
                .values(message_id=None)
                .execution_options(synchronize_session=False)
            )
    return rows_changed(
        session,
        update(Reminder)
        .where(
            Reminder.document_id.in_(document_ids),
            Reminder.message_id.is_(None),
            Reminder.skip_reason.is_(None),
        )
        .values(skip_reason=reason)
        .execution_options(synchronize_session=False),
    )


def _lapse_notices(session: Session, today: date, documents: dict[int, list[Any]]) -> int:
    """A `lapsed` reminder per expired document to the vendor's contacts and its owner."""
    recipients = union_all(vendor_recipients(), owner_recipients()).subquery()
    rows = session.execute(
        select(recipients).where(recipients.c.vendor_id.in_(list(documents)))
    ).all()
    entries = []
    for recipient in rows:
        for document in documents[recipient.vendor_id]:
            entries.append(
                {
                    "document_id": document.id,
                    "vendor_id": recipient.vendor_id,
                    "rule": "lapsed",
                    "threshold_days": 0,
                    "anchor_date": document.expiry_date,
                    "due_on": today,
                    "planned_on": today,
                    "recipient_email": recipient.email,
                    "recipient_name": recipient.name,
                    "recipient_kind": recipient.kind,
                    "contact_id": recipient.contact_id,
                    "user_id": recipient.user_id,
                    "language": recipient.language or "en",
                    "skip_reason": None,
                    "details": {"doc_type": document.doc_type},
                }
            )
    unique = {(e["document_id"], e["recipient_email"]): e for e in reversed(entries)}
    return len(insert_reminders(session, unique.values()))


def refresh_vendor_statuses(
    session: Session,
    today: date,
    vendor_ids: Iterable[int] | None = None,
    activate_onboarding: bool = False,
) -> StatusChanges:
    """Lapse active vendors with an expired required document; restore those that renewed.

    With `activate_onboarding`, an onboarding vendor whose every applicable requirement has an
    approved, unexpired document becomes active too (audit row, e-mail to vendor and owner).
    """
    changes = StatusChanges()
    only = list(vendor_ids) if vendor_ids is not None else None
    lapsing_rows = lapsing_documents(today, vendor_ids=only).subquery()
    query = (
        select(
            lapsing_rows.c.document_id.label("id"),
            lapsing_rows.c.vendor_id,
            lapsing_rows.c.expiry_date,
            lapsing_rows.c.doc_type,
        )
        .join(Vendor, Vendor.id == lapsing_rows.c.vendor_id)
        .where(Vendor.status.in_(("active", "lapsed")))
        .order_by(lapsing_rows.c.vendor_id, lapsing_rows.c.document_id)
    )
    if only is not None:
        query = query.where(lapsing_rows.c.vendor_id.in_(only))
    lapsing: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(query).all():
        lapsing[row.vendor_id].append(row)

    notify: dict[int, list[Any]] = {}
    for vendor_id, documents in lapsing.items():
        if _change_status(
            session,
            vendor_id,
            "active",
            "lapsed",
            "a required document expired",
            documents=[d.id for d in documents],
        ):
            changes.lapsed.append(vendor_id)
            notify[vendor_id] = documents
            announce_lapsed(session, vendor_id, [d.id for d in documents], today)
    if notify:
        changes.notices = _lapse_notices(session, today, notify)

    waiting = ("lapsed", "onboarding") if activate_onboarding else ("lapsed",)
    restorable = (
        select(Vendor.id, Vendor.status).where(Vendor.status.in_(waiting)).order_by(Vendor.id)
    )
    if only is not None:
        restorable = restorable.where(Vendor.id.in_(only))
    candidates = {row.id: row.status for row in session.execute(restorable)}
    # Active only when every applicable requirement is met (again): the checklist's rule in SQL.
    incomplete = (
        vendors_with_uncovered_requirements(today, list(candidates)) if candidates else set()
    )
    for vendor_id, status in candidates.items():
        if vendor_id in lapsing or vendor_id in incomplete:
            continue
        if status == "lapsed" and _change_status(
            session, vendor_id, "lapsed", "active", "every required document is valid again"
        ):
            changes.restored.append(vendor_id)
        elif (
            status == "onboarding"
            and _checklist_complete(session, vendor_id, today)
            and _change_status(
                session,
                vendor_id,
                "onboarding",
                "active",
                "every required document is approved and valid",
            )
        ):
            changes.activated.append(vendor_id)
    if changes.activated:
        from portal.vendors.notices import send_activation_notices

        changes.notices += send_activation_notices(session, changes.activated)
    return changes


def _checklist_complete(session: Session, vendor_id: int, today: date) -> bool:
    """The vendor's whole checklist is done: the documents (checked in SQL above) and the due
    diligence checks staff carry out, which only the checklist knows about."""
    from portal.requirements.checklist import onboarding_complete, vendor_checklist

    vendor = session.get(Vendor, vendor_id)
    return vendor is not None and onboarding_complete(vendor_checklist(vendor, today))


def _change_status(
    session: Session, vendor_id: int, before: str, after: str, reason: str, **details: Any
) -> bool:
    """Move the vendor from `before` to `after` unless someone else already did; audit it."""
    moved = rows_changed(
        session,
        update(Vendor)
        .where(Vendor.id == vendor_id, Vendor.status == before)
        .values(status=after, updated_at=utcnow())
        .execution_options(synchronize_session=False),
    )
    if moved:
        action = {"lapsed": "lapsed", "active": "restored"}[after]
        if before == "onboarding":
            action = "activated"
        record(
            f"vendor.{action}",
            vendor_id=vendor_id,
            object_type="vendor",
            object_id=vendor_id,
            session=session,
            before=before,
            after=after,
            reason=reason,
            **details,
        )
    return bool(moved)


def after_document_approved(document_id: int, today: date | None = None) -> StatusChanges:
    """Call when a reviewer approves a document (in the same transaction; the caller commits).

    A renewal supersedes the document it renews (its reminders stop), the vendor's status is
    brought up to date: a lapsed vendor whose required documents are valid again is active, and
    so is an onboarding vendor whose checklist is complete (onboarding ends: audit row, e-mail).
    """
    from portal.reminders.schedule import local_today

    session = db.session
    today = today or local_today()
    document = session.get_one(Document, document_id)
    changes = StatusChanges()
    if document.state != "approved":
        return changes
    old = session.get(Document, document.supersedes_id) if document.supersedes_id else None
    if old is not None and old.vendor_id == document.vendor_id:
        try:
            check_transition(old.state, "superseded")
        except InvalidTransition:
            old = None
    if old is not None:
        session.flush()
        changes.superseded = supersede_renewed_documents(session, [document.vendor_id])
    changes.expired = []
    status = refresh_vendor_statuses(session, today, [document.vendor_id], activate_onboarding=True)
    changes.lapsed, changes.restored, changes.activated, changes.notices = (
        status.lapsed,
        status.restored,
        status.activated,
        status.notices,
    )
    session.flush()
    return changes
