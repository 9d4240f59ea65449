"""`portal reminders …`: run the reminders by hand, or as if on another day."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

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
    from portal.reminders.run import run_reminders
    from portal.reminders.schedule import scheduled_instant

    with _app_context():
        day = today.date() if today else None
        now = scheduled_instant(day) if day else None
        stats = run_reminders(today=day, now=now, dry_run=dry_run)
    click.echo(json.dumps(stats.as_dict()))


def _policy_json(policy: Any) -> str:
    return json.dumps(
        {
            "doc_type": policy.doc_type,
            "enabled": policy.enabled,
            "offsets_days": list(policy.offsets_days),
            "repeat_after_expiry_days": policy.repeat_after_expiry_days,
            "renewal_offsets_days": list(policy.renewal_offsets_days),
            "notify_vendor": policy.notify_vendor,
            "notify_owner": policy.notify_owner,
            "escalation_days": policy.escalation_days,
            "customised": policy.customised,
        }
    )


@reminders_group.command("policies")
def policies() -> None:
    """Print the policy of every document type, one JSON object per line ('*' is the default)."""
    from portal.reminders.policy import effective_policies

    with _app_context():
        for policy in effective_policies():
            click.echo(_policy_json(policy))


@reminders_group.command("policy")
@click.argument("doc_type")
@click.option("--offsets", help="Days before expiry, e.g. '90,60,30,14,7,1,0'.")
@click.option("--repeat-after-expiry", help="Remind every N days once expired (0: never).")
@click.option("--renewal-offsets", help="Contracts: days before the notice deadline.")
@click.option("--escalation-days", help="Escalate N days after expiry ('' for the default).")
@click.option("--notify-vendor/--no-notify-vendor", default=None)
@click.option("--notify-owner/--no-notify-owner", default=None)
@click.option("--enable/--disable", "enabled", default=None)
@click.option("--reset", is_flag=True, help="Drop the type's own policy: it follows '*' again.")
def policy(
    doc_type: str,
    offsets: str | None,
    repeat_after_expiry: str | None,
    renewal_offsets: str | None,
    escalation_days: str | None,
    notify_vendor: bool | None,
    notify_owner: bool | None,
    enabled: bool | None,
    reset: bool,
) -> None:
    """Change the reminder policy of DOC_TYPE ('*' for the default); unnamed options keep
    their current value. Prints the policy as JSON."""
    from portal.core.db import db
    from portal.reminders.policy import PolicyInvalid, load_policies, reset_policy, save_policy

    with _app_context():
        if reset:
            reset_policy(doc_type)
            db.session.commit()
        else:
            current = load_policies().for_type(doc_type)
            try:
                save_policy(
                    doc_type,
                    offsets_days=current.offsets_days if offsets is None else offsets,
                    repeat_after_expiry_days=current.repeat_after_expiry_days
                    if repeat_after_expiry is None
                    else repeat_after_expiry,
                    renewal_offsets_days=current.renewal_offsets_days
                    if renewal_offsets is None
                    else renewal_offsets,
                    escalation_days=current.escalation_days
                    if escalation_days is None
                    else escalation_days,
                    notify_vendor=current.notify_vendor if notify_vendor is None else notify_vendor,
                    notify_owner=current.notify_owner if notify_owner is None else notify_owner,
                    enabled=current.enabled if enabled is None else enabled,
                )
            except PolicyInvalid as exc:
                db.session.rollback()
                for field, message in exc.errors.items():
                    click.echo(f"error: {field}: {message}", err=True)
                sys.exit(2)
            db.session.commit()
        click.echo(_policy_json(load_policies().for_type(doc_type)))


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
