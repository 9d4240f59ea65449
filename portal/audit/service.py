"""Writing the audit log. Rows are only ever added, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.core.context import Actor, current_actor, current_request_info
from portal.core.db import db


def record(
    action: str,
    *,
    vendor_id: int | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    actor: Actor | None = None,
    session: Session | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit row to the current transaction; it commits or rolls back with the change."""
    actor = actor or current_actor()
    info = current_request_info()
    event_row = AuditEvent(
        action=action,
        actor_user_id=actor.user_id,
        actor_issuer=actor.issuer,
        actor_subject=actor.subject,
        vendor_id=vendor_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        request_id=info.request_id,
        ip=info.ip,
        details=details,
    )
    (session or db.session).add(event_row)
    return event_row


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
