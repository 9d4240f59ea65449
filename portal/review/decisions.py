"""Deciding a document: approve, request changes, reject.

Every decision names the document version the reviewer saw: one conditional UPDATE moves the
document, so of two reviewers deciding at once one wins and the other gets `StaleDecision`
(409) — and only the winner's audit row exists. Approving accepts the values still pending
(each with its revision), supersedes the document it renews and updates the vendor's status
(portal.reminders.lapse.after_document_approved: a complete onboarding makes the vendor active).
Documents of vendors at or above `PORTAL_FOUR_EYES_FROM` criticality need two approvals by two
different reviewers; the first is recorded and audited, the document stays in review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import CursorResult, update

from portal.audit.service import record
from portal.core.config import settings
from portal.core.db import db, utcnow
from portal.documents.lifecycle import check_transition
from portal.documents.models import Document
from portal.i18n import lazy_gettext as _l
from portal.reminders.lapse import StatusChanges, after_document_approved
from portal.review.claims import InvalidReviewInput, ReviewRefused, ensure_claim
from portal.review.emails import send_decision_notices
from portal.review.fields import accept_remaining
from portal.vendors.models import CRITICALITIES

REASON_MIN = 5
REASON_LIMIT = 2000


class StaleDecision(ReviewRefused):
    """The document changed since the reviewer opened it."""


@dataclass(frozen=True)
class Decision:
    outcome: str  # approved | first_approval | changes_requested | rejected
    document: Document
    status: StatusChanges | None = None
    notices: int = 0


def needs_two_approvals(criticality: str) -> bool:
    threshold = settings().four_eyes_from
    if threshold == "off":
        return False
    return CRITICALITIES.index(criticality) >= CRITICALITIES.index(threshold)


def _snapshot(document: Document) -> dict[str, Any]:
    return {
        "state": document.state,
        "version": document.version,
        "expiry_date": document.expiry_date.isoformat() if document.expiry_date else None,
        "review_note": document.review_note,
        "fields": {
            f.name: {"value": f.value, "review_status": f.review_status} for f in document.fields
        },
    }


def _stale(document: Document) -> StaleDecision:
    db.session.refresh(document)
    if document.state != "in_review":
        return StaleDecision(
            _l(
                "Someone else decided this document meanwhile (it is now “%(state)s”). "
                "Your decision was not saved; reload the page.",
                state=document.state.replace("_", " "),
            )
        )
    return StaleDecision(
        _l(
            "The document changed since you opened it. "
            "Your decision was not saved; reload the page."
        )
    )


def _move(document: Document, expected_version: int, values: dict[str, Any]) -> None:
    now = utcnow()
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(Document)
        .where(
            Document.id == document.id,
            Document.version == expected_version,
            Document.state == "in_review",
        )
        .values(version=Document.version + 1, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _stale(document)
    db.session.refresh(document)


def _prepare(document: Document, expected_version: int, user_id: int) -> dict[str, Any]:
    if document.state != "in_review":
        raise _stale(document)
    if document.version != expected_version:
        raise _stale(document)
    ensure_claim(document, user_id)
    return _snapshot(document)


def _audit(document: Document, decision: str, before: dict[str, Any], **details: Any) -> None:
    record(
        "document.decided",
        vendor_id=document.vendor_id,
        object_type="document",
        object_id=document.id,
        decision=decision,
        before=before,
        after=_snapshot(document),
        **details,
    )


def approve(
    document: Document,
    expected_version: int,
    user_id: int,
    note: str | None = None,
    today: date | None = None,
) -> Decision:
    before = _prepare(document, expected_version, user_id)
    note = (note or "").strip() or None
    if note and len(note) > REASON_LIMIT:
        raise InvalidReviewInput(_l("Keep the note under %(n)d characters.", n=REASON_LIMIT))
    flagged = [f for f in document.fields if f.vendor_note and f.review_status == "pending"]
    if flagged:
        raise ReviewRefused(
            _l("The vendor flagged a value as wrong. Accept or correct it before approving.")
        )
    now = utcnow()
    check_transition("in_review", "approved")
    if needs_two_approvals(document.vendor.criticality):
        if document.first_approved_by_id is None:
            _move(
                document,
                expected_version,
                {
                    "first_approved_by_id": user_id,
                    "first_approved_at": now,
                    "claimed_by_id": None,
                    "claim_expires_at": None,
                },
            )
            record(
                "document.first_approval",
                vendor_id=document.vendor_id,
                object_type="document",
                object_id=document.id,
                before=before,
                after=_snapshot(document),
                note=note,
            )
            return Decision("first_approval", document)
        if document.first_approved_by_id == user_id:
            raise ReviewRefused(
                _l(
                    "You gave the first approval. A second, different reviewer must approve "
                    "documents of this vendor."
                )
            )
    accepted = accept_remaining(document, user_id, "accepted with the approval")
    _move(
        document,
        expected_version,
        {
            "state": "approved",
            "decided_by_id": user_id,
            "decided_at": now,
            "claimed_by_id": None,
            "claim_expires_at": None,
            "review_note": note,
            "min_confidence": 1.0,
        },
    )
    _audit(
        document,
        "approved",
        before,
        note=note,
        first_approved_by=document.first_approved_by_id,
        accepted=accepted,
    )
    status = after_document_approved(document.id, today)
    return Decision("approved", document, status, status.notices)


def _with_reason(
    document: Document, expected_version: int, user_id: int, reason: str, state: str
) -> Decision:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise InvalidReviewInput(
            _l("Say what the vendor must change, in a sentence they can act on.")
            if state == "changes_requested"
            else _l("Say why the document is rejected, in a sentence the vendor can act on.")
        )
    if len(reason) > REASON_LIMIT:
        raise InvalidReviewInput(_l("Keep the reason under %(n)d characters.", n=REASON_LIMIT))
    before = _prepare(document, expected_version, user_id)
    check_transition("in_review", state)
    _move(
        document,
        expected_version,
        {
            "state": state,
            "review_note": reason,
            "decided_by_id": user_id,
            "decided_at": utcnow(),
            "claimed_by_id": None,
            "claim_expires_at": None,
            "first_approved_by_id": None,
            "first_approved_at": None,
        },
    )
    _audit(document, state, before, reason=reason)
    notices = send_decision_notices(document, state, reason)
    return Decision(state, document, notices=notices)


def request_changes(
    document: Document, expected_version: int, user_id: int, reason: str
) -> Decision:
    return _with_reason(document, expected_version, user_id, reason, "changes_requested")


def reject(document: Document, expected_version: int, user_id: int, reason: str) -> Decision:
    return _with_reason(document, expected_version, user_id, reason, "rejected")
