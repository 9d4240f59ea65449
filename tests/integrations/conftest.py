"""Integration tests: a real HTTP server on 127.0.0.1 that records every request and answers as
the test scripts it (statuses, bodies, Retry-After, slowness), and factories for channels."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask

from portal.core.db import db
from portal.integrations import channels
from portal.integrations.models import Channel


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    status: int = 200
    body: Any = "ok"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class Hook:
    """The far side: `replies` are used in order (then `default`); `requests` is what came in."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: list[Reply] = []
        self.routes: dict[tuple[str, str], Reply] = {}
        self.default = Reply()
        self.lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path_only = self.path.split("?", 1)[0]
                with hook.lock:
                    hook.requests.append(
                        Recorded(self.command, self.path, dict(self.headers.items()), body)
                    )
                    reply = hook.routes.get((self.command, path_only)) or (
                        hook.replies.pop(0) if hook.replies else hook.default
                    )
                if reply.delay:
                    time.sleep(reply.delay)
                data = (
                    reply.body.encode()
                    if isinstance(reply.body, str)
                    else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def posts(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def make_channel(app: Flask) -> Any:
    """`make_channel("slack", secret=url, events=[...], **options)`: saved through the service,
    as the admin form does (the secret encrypted)."""

    def make(kind: str, secret: str, **values: Any) -> Channel:
        data = {
            "name": values.pop("name", f"{kind} channel {len(channels.all_channels()) + 1}"),
            "kind": kind,
            "enabled": "1" if values.pop("enabled", True) else "",
            "secret": secret,
            "base_url": values.pop("base_url", ""),
            **{k: str(v) for k, v in values.items() if k not in ("events", "categories")},
        }
        lists = {
            "events": values.get("events", ["expiry", "lapse", "escalation", "sla_breach", "risk"]),
            "categories": values.get("categories", []),
        }
        form = channels.read_form(data, lists, None)
        assert form.ok, form.errors
        channel = channels.save_channel(form, None, None)
        db.session.commit()
        return channel

    return make
