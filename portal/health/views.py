"""`/healthz` (the process is up) and `/readyz` (database, storage and queue reachable)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from portal.auth.access import public
from portal.core.db import db
from portal.core.queue import queue
from portal.core.storage import current_storage

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public("load balancer probe")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
@public("load balancer probe")
def readyz() -> tuple[Response, int]:
    checks: dict[str, str] = {}
    for name, check in (
        ("database", db.ping),
        ("storage", current_storage().check),
        ("queue", queue.check),
    ):
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = f"unavailable: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503
