"""Access requests: a first sign-in without an invitation waits here for an admin's decision."""

from __future__ import annotations

from sqlalchemy import select, update

from portal.audit.service import record
from portal.auth.accounts import set_role
from portal.auth.models import AccessRequest, User
from portal.core.db import db, utcnow
from portal.i18n import lazy_gettext as _l
from portal.vendors.models import Vendor


class AccessRequestError(Exception):
    pass


class AlreadyDecided(AccessRequestError):
    """Someone else decided this request first (answer 409)."""


def latest_request(user_id: int) -> AccessRequest | None:
    stmt = (
        select(AccessRequest)
        .where(AccessRequest.user_id == user_id)
        .order_by(AccessRequest.id.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def submit_request(user: User, organisation: str, message: str | None) -> AccessRequest:
    """Ask for access; a second submission while one is pending updates it."""
    organisation = organisation.strip()[:300]
    if not organisation:
        raise AccessRequestError(_l("Please name the organisation you work for."))
    request = latest_request(user.id)
    if request is not None and request.status == "pending":
        request.organisation = organisation
        request.message = (message or "").strip()[:4000] or None
    else:
        request = AccessRequest(
            user_id=user.id,
            organisation=organisation,
            message=(message or "").strip()[:4000] or None,
            status="pending",
        )
        db.session.add(request)
    db.session.flush()
    record("access_request.submitted", object_type="access_request", object_id=request.id)
    return request


def pending_requests() -> list[AccessRequest]:
    stmt = (
        select(AccessRequest)
        .where(AccessRequest.status == "pending")
        .order_by(AccessRequest.created_at)
    )
    return list(db.session.scalars(stmt))


def _decide(request: AccessRequest, decided_by: User | None, status: str) -> None:
    """Claim the decision in one UPDATE: of two admins deciding at once, one wins."""
    now = utcnow()
    claimed = db.session.execute(
        update(AccessRequest)
        .where(AccessRequest.id == request.id, AccessRequest.status == "pending")
        .values(status=status, decided_by_id=decided_by.id if decided_by else None, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyDecided(_l("Someone else has already decided this request."))
    db.session.refresh(request)


def approve_request(
    request: AccessRequest, decided_by: User | None, role: str, vendor: Vendor | None
) -> None:
    """Let the requester in: as a member of `vendor`, or as staff (`role`)."""
    if role == "vendor" and vendor is None:
        raise AccessRequestError(_l("Choose the vendor organisation the person belongs to."))
    if role not in ("vendor", "reviewer", "admin"):
        raise AccessRequestError(_l("Unknown role."))
    _decide(request, decided_by, "approved")
    request.granted_role = role
    request.vendor_id = vendor.id if vendor and role == "vendor" else None
    set_role(request.user, role, request.vendor_id)
    record(
        "access_request.approved",
        vendor_id=request.vendor_id,
        object_type="access_request",
        object_id=request.id,
        role=role,
    )


def decline_request(request: AccessRequest, decided_by: User | None, note: str | None) -> None:
    _decide(request, decided_by, "declined")
    request.decision_note = (note or "").strip()[:2000] or None
    record("access_request.declined", object_type="access_request", object_id=request.id)
