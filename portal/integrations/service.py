"""Announcing events to outside tools: the one entry point the rest of the portal calls.

    announce("sla_breach", vendor.id, "Alpha Logistics: uptime 97.1 % (SLA 99.5 %)",
             "Measured over March 2031 ...", f"/vendor/documents/{document.id}",
             ticket=True, dedupe_key=f"sla_breach:{breach.id}")

`announce` writes one delivery row per matching channel into the caller's transaction (so the
row commits, or rolls back, with the change it reports) and wakes a worker once the transaction
has committed. The unique (dedupe_key, channel) key makes announcing the same event twice post
once. Delivery itself (portal.integrations.delivery) happens after commit, with retries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.config import settings
from portal.core.db import db, utcnow
from portal.core.queue import queue
from portal.integrations.base import clip
from portal.integrations.events import EVENT_KINDS
from portal.integrations.models import Channel, Delivery
from portal.vendors.models import Vendor

DELIVER_JOB = "integrations.deliver"


@dataclass(frozen=True)
class Announced:
    """What `announce` did: the deliveries it added, and the channels that had it already."""

    created: tuple[int, ...]
    already: int

    @property
    def channels(self) -> int:
        return len(self.created) + self.already


def channels_for(session: Session, kind: str, vendor_id: int | None, ticket: bool) -> list[Channel]:
    """Enabled channels that take this event: its kind, the vendor's category (a channel limited
    to categories takes no vendor-less events), trackers only when a ticket is asked for."""
    category = (
        session.scalar(select(Vendor.category).where(Vendor.id == vendor_id))
        if vendor_id is not None
        else None
    )
    chosen = []
    for channel in session.scalars(
        select(Channel).where(Channel.enabled.is_(True)).order_by(Channel.id)
    ):
        if kind not in (channel.events or []):
            continue
        if channel.categories and category not in channel.categories:
            continue
        if channel.opens_tickets and not ticket:
            continue
        chosen.append(channel)
    return chosen


def absolute_url(url: str | None) -> str | None:
    if not url:
        return None
    if url.startswith("/"):
        return settings().base_url + url
    if url.startswith(("https://", "http://")):
        return url
    raise ValueError(f"url must be absolute or start with '/': {url!r}")


def announce(
    kind: str,
    vendor_id: int | None,
    title: str,
    detail: str,
    url: str | None,
    *,
    ticket: bool = False,
    dedupe_key: str,
    session: Session | None = None,
) -> Announced:
    """Queue the event for every channel that takes it, in the caller's transaction.

    `dedupe_key` names the event (say `sla_breach:42`): a second announcement with the same key
    adds nothing for channels that have it. `url` may be a path (`/vendor/documents/7`).
    The caller commits; delivery starts after the commit.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}; expected one of {sorted(EVENT_KINDS)}")
    if not dedupe_key or len(dedupe_key) > 200:
        raise ValueError("dedupe_key must be 1 to 200 characters")
    session = session or db.session
    channels = channels_for(session, kind, vendor_id, ticket)
    if not channels:
        return Announced((), 0)
    now = utcnow()
    rows = [
        {
            "dedupe_key": dedupe_key,
            "channel_id": channel.id,
            "event_kind": kind,
            "vendor_id": vendor_id,
            "title": clip(title.strip() or EVENT_KINDS[kind], 300),
            "detail": clip(detail.strip(), 4000),
            "url": absolute_url(url),
            "status": "pending",
            "attempts": 0,
            "uncertain": False,
            "next_attempt_at": now,
            "created_at": now,
        }
        for channel in channels
    ]
    created = _insert_new(session, rows)
    if created:
        wake = list(created)
        session.info.setdefault("after_commit", []).append(lambda: wake_workers(wake))
    return Announced(tuple(created), len(channels) - len(created))


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert, keeping rows already there (the unique key); returns the new ids."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(Delivery).on_conflict_do_nothing(
            index_elements=["dedupe_key", "channel_id"]
        )
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(Delivery).on_conflict_do_nothing(  # type: ignore[assignment]
            index_elements=["dedupe_key", "channel_id"]
        )
    created: list[int] = []
    for row in rows:
        result = session.execute(statement.values(**row).returning(Delivery.id))
        created.extend(result.scalars())
    return created


def wake_workers(delivery_ids: Sequence[int]) -> None:
    """A wake-up per new delivery; a lost message is picked up by the periodic pass."""
    for delivery_id in delivery_ids:
        queue.try_enqueue(DELIVER_JOB, delivery_id)
