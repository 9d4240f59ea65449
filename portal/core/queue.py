"""Background jobs on huey: SQLite by default, Redis at scale. The only module that knows huey.

Feature modules declare jobs with `@job("name")` / `@periodic_job("name", ...)`; the payloads are
ids only. `init_app` binds them to the app's huey instance so that each runs in an app context.
The database, not the queue, is the source of truth for work in flight: a lost message is
recovered by the reapers, so enqueueing may fail without losing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

from portal.core.context import SYSTEM, set_actor

log = logging.getLogger(__name__)

_jobs: dict[str, Callable[..., Any]] = {}
_periodic: dict[str, tuple[Callable[..., Any], dict[str, str]]] = {}


class QueueUnavailable(Exception):
    """The queue could not take the message; the database still records the work."""


def job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _jobs[name] = fn
        return fn

    return register


def periodic_job(
    name: str, minute: str = "*", hour: str = "*", day: str = "*"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A job huey's scheduler runs on a cron schedule (UTC)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _periodic[name] = (fn, {"minute": minute, "hour": hour, "day": day})
        return fn

    return register


def make_huey(url: str, name: str = "portal") -> Huey:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        filename = parts.netloc + parts.path if parts.netloc else parts.path
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name=name, filename=filename, timeout=10)
    if parts.scheme in ("redis", "rediss"):
        return RedisHuey(name=name, url=url, blocking=True, read_timeout=5)
    if parts.scheme == "memory":
        # Tests: jobs run synchronously at enqueue time.
        return MemoryHuey(name=name, immediate=True)
    raise ValueError(f"unsupported queue URL {url!r}")


@dataclass
class _State:
    huey: Huey
    tasks: dict[str, TaskWrapper]


class Queue:
    def init_app(self, app: Flask, url: str, name: str = "portal") -> None:
        huey = make_huey(url, name)
        tasks: dict[str, TaskWrapper] = {}
        for job_name, fn in _jobs.items():
            tasks[job_name] = huey.task(name=job_name)(_in_app_context(app, fn))
        for job_name, (fn, schedule) in _periodic.items():
            tasks[job_name] = huey.periodic_task(crontab(**schedule), name=job_name)(
                _in_app_context(app, fn)
            )
        app.extensions["portal.queue"] = _State(huey, tasks)

    @property
    def huey(self) -> Huey:
        state: _State = current_app.extensions["portal.queue"]
        return state.huey

    def enqueue(self, name: str, *args: int | str, delay: float | None = None) -> None:
        """Send a wake-up message; raises QueueUnavailable if the queue cannot take it."""
        state: _State = current_app.extensions["portal.queue"]
        task = state.tasks[name]
        try:
            if delay:
                task.schedule(args=args, delay=delay)
            else:
                task(*args)
        except Exception as exc:
            if state.huey.immediate:
                raise
            raise QueueUnavailable(f"queue unreachable: {exc}") from exc

    def try_enqueue(self, name: str, *args: int | str, delay: float | None = None) -> bool:
        """Enqueue, logging instead of raising: the reaper re-sends what was lost."""
        try:
            self.enqueue(name, *args, delay=delay)
        except QueueUnavailable as exc:
            log.warning("could not enqueue %s%r: %s", name, args, exc)
            return False
        return True

    def check(self) -> None:
        huey = self.huey
        try:
            if isinstance(huey, RedisHuey):
                huey.storage.conn.ping()
            else:
                huey.pending_count()
        except Exception as exc:
            raise QueueUnavailable(f"queue unreachable: {exc}") from exc

    def run_consumer(self, workers: int) -> None:
        """Run huey's consumer in this process until it is told to stop (SIGINT / SIGTERM)."""
        consumer = self.huey.create_consumer(
            workers=workers, worker_type="thread", periodic=True, max_delay=2.0
        )
        consumer.run()


def _in_app_context(app: Flask, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        with app.app_context():
            set_actor(SYSTEM)
            return fn(*args)

    run.__name__ = fn.__name__
    run.__qualname__ = fn.__qualname__
    run.__module__ = fn.__module__
    return run


queue = Queue()
