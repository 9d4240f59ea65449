"""The document lifecycle (DESIGN.md): states and the transitions between them."""

from __future__ import annotations

STATES = (
    "uploaded",
    "queued",
    "extracting",
    "extracted",
    "in_review",
    "approved",
    "changes_requested",
    "rejected",
    "failed",
    "superseded",
    "expired",
)

# Work the extraction jobs still owe: the reaper watches these.
IN_FLIGHT = ("uploaded", "queued", "extracting")
FINAL = ("approved", "rejected", "failed", "superseded", "expired")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "uploaded": ("queued", "extracting", "failed"),
    "queued": ("extracting", "failed"),
    "extracting": ("extracted", "queued", "failed"),
    "extracted": ("in_review", "queued"),
    "in_review": ("approved", "changes_requested", "rejected"),
    "changes_requested": ("in_review", "queued", "superseded"),
    "approved": ("superseded", "expired"),
    "rejected": (),
    "failed": ("queued",),
    "superseded": (),
    "expired": ("superseded",),
}


class InvalidTransition(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"a document that is {current} cannot become {target}")
        self.current = current
        self.target = target


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        raise InvalidTransition(current, target)
