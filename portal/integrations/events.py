"""The kinds of events the portal announces to outside tools."""

from __future__ import annotations

# kind → label (staff-facing; chat messages and tickets are in English).
EVENT_KINDS: dict[str, str] = {
    "expiry": "Document expired",
    "lapse": "Vendor lapsed",
    "escalation": "Escalation",
    "sla_breach": "SLA breach",
    "risk": "Risk",
}
# Kinds that open a tracker issue by default when announced with ticket=True.
TICKET_EVENTS = ("sla_breach", "risk")
