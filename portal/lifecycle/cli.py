"""`portal risks propose` and `portal lifecycle run`: the lifecycle rules by hand."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click

from portal.core.config import ConfigError

TODAY = click.DateTime(formats=["%Y-%m-%d"])


@contextmanager
def _app_context() -> Iterator[None]:
    from portal.app import create_app
    from portal.core.db import db

    try:
        app = create_app()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    with app.app_context():
        try:
            yield
        finally:
            db.remove()
            db.engine.dispose()


@click.group("risks")
def risks_group() -> None:
    """The risk register."""


@risks_group.command("propose")
@click.option("--today", type=TODAY, default=None, help="Run as on this day (YYYY-MM-DD).")
def propose(today: datetime | None) -> None:
    """Propose the automatic risks not yet proposed; prints {"proposed": n}."""
    from portal.core.db import db
    from portal.risks.proposals import propose_risks

    with _app_context():
        day = today.date() if today else datetime.now().date()
        count = propose_risks(day)
        db.session.commit()
    click.echo(json.dumps({"proposed": count}))


@click.group("lifecycle")
def lifecycle_group() -> None:
    """SLA checks, risk proposals and escalation (what the hourly job runs)."""


@lifecycle_group.command("run")
@click.option("--today", type=TODAY, default=None, help="Run as on this day (YYYY-MM-DD).")
def run(today: datetime | None) -> None:
    """Run every lifecycle rule once; prints one JSON line of counts."""
    from portal.lifecycle.daily import run_lifecycle

    with _app_context():
        stats = run_lifecycle(today.date() if today else None)
    click.echo(json.dumps(stats.as_dict()))
