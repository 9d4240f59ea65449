"""The `portal` command: run, worker, db upgrade, extract, reminders, demo."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import Flask

from portal.core.config import ConfigError
from portal.reminders.cli import reminders_group


def _app() -> Flask:
    from portal.app import create_app

    return create_app()


def config_errors_exit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A bad setting stops the command with one line naming the variable, not a traceback."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return run


@click.group()
def main() -> None:
    """Vendor Portal."""


@main.command()
@click.option("--host", default=None, help="Address to listen on (PORTAL_HOST).")
@click.option("--port", type=int, default=None, help="Port (PORTAL_PORT, default 5000).")
@click.option("--dev-oidc", is_flag=True, help="Also start the development sign-in provider.")
@click.option("--no-worker", is_flag=True, help="Do not start a job consumer beside the server.")
@config_errors_exit
def run(host: str | None, port: int | None, dev_oidc: bool, no_worker: bool) -> None:
    """Serve the portal with a job consumer (the embedded default)."""
    app = _app()
    settings = app.config["PORTAL"]
    host = host or settings.host
    port = port or settings.port
    children: list[subprocess.Popen[bytes]] = []
    if dev_oidc:
        from portal.auth.devprovider import start_dev_provider

        children.append(start_dev_provider(settings))
    if not no_worker:
        children.append(subprocess.Popen([sys.executable, "-m", "portal", "worker"]))

    def stop(*_: Any) -> None:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"Vendor Portal on http://{host}:{port}/")
    try:
        app.run(host=host, port=port, use_reloader=False, threaded=True)
    finally:
        stop()


@main.command()
@click.option("--threads", type=int, default=None, help="Worker threads (PORTAL_WORKER_THREADS).")
@config_errors_exit
def worker(threads: int | None) -> None:
    """Run job consumers alone (scale out by running more of these)."""
    from portal.core.queue import queue
    from portal.documents.processing import reap

    app = _app()
    with app.app_context():
        reap()
        queue.run_consumer(threads or app.config["PORTAL"].worker_threads)


@main.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@config_errors_exit
def db_upgrade() -> None:
    """Apply the migrations (idempotent)."""
    from portal.core.config import load_settings
    from portal.core.migrate import upgrade

    upgrade(load_settings().database_url)
    click.echo("database is up to date")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["json", "table"]), default="json")
@click.argument("files", nargs=-1, required=True)
def extract(output_format: str, files: tuple[str, ...]) -> None:
    """Extract fields from FILES; one JSON object per file and line."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from extraction.cli import run as run_extraction

    sys.exit(run_extraction(files, output_format))


main.add_command(reminders_group)


@main.command()
@config_errors_exit
def demo() -> None:
    """Load the deterministic demo data (vendors, users, documents); safe to run twice."""
    from portal.core.db import db
    from portal.demo.data import load_demo

    app = _app()
    with app.app_context():
        try:
            summary = load_demo()
        finally:
            db.remove()
            db.engine.dispose()
    click.echo(summary)
