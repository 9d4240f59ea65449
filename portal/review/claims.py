"""Claims: a reviewer takes a document so that two reviewers do not work the same one.

A claim lasts `PORTAL_REVIEW_CLAIM_MINUTES` and is renewed by every action on the document; an
expired claim is free for anyone. Taking a document someone else holds is explicit ("take over")
and audited. Each change is one conditional UPDATE, so of two reviewers claiming at once one
gets the document and the other is told who has it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update

from portal.audit.service import record
from portal.auth.models import User
from portal.core.config import settings
from portal.core.db import db, rows_changed, utcnow
from portal.documents.models import Document
from portal.i18n import lazy_gettext as _l


class ReviewRefused(Exception):
    """The action does not fit the document as it is now; `status` for the view."""

    status = 409

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class InvalidReviewInput(ReviewRefused):
    status = 400


class ClaimHeld(ReviewRefused):
    """Another reviewer is working on the document."""


def claim_expiry(now: datetime) -> datetime:
    return now + timedelta(minutes=settings().review_claim_minutes)


def held_by_other(document: Document, user_id: int, now: datetime) -> bool:
    return (
        document.claimed_by_id is not None
        and document.claimed_by_id != user_id
        and document.claim_expires_at is not None
        and document.claim_expires_at > now
    )


def _holder_refusal(document: Document) -> ClaimHeld:
    holder = db.session.get(User, document.claimed_by_id) if document.claimed_by_id else None
    name = (holder.name or holder.email) if holder else "?"
    return ClaimHeld(
        _l(
            "%(name)s is working on this document. Take it over only if you agreed with them.",
            name=name,
        )
    )


def claim(document: Document, user_id: int, take_over: bool = False) -> None:
    """Claim (or renew the claim on) an in-review document; raises ClaimHeld."""
    now = utcnow()
    if document.state != "in_review":
        raise ReviewRefused(_l("Only documents waiting for review can be claimed."))
    before = document.claimed_by_id
    statement = update(Document).where(Document.id == document.id, Document.state == "in_review")
    if not take_over:
        statement = statement.where(
            or_(
                Document.claimed_by_id.is_(None),
                Document.claimed_by_id == user_id,
                Document.claim_expires_at <= now,
            )
        )
    changed = rows_changed(
        db.session,
        statement.values(
            claimed_by_id=user_id, claim_expires_at=claim_expiry(now)
        ).execution_options(synchronize_session=False),
    )
    db.session.refresh(document)
    if not changed:
        if document.state != "in_review":
            raise ReviewRefused(_l("The document was decided meanwhile. Reload the page."))
        raise _holder_refusal(document)
    if before != user_id:
        record(
            "document.claimed",
            vendor_id=document.vendor_id,
            object_type="document",
            object_id=document.id,
            before=before,
            after=user_id,
            taken_over=bool(take_over and before is not None),
        )


def release(document: Document, user_id: int) -> bool:
    """Give the document back to the queue (only the holder can)."""
    changed = rows_changed(
        db.session,
        update(Document)
        .where(Document.id == document.id, Document.claimed_by_id == user_id)
        .values(claimed_by_id=None, claim_expires_at=None)
        .execution_options(synchronize_session=False),
    )
    db.session.refresh(document)
    if changed:
        record(
            "document.released",
            vendor_id=document.vendor_id,
            object_type="document",
            object_id=document.id,
            before=user_id,
            after=None,
        )
    return bool(changed)


def ensure_claim(document: Document, user_id: int) -> None:
    """Before changing a document: refuse if someone else holds it, else claim or renew it."""
    if held_by_other(document, user_id, utcnow()):
        raise _holder_refusal(document)
    claim(document, user_id)
