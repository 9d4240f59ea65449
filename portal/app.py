"""The application factory: nothing happens at import time."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates")
    if config:
        app.config.update(config)
    return app
