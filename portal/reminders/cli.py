"""`portal reminders …`: run the reminders by hand, or as if on another day."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from portal.core.config import ConfigError


@click.group("reminders")
def reminders_group() -> None:
    """Expiry reminders, escalation and lapse."""


@reminders_group.command("send")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as the scheduler would on this day (YYYY-MM-DD, at the configured hour).",
)
@click.option("--dry-run", is_flag=True, help="Report what is due; change and send nothing.")
def send(today: datetime | None, dry_run: bool) -> None:
    """Send the reminders due today; prints one JSON line {"due", "sent", "skipped", "failed"}."""
    from portal.app import create_app
    from portal.core.db import db
    from portal.reminders.run import run_reminders
    from portal.reminders.schedule import scheduled_instant

    try:
        app = create_app()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    with app.app_context():
        try:
            day = today.date() if today else None
            now = scheduled_instant(day) if day else None
            stats = run_reminders(today=day, now=now, dry_run=dry_run)
        finally:
            db.remove()
            db.engine.dispose()
    click.echo(json.dumps(stats.as_dict()))
