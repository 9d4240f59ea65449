"""Accounts: finding the user behind a verified identity, roles, disabling.

Accounts are keyed on (issuer, subject). An e-mail address never identifies an account: a known
address arriving with a new subject is a new (pending) account, and a changed address never moves
a user to another vendor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select

from portal.audit.service import record
from portal.auth.models import ROLES, User
from portal.auth.oidc import Identity
from portal.auth.sessions import end_all_sessions
from portal.core.config import OIDCProvider
from portal.core.db import db, utcnow

STAFF_ROLES = ("reviewer", "admin")
RANK = {"vendor": 0, "reviewer": 1, "admin": 2}


class AccountError(Exception):
    """A refused account change; the message is for the person who asked."""


def find_user(issuer: str, subject: str) -> User | None:
    return db.session.scalar(select(User).where(User.issuer == issuer, User.subject == subject))


def staff_role_from_claims(claims: Mapping[str, Any], provider: OIDCProvider) -> str | None:
    """The highest staff role the provider's role claim grants; "" for none; None if unmapped."""
    if not provider.role_claim:
        return None
    raw = claims.get(provider.role_claim)
    values: Iterable[Any] = raw if isinstance(raw, list) else [raw] if raw is not None else []
    mapping = dict(provider.role_map) or {role: role for role in STAFF_ROLES}
    granted = {
        mapping[value]
        for value in values
        if isinstance(value, str) and mapping.get(value) in STAFF_ROLES
    }
    return max(granted, key=RANK.__getitem__) if granted else ""


def user_for_identity(identity: Identity, provider: OIDCProvider) -> User:
    """The account of a verified identity, created (pending) on first sign-in; caller commits."""
    user = find_user(identity.issuer, identity.subject)
    if user is None:
        user = User(
            issuer=identity.issuer,
            subject=identity.subject,
            email=identity.email,
            name=identity.name,
            role="vendor",
            vendor_id=None,
        )
        db.session.add(user)
        db.session.flush()
        record("user.created", object_type="user", object_id=user.id, provider=provider.name)
    else:
        # Profile details follow the provider; tenancy and role never follow an e-mail change.
        if identity.email and identity.email != user.email:
            user.email = identity.email
        if identity.name and identity.name != user.name:
            user.name = identity.name
    _apply_claim_role(user, identity, provider)
    user.last_login_at = utcnow()
    return user


def _apply_claim_role(user: User, identity: Identity, provider: OIDCProvider) -> None:
    claimed = staff_role_from_claims(identity.claims, provider)
    if claimed is None:
        return
    if claimed:
        if user.role == claimed:
            if user.role_source != "admin":
                user.role_source = "claim"
            return
        if user.role_source == "admin" and RANK[user.role] > RANK[claimed]:
            return  # an admin's grant outranks what the claim says
        _change_role(user, claimed, "claim", reason="role claim")
    elif user.role in STAFF_ROLES and user.role_source == "claim":
        _change_role(user, "vendor", None, reason="role claim removed")


def _change_role(
    user: User, role: str, source: str | None, reason: str, vendor_id: int | None = None
) -> None:
    old_role, old_vendor = user.role, user.vendor_id
    user.role = role
    user.role_source = source
    # Staff belong to no vendor; a vendor account without a vendor is pending.
    user.vendor_id = vendor_id if role == "vendor" else None
    end_all_sessions(user, "role_changed")
    record(
        "user.role_changed",
        object_type="user",
        object_id=user.id,
        vendor_id=user.vendor_id or old_vendor,
        old_role=old_role,
        new_role=role,
        old_vendor_id=old_vendor,
        new_vendor_id=user.vendor_id,
        source=source,
        reason=reason,
    )


def set_role(user: User, role: str, vendor_id: int | None = None) -> None:
    """An admin's decision: make `user` staff, or a member of `vendor_id`, or pending."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if user.role == role and (role != "vendor" or user.vendor_id == vendor_id):
        user.role_source = "admin"
        return
    # role "vendor" without a vendor: the staff role is removed and the account is pending.
    source = "admin" if role != "vendor" or vendor_id is not None else None
    _change_role(user, role, source, reason="set by admin", vendor_id=vendor_id)


def set_disabled(user: User, disabled: bool) -> None:
    """Disable (every session ends on its next request) or re-enable an account."""
    if user.disabled == disabled:
        return
    user.disabled = disabled
    if disabled:
        end_all_sessions(user, "disabled")
    record(
        "user.disabled" if disabled else "user.enabled",
        object_type="user",
        object_id=user.id,
        vendor_id=user.vendor_id,
    )


def users_by_email(email: str) -> list[User]:
    stmt = select(User).where(func.lower(User.email) == email.strip().lower()).order_by(User.id)
    return list(db.session.scalars(stmt))
