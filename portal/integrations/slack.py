"""Slack incoming webhooks: `POST <webhook URL>` with `text` (the notification fallback) and
Block Kit `blocks`. Slack answers 200 `ok`, or 4xx with a plain-text reason (`invalid_payload`,
`no_service`, `channel_is_archived`...), or 429 with Retry-After."""

from __future__ import annotations

from typing import Any

from portal.integrations.base import Announcement, Outcome, Sender, Target, clip

label = "Slack"
opens_tickets = False


def escape(text: str) -> str:
    """Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(item: Announcement) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(item.title, 150)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(escape(item.detail), 3000)}},
    ]
    context = f"*{escape(item.kind_label)}*"
    if item.vendor_name:
        context += f" · {escape(item.vendor_name)}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    if item.url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Vendor Portal"},
                        "url": item.url,
                    }
                ],
            }
        )
    return {"text": clip(f"{item.kind_label}: {item.title}", 3000), "blocks": blocks}


def deliver(target: Target, item: Announcement, send: Sender) -> Outcome:
    send("POST", target.secret, payload=payload(item))
    return Outcome()


def find_existing(target: Target, item: Announcement, send: Sender) -> Outcome | None:
    return None


def check(target: Target, send: Sender) -> str:
    send("POST", target.secret, payload={"text": "Vendor Portal: test message"})
    return "a test message was posted"
