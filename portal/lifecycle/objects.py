"""Object kinds of the lifecycle pages for `@vendor_object` (see portal.auth.tenancy)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.tenancy import OBJECT_KINDS, register_object_kind
from portal.lifecycle.models import AgreedAction, EscalationStep, LifecycleEvent
from portal.risks.models import Risk


def _owner(model: Any) -> Any:
    def owner(session: Session, object_id: int) -> int | None:
        return session.scalar(select(model.vendor_id).where(model.id == object_id))

    return owner


def register() -> None:
    if "risk" in OBJECT_KINDS:
        return
    register_object_kind("risk", _owner(Risk))
    register_object_kind("issue", _owner(LifecycleEvent))
    register_object_kind("escalation_step", _owner(EscalationStep))
    register_object_kind("agreed_action", _owner(AgreedAction))
