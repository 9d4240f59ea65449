"""What every outside system's module offers, and what it is given.

Each module (`slack`, `teams`, `wecom`, `jira`, `asana`) builds its provider's real payload and
judges its provider's answer; `portal.integrations.http` does the network part.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from portal.integrations.http import Response


@dataclass(frozen=True)
class Announcement:
    """One event as the outside world sees it."""

    kind: str
    kind_label: str
    title: str
    detail: str
    url: str | None
    dedupe_key: str
    vendor_name: str | None = None

    @property
    def marker(self) -> str:
        """A short, stable tag for the event (tracker labels, duplicate lookups)."""
        return "vp-" + hashlib.sha256(self.dedupe_key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Target:
    """A channel with its secret resolved (never logged, never shown)."""

    kind: str
    secret: str
    base_url: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    ticket_key: str | None = None
    ticket_url: str | None = None


# send(method, url, payload=None, headers=None) -> Response; raises SendError/DestinationRefused.
Sender = Callable[..., Response]


class Provider(Protocol):
    label: str
    opens_tickets: bool

    def deliver(self, target: Target, item: Announcement, send: Sender) -> Outcome:
        """Post the announcement (or open the ticket); raise SendError when it did not work."""

    def find_existing(self, target: Target, item: Announcement, send: Sender) -> Outcome | None:
        """Trackers: the ticket an earlier, uncertain attempt may have created."""

    def check(self, target: Target, send: Sender) -> str:
        """The admin's "send a test" button: a test message, or a read-only credentials check
        for trackers (no junk issues); returns what was done."""


def footer(item: Announcement) -> str:
    """The event kind and the vendor, as one line."""
    return item.kind_label + (f" · {item.vendor_name}" if item.vendor_name else "")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
