"""Server-side sessions: the browser holds a random id, the database decides whether it is valid.

A session ends at logout, after the idle limit, at the absolute limit, and as soon as the user is
disabled or their role changes (the user's `session_version` moves past the session's) — checked
on every request, so the very next request is denied.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import delete, select, update

from portal.auth.access import Principal
from portal.auth.models import User, UserSession
from portal.core.db import db, utcnow

SESSION_ID_KEY = "sid"
# Writing last_seen on every request would make every page a database write.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)
ENDED_SESSION_RETENTION = timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionCheck:
    principal: Principal | None
    # Why a presented session was refused ("idle", "expired", ...); None when none was presented.
    ended_reason: str | None = None


def principal_kind(user: User) -> str:
    if user.role in ("reviewer", "admin"):
        return user.role
    return "vendor" if user.vendor_id is not None else "pending"


def principal_for(user: User, session_row: UserSession | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        kind=principal_kind(user),
        vendor_id=user.vendor_id if user.role == "vendor" else None,
        issuer=user.issuer,
        subject=user.subject,
        email=user.email,
        name=user.name,
        session_id=session_row.id if session_row else None,
    )


def open_session(
    user: User, provider: str, id_token: str | None = None, ip: str | None = None
) -> str:
    """Start a new browser session for `user` (the caller commits); returns the cookie value.

    The Flask session is cleared first, so nothing from before sign-in survives it (session
    fixation) and the CSRF token changes.
    """
    token = create_session_record(user, provider, id_token, ip)
    previous = current_session_row()
    if previous is not None and previous.ended_at is None:
        _end(previous, "replaced")
    session.clear()
    session[SESSION_ID_KEY] = token
    return token


def create_session_record(
    user: User, provider: str, id_token: str | None = None, ip: str | None = None
) -> str:
    """The server side of a new session; returns the random id the cookie will carry."""
    settings = current_app.config["PORTAL"]
    now = utcnow()
    _purge_old_sessions(user.id)
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            provider=provider,
            session_version=user.session_version,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
            id_token_hint=id_token,
            ip=ip,
        )
    )
    db.session.flush()
    return token


def _purge_old_sessions(user_id: int) -> None:
    cutoff = utcnow() - ENDED_SESSION_RETENTION
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at < cutoff)
    )


def current_session_row() -> UserSession | None:
    token = session.get(SESSION_ID_KEY)
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))


def check_session() -> SessionCheck:
    """The principal of the browser session of this request, checking every limit."""
    token = session.get(SESSION_ID_KEY)
    if not isinstance(token, str) or not token:
        return SessionCheck(None)
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None:
        session.pop(SESSION_ID_KEY, None)
        return SessionCheck(None, "unknown")
    settings = current_app.config["PORTAL"]
    now = utcnow()
    user = row.user
    reason = None
    if row.ended_at is not None:
        reason = row.ended_reason or "ended"
    elif user.disabled:
        reason = "disabled"
    elif row.session_version != user.session_version:
        reason = "revoked"
    elif now >= row.expires_at:
        reason = "expired"
    elif now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        reason = "idle"
    if reason is not None:
        if row.ended_at is None:
            _end(row, reason)
            db.session.commit()
        session.pop(SESSION_ID_KEY, None)
        return SessionCheck(None, reason)
    if now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
        db.session.commit()
    return SessionCheck(principal_for(user, row))


def _end(row: UserSession, reason: str) -> None:
    row.ended_at = utcnow()
    row.ended_reason = reason
    row.id_token_hint = None


@dataclass(frozen=True)
class EndedSession:
    user_id: int
    provider: str
    id_token_hint: str | None


def end_current_session(reason: str = "logout") -> EndedSession | None:
    """End this browser's session on the server and forget it in the cookie (caller commits)."""
    row = current_session_row()
    session.clear()
    if row is None or row.ended_at is not None:
        return None
    ended = EndedSession(row.user_id, row.provider, row.id_token_hint)
    _end(row, reason)
    return ended


def end_all_sessions(user: User, reason: str) -> None:
    """Every session of `user` ends on its next request (caller commits)."""
    user.session_version += 1
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_reason=reason, id_token_hint=None)
    )
