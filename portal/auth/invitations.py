"""Vendor invitations: a single-use, expiring link; only its SHA-256 is stored.

An admin invites a contact by e-mail → the link → the invitee signs in → their account joins the
vendor. The invitation is consumed atomically (one UPDATE that only succeeds while unused).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from portal.audit.service import record
from portal.auth.models import Invitation, User
from portal.auth.oidc import Identity
from portal.core.db import db, utcnow
from portal.i18n import lazy_gettext as _l
from portal.vendors.models import Vendor

VALID_FOR = timedelta(days=7)


class InvitationRefused(Exception):
    """The invitation cannot be used; `reason` for the audit log, the message for the person."""

    def __init__(self, reason: str, message: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str


def create_invitation(
    vendor: Vendor, email: str, created_by: User | None, valid_for: timedelta = VALID_FOR
) -> NewInvitation:
    """A new invitation; the token is returned once (for the link) and never stored."""
    email = email.strip()
    if "@" not in email or len(email) > 320 or any(c.isspace() for c in email):
        raise ValueError("not an e-mail address")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        vendor_id=vendor.id,
        email=email,
        token_hash=token_hash(token),
        expires_at=utcnow() + valid_for,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(invitation)
    db.session.flush()
    record(
        "invitation.created",
        vendor_id=vendor.id,
        object_type="invitation",
        object_id=invitation.id,
        email=email,
    )
    return NewInvitation(invitation, token)


def usable_invitation(hashed: str) -> Invitation:
    """The invitation with this token hash, if it can still be used."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hashed))
    if invitation is None:
        raise InvitationRefused("unknown", _l("This invitation link is not valid."))
    if invitation.revoked_at is not None:
        raise InvitationRefused("revoked", _l("This invitation has been withdrawn."))
    if invitation.used_at is not None:
        raise InvitationRefused("used", _l("This invitation has already been used."))
    if invitation.expires_at <= utcnow():
        raise InvitationRefused(
            "expired", _l("This invitation has expired. Ask your contact for a new one.")
        )
    return invitation


def accept_invitation(hashed: str, user: User, identity: Identity) -> Invitation:
    """Join `user` to the invitation's vendor; the caller commits (or rolls back on refusal)."""
    invitation = usable_invitation(hashed)
    if not identity.email or identity.email.casefold() != invitation.email.casefold():
        raise InvitationRefused(
            "email_mismatch",
            _l(
                "This invitation was sent to another e-mail address. Sign in with the account "
                "of %(email)s, or ask for an invitation to your own address.",
                email=invitation.email,
            ),
        )
    if identity.email_verified is False:
        raise InvitationRefused(
            "email_unverified", _l("Your sign-in provider has not verified your e-mail address.")
        )
    if user.role != "vendor":
        raise InvitationRefused(
            "staff_account", _l("Staff accounts cannot join a vendor organisation.")
        )
    if user.vendor_id is not None and user.vendor_id != invitation.vendor_id:
        raise InvitationRefused(
            "other_vendor", _l("Your account already belongs to another vendor organisation.")
        )
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise InvitationRefused("used", _l("This invitation has already been used."))
    db.session.refresh(invitation)
    user.vendor_id = invitation.vendor_id
    user.role_source = "invitation"
    record(
        "invitation.used",
        vendor_id=invitation.vendor_id,
        object_type="invitation",
        object_id=invitation.id,
        user_id=user.id,
    )
    return invitation


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record(
            "invitation.revoked",
            vendor_id=invitation.vendor_id,
            object_type="invitation",
            object_id=invitation.id,
        )


def invitation_status(invitation: Invitation) -> str:
    if invitation.used_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "open"
