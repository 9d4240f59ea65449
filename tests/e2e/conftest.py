"""Browser tests: the portal as a real HTTP server on loopback, Debian's Chromium via Playwright.

Nothing leaves the machine: requests to any host but 127.0.0.1 are aborted (the development
provider's pages link a stylesheet on a CDN).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from portal.app import create_app
from portal.auth.devprovider import dev_provider_settings
from portal.core.config import Settings
from portal.core.db import db
from portal.demo.data import load_demo
from tests.support.services import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make system-packages-test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()

    def only_loopback(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class LiveServer:
    def __init__(self, app: Any, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.server = make_server("127.0.0.1", port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_portal(oidc_mock: Any, sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The portal in development mode with demo data, signing in at the development provider."""
    port = free_port()
    mock_port = urlsplit(oidc_mock.issuer).port
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copy(sqlite_template, instance / "portal.db")
    settings = {
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": str(instance),
        "PORTAL_SECRET_KEY": "e2e-secret-key-" + "x" * 32,
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "PORTAL_DATABASE_URL": f"sqlite:///{instance}/portal.db",
        "PORTAL_STORAGE_URL": f"file://{instance}/files",
        "PORTAL_QUEUE_URL": f"sqlite://{instance}/queue.db",
        "PORTAL_DEV_OIDC_PORT": str(mock_port),
    }
    settings.update(dev_provider_settings(Settings(dev_oidc_port=mock_port or 0)))
    app = create_app(settings)
    with app.app_context():
        load_demo()
        db.remove()
    server = LiveServer(app, port)
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()
