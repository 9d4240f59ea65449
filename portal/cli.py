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
from portal.lifecycle.cli import lifecycle_group, risks_group
from portal.reminders.cli import reminders_group


def _app(config: dict[str, Any] | None = None) -> Flask:
    from portal.app import create_app

    return create_app(config)


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
    children: list[subprocess.Popen[bytes]] = []
    config: dict[str, Any] = {}
    if dev_oidc:
        from portal.auth.devprovider import dev_provider_settings, start_dev_provider
        from portal.core.config import load_settings

        base = load_settings()
        # Refused in production before anything starts; used only when no provider is set.
        config = dev_provider_settings(base)
    app = _app(config)
    settings = app.config["PORTAL"]
    if dev_oidc:
        children.append(start_dev_provider(settings))
    host = host or settings.host
    port = port or settings.port
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
    from portal.documents.processing import start_reaper

    app = _app()
    start_reaper(app)
    with app.app_context():
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
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), default=1, help="Documents read in parallel."
)
@click.option("--timeout", type=click.IntRange(1), default=180, help="Seconds per document.")
@click.argument("files", nargs=-1, required=True)
def extract(output_format: str, jobs: int, timeout: int, files: tuple[str, ...]) -> None:
    """Extract fields from FILES; one JSON object per file and line (works without the app)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from extraction import ExtractionConfig
    from extraction.cli import run as run_extraction

    config = ExtractionConfig(timeout_seconds=float(timeout))
    sys.exit(run_extraction(files, output_format, config, jobs=jobs))


@main.group("users")
def users_group() -> None:
    """Accounts and roles."""


@users_group.command("grant")
@click.argument("email")
@click.option(
    "--role", type=click.Choice(["reviewer", "admin", "vendor"]), required=True, help="Role."
)
@click.option("--vendor", "vendor_id", type=int, default=None, help="Vendor id (--role vendor).")
@click.option("--issuer", default=None, help="Pick the account of this issuer (same e-mail twice).")
@config_errors_exit
def users_grant(email: str, role: str, vendor_id: int | None, issuer: str | None) -> None:
    """Give the account signed in as EMAIL a role (it takes effect on its next request)."""
    from portal.auth.accounts import set_role, users_by_email
    from portal.core.context import Actor, acting_as
    from portal.core.db import db
    from portal.vendors.models import Vendor

    app = _app()
    with app.app_context():
        found = [u for u in users_by_email(email) if issuer is None or u.issuer == issuer]
        if not found:
            click.echo(
                f"error: no account with e-mail {email!r} has signed in yet; ask them to sign "
                "in once, then run this again",
                err=True,
            )
            sys.exit(1)
        if len(found) > 1:
            issuers = ", ".join(sorted(u.issuer for u in found))
            click.echo(f"error: several accounts use {email!r}; add --issuer ({issuers})", err=True)
            sys.exit(1)
        if role == "vendor" and (vendor_id is None or db.session.get(Vendor, vendor_id) is None):
            click.echo("error: --role vendor needs --vendor with an existing vendor id", err=True)
            sys.exit(1)
        user = found[0]
        with acting_as(Actor(label="cli")):
            set_role(user, role, vendor_id)
            db.session.commit()
        click.echo(f"{email}: role {role}")


main.add_command(reminders_group)
main.add_command(risks_group)
main.add_command(lifecycle_group)


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
