"""Delivering announcements: claim a row (lease), call the provider outside any transaction,
record the outcome while still holding the lease. A provider down, then back, gets each event
once: failures go back to `pending` with a backoff (at least what Retry-After asked for) until
the last attempt. A tracker attempt whose outcome is unknown (a timeout, a 5xx) is followed by a
lookup for the issue it may have created before anything is created again.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.core.config import Settings, settings
from portal.core.db import db, rows_changed, utcnow
from portal.integrations import channels as channel_service
from portal.integrations import http
from portal.integrations.base import Announcement, Outcome
from portal.integrations.events import EVENT_KINDS
from portal.integrations.models import Delivery
from portal.integrations.secrets import SecretUnavailable
from portal.vendors.models import Vendor

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600
MAX_RETRY_AFTER_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    outcome: str  # sent | retry | failed | not_claimed
    error: str | None = None


def backoff_seconds(attempts: int, retry_after: float | None = None) -> int:
    """30 s, 1, 2, 4 … minutes up to an hour; never sooner than the provider asked."""
    wait = min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return int(wait)


def _ready(now: datetime) -> Any:
    return or_(
        (Delivery.status == "pending") & (Delivery.next_attempt_at <= now),
        (Delivery.status == "sending") & (Delivery.lease_expires_at < now),
    )


def ready_ids(now: datetime, limit: int = 500) -> list[int]:
    with Session(db.engine) as session:
        return list(
            session.scalars(
                select(Delivery.id).where(_ready(now)).order_by(Delivery.id).limit(limit)
            )
        )


def _lease_seconds(config: Settings) -> int:
    # Long enough for a tracker lookup and a create, each bounded by the timeout.
    return config.integration_timeout_seconds * 4 + 30


@dataclass(frozen=True)
class _Claimed:
    token: str
    delivery: Delivery
    vendor_name: str | None


def _claim(delivery_id: int, now: datetime, config: Settings) -> _Claimed | None:
    token = str(uuid.uuid4())
    with Session(db.engine, expire_on_commit=False) as session, session.begin():
        claimed = rows_changed(
            session,
            update(Delivery)
            .where(Delivery.id == delivery_id, _ready(now))
            .values(
                status="sending",
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=_lease_seconds(config)),
                attempts=Delivery.attempts + 1,
            ),
        )
        if not claimed:
            return None
        delivery = session.get_one(Delivery, delivery_id)
        delivery.channel  # noqa: B018  (loaded while the session is open)
        vendor_name = (
            session.scalar(select(Vendor.legal_name).where(Vendor.id == delivery.vendor_id))
            if delivery.vendor_id
            else None
        )
    return _Claimed(token, delivery, vendor_name)


def _announcement(delivery: Delivery, vendor_name: str | None) -> Announcement:
    return Announcement(
        kind=delivery.event_kind,
        kind_label=EVENT_KINDS.get(delivery.event_kind, delivery.event_kind),
        title=delivery.title,
        detail=delivery.detail,
        url=delivery.url,
        dedupe_key=delivery.dedupe_key,
        vendor_name=vendor_name,
    )


class _Failure(Exception):
    def __init__(self, message: str, temporary: bool, uncertain: bool = False, **extra: Any):
        super().__init__(message)
        self.temporary = temporary
        self.uncertain = uncertain
        self.status: int | None = extra.get("status")
        self.retry_after: float | None = extra.get("retry_after")


def _attempt(claimed: _Claimed, config: Settings) -> Outcome:
    delivery = claimed.delivery
    channel = delivery.channel
    if not channel.enabled:
        raise _Failure("the channel is disabled", temporary=False)
    try:
        target = channel_service.target_of(channel, config.integration_key_material)
    except SecretUnavailable as exc:
        raise _Failure(str(exc), temporary=False) from None
    provider = channel_service.provider(channel.kind)
    send = partial(
        http.send, production=config.is_production, timeout=config.integration_timeout_seconds
    )
    item = _announcement(delivery, claimed.vendor_name)
    try:
        if delivery.uncertain and provider.opens_tickets:
            existing = provider.find_existing(target, item, send)
            if existing is not None:
                return existing
        return provider.deliver(target, item, send)
    except http.DestinationRefused as exc:
        raise _Failure(f"refused: {exc}", temporary=False) from None
    except http.SendError as exc:
        message = channel_service.redact(str(exc), target)
        raise _Failure(
            message,
            temporary=exc.temporary,
            uncertain=exc.uncertain,
            status=exc.status,
            retry_after=exc.retry_after,
        ) from None


def _record(
    delivery: Delivery,
    token: str,
    now: datetime,
    config: Settings,
    outcome: Outcome | None,
    failure: _Failure | None,
) -> str:
    values: dict[str, Any] = {"lease_token": None, "lease_expires_at": None}
    if failure is None:
        result = "sent"
        values.update(
            status="sent",
            sent_at=now,
            last_error=None,
            uncertain=False,
            ticket_key=outcome.ticket_key if outcome else None,
            ticket_url=outcome.ticket_url if outcome else None,
        )
    else:
        values.update(
            last_error=str(failure)[:2000],
            last_status_code=failure.status,
            # Once uncertain, stay so until a lookup settles it.
            uncertain=delivery.uncertain or failure.uncertain,
        )
        if failure.temporary and delivery.attempts < config.integration_max_attempts:
            result = "retry"
            wait = backoff_seconds(delivery.attempts, failure.retry_after)
            values.update(status="pending", next_attempt_at=now + timedelta(seconds=wait))
        else:
            result = "failed"
            values.update(status="failed")
    with Session(db.engine) as session, session.begin():
        kept = rows_changed(
            session,
            update(Delivery)
            .where(Delivery.id == delivery.id, Delivery.lease_token == token)
            .values(**values),
        )
    if not kept:
        log.warning("delivery %s: lease lost while sending; another worker took over", delivery.id)
    return result


def deliver_one(delivery_id: int, now: datetime | None = None) -> Attempt:
    """Try one delivery once (if it is due and nobody else holds it)."""
    config = settings()
    now = now or utcnow()
    claimed = _claim(delivery_id, now, config)
    if claimed is None:
        return Attempt(delivery_id, "not_claimed")
    delivery = claimed.delivery
    outcome: Outcome | None = None
    failure: _Failure | None = None
    try:
        outcome = _attempt(claimed, config)
    except _Failure as exc:
        failure = exc
        log.warning(
            "integration delivery %s to channel %s (%s): %s",
            delivery.id,
            delivery.channel.id,
            delivery.channel.kind,
            exc,
        )
    result = _record(delivery, claimed.token, now, config, outcome, failure)
    return Attempt(delivery_id, result, str(failure) if failure else None)


def deliver_ready(now: datetime | None = None) -> list[Attempt]:
    """One pass over every due delivery (the periodic job)."""
    now = now or utcnow()
    return [deliver_one(delivery_id, now) for delivery_id in ready_ids(now)]


def retry_delivery(delivery_id: int, now: datetime | None = None) -> bool:
    """An admin asks for a failed delivery to be tried again (the caller commits)."""
    changed = rows_changed(
        db.session,
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=now or utcnow(), last_error=None),
    )
    return bool(changed)
