"""Demo channels and deliveries, so `make run` shows the Integrations pages populated.

The channels are disabled and read their secrets from variables that are not set: the demo never
posts anywhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.integrations.models import Channel, Delivery
from portal.vendors.models import Vendor


def _channel(
    name: str, kind: str, events: list[str], variable: str, **values: object
) -> tuple[Channel, int]:
    channel = db.session.scalar(select(Channel).where(Channel.name == name))
    if channel is not None:
        return channel, 0
    channel = Channel(name=name, kind=kind, enabled=False, events=events, categories=[], **values)
    channel.secret_env, channel.secret_hint = variable, f"from ${variable}"
    db.session.add(channel)
    db.session.flush()
    return channel, 1


def load_integrations_demo(vendors: dict[str, Vendor]) -> int:
    slack, created = _channel(
        "Compliance alerts (demo)",
        "slack",
        ["expiry", "lapse", "escalation", "sla_breach", "risk"],
        "PORTAL_HOOK_DEMO_SLACK",
        options={},
    )
    jira, more = _channel(
        "Vendor risk board (demo)",
        "jira",
        ["sla_breach", "risk"],
        "PORTAL_HOOK_DEMO_JIRA_TOKEN",
        base_url="https://your-team.atlassian.net",
        options={"email": "ops@example.com", "project_key": "VEND", "issue_type": "Task"},
    )
    created += more
    vendor = next(iter(vendors.values()))
    now = utcnow()
    rows = [
        (slack, "demo:expiry", "expiry", "sent", None, None, None),
        (jira, "demo:risk", "risk", "sent", "VEND-101", None, None),
        (
            slack,
            "demo:risk",
            "risk",
            "failed",
            None,
            "hooks.slack.com answered HTTP 404: no_service",
            404,
        ),
    ]
    for channel, key, kind, status, ticket, error, code in rows:
        exists = db.session.scalar(
            select(Delivery.id).where(Delivery.dedupe_key == key, Delivery.channel_id == channel.id)
        )
        if exists:
            continue
        title = (
            f"{vendor.legal_name}: insurance certificate expired"
            if kind == "expiry"
            else f"{vendor.legal_name}: sanctions screening hit"
        )
        db.session.add(
            Delivery(
                dedupe_key=key,
                channel_id=channel.id,
                event_kind=kind,
                vendor_id=vendor.id,
                title=title,
                detail="Demo delivery.",
                status=status,
                attempts=1 if status == "sent" else 8,
                ticket_key=ticket,
                ticket_url=f"{channel.base_url}/browse/{ticket}" if ticket else None,
                last_error=error,
                last_status_code=code,
                created_at=now - timedelta(hours=2),
                sent_at=now - timedelta(hours=2) if status == "sent" else None,
            )
        )
        created += 1
    db.session.flush()
    return created
