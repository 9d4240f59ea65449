"""Who is acting and from where, for the audit log, without services reading `flask.request`.

Views (through a before-request hook) and jobs set it; services read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    issuer: str | None = None
    subject: str | None = None
    label: str = "system"


@dataclass(frozen=True)
class RequestInfo:
    request_id: str | None = None
    ip: str | None = None


SYSTEM = Actor()
_actor: ContextVar[Actor] = ContextVar("portal_actor", default=SYSTEM)
_request: ContextVar[RequestInfo] = ContextVar(
    "portal_request",
    default=RequestInfo(),  # noqa: B039  (frozen)
)


def current_actor() -> Actor:
    return _actor.get()


def current_request_info() -> RequestInfo:
    return _request.get()


def set_request_info(info: RequestInfo) -> None:
    _request.set(info)


def set_actor(actor: Actor) -> None:
    _actor.set(actor)


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
