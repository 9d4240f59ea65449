"""Microsoft Teams: a Workflows ("When a Teams webhook request is received") URL takes a
message with an Adaptive Card attachment (answers 202); the retired Office 365 connector URLs took
a MessageCard (answer 200 `1`, or 200 with an error text). The channel chooses the format."""

from __future__ import annotations

from typing import Any

from portal.integrations.base import Announcement, Outcome, Sender, Target, clip
from portal.integrations.http import SendError

label = "Microsoft Teams"
opens_tickets = False
FORMATS = ("adaptive", "messagecard")


def adaptive_card(item: Announcement) -> dict[str, Any]:
    facts = [{"title": "Event", "value": item.kind_label}]
    if item.vendor_name:
        facts.append({"title": "Vendor", "value": item.vendor_name})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": clip(item.title, 300),
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "TextBlock", "text": clip(item.detail, 4000), "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
    }
    if item.url:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": "Open in Vendor Portal", "url": item.url}
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def message_card(item: Announcement) -> dict[str, Any]:
    card: dict[str, Any] = {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": clip(f"{item.kind_label}: {item.title}", 300),
        "themeColor": "B42318" if item.kind in ("sla_breach", "lapse") else "B54708",
        "title": clip(item.title, 300),
        "text": clip(item.detail, 4000),
    }
    if item.url:
        card["potentialAction"] = [
            {
                "@type": "OpenUri",
                "name": "Open in Vendor Portal",
                "targets": [{"os": "default", "uri": item.url}],
            }
        ]
    return card


def payload(item: Announcement, card_format: str = "adaptive") -> dict[str, Any]:
    return message_card(item) if card_format == "messagecard" else adaptive_card(item)


def _post(target: Target, body: dict[str, Any], send: Sender) -> None:
    response = send("POST", target.secret, payload=body)
    text = response.text()
    # The connector answered 200 with the failure in the body ("... returned HTTP error 429").
    if response.status == 200 and text not in ("", "1") and "error" in text.lower():
        raise SendError(f"Teams refused the message: {text}", temporary="429" in text)


def deliver(target: Target, item: Announcement, send: Sender) -> Outcome:
    _post(target, payload(item, target.options.get("format", "adaptive")), send)
    return Outcome()


def find_existing(target: Target, item: Announcement, send: Sender) -> Outcome | None:
    return None


def check(target: Target, send: Sender) -> str:
    test = Announcement("test", "Test", "Vendor Portal: test message", "It works.", None, "test")
    _post(target, payload(test, target.options.get("format", "adaptive")), send)
    return "a test message was posted"
