"""Reminder policies: which days before (and after) expiry reminders go out, per document type.

Admins edit them (`save_policy`); a type without its own policy follows the default (`*`), and
the default itself falls back to the built-in one below until an admin changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, select

from extraction.types import DOC_TYPES
from portal.audit.service import record
from portal.core.db import db
from portal.i18n import lazy_gettext as _l
from portal.reminders.models import DEFAULT_POLICY_KEY, ReminderPolicy

DOCUMENT_TYPES = DOC_TYPES
DEFAULT_OFFSETS = (90, 60, 30, 14, 7, 1, 0)
DEFAULT_RENEWAL_OFFSETS = (60, 30, 14, 7, 1, 0)
MAX_OFFSET_DAYS = 3 * 366
MAX_OFFSETS = 20


class PolicyInvalid(Exception):
    """Bad policy values; `errors` maps each field to a message a form can show beside it."""

    def __init__(self, errors: Mapping[str, object]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)

    def __str__(self) -> str:
        return "; ".join(f"{field}: {message}" for field, message in self.errors.items())


@dataclass(frozen=True)
class Policy:
    doc_type: str = DEFAULT_POLICY_KEY
    enabled: bool = True
    offsets_days: tuple[int, ...] = DEFAULT_OFFSETS
    repeat_after_expiry_days: int = 7
    renewal_offsets_days: tuple[int, ...] = DEFAULT_RENEWAL_OFFSETS
    notify_vendor: bool = True
    notify_owner: bool = True
    escalation_days: int | None = None
    # False for the built-in default and for types that follow `*` (no row of their own).
    customised: bool = field(default=False, compare=False)

    def thresholds(self) -> tuple[int, ...]:
        """Days before expiry, ascending: the order a CASE expression tests them in."""
        return tuple(sorted(set(self.offsets_days)))

    def renewal_thresholds(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.renewal_offsets_days)))


@dataclass(frozen=True)
class PolicySet:
    """The default policy and the types that have their own (hashable: queries are cached)."""

    default: Policy
    own: tuple[Policy, ...] = ()

    @property
    def by_type(self) -> dict[str, Policy]:
        return {policy.doc_type: policy for policy in self.own}

    def for_type(self, doc_type: str | None) -> Policy:
        return self.by_type.get(doc_type or "", self.default)

    def all(self) -> list[Policy]:
        return [self.default, *self.own]


def _from_row(row: ReminderPolicy) -> Policy:
    return Policy(
        doc_type=row.doc_type,
        enabled=row.enabled,
        offsets_days=tuple(int(d) for d in row.offsets_days),
        repeat_after_expiry_days=row.repeat_after_expiry_days,
        renewal_offsets_days=tuple(int(d) for d in row.renewal_offsets_days),
        notify_vendor=row.notify_vendor,
        notify_owner=row.notify_owner,
        escalation_days=row.escalation_days,
        customised=True,
    )


def load_policies() -> PolicySet:
    query = select(ReminderPolicy).order_by(ReminderPolicy.doc_type)
    rows = {row.doc_type: _from_row(row) for row in db.session.scalars(query)}
    default = rows.pop(DEFAULT_POLICY_KEY, Policy())
    return PolicySet(default=default, own=tuple(rows.values()))


def effective_policies() -> list[Policy]:
    """The policy of every document type as it applies now (for the admin policy page)."""
    policies = load_policies()
    result = [policies.default]
    for doc_type in DOCUMENT_TYPES:
        own = policies.by_type.get(doc_type)
        result.append(own or replace(policies.default, doc_type=doc_type, customised=False))
    return result


def _fields(policy: Policy) -> dict[str, object]:
    return {
        "enabled": policy.enabled,
        "offsets_days": policy.offsets_days,
        "repeat_after_expiry_days": policy.repeat_after_expiry_days,
        "renewal_offsets_days": policy.renewal_offsets_days,
        "notify_vendor": policy.notify_vendor,
        "notify_owner": policy.notify_owner,
        "escalation_days": policy.escalation_days,
    }


def parse_offsets(value: str | Iterable[int | str]) -> tuple[int, ...]:
    """'90, 60, 30' (a form field) or a list: whole days, each between 0 and about 3 years."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    days: set[int] = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if not text.isdigit():
            raise ValueError(_l("“%(value)s” is not a whole number of days.", value=text))
        number = int(text)
        if number > MAX_OFFSET_DAYS:
            raise ValueError(_l("%(days)d days is more than three years.", days=number))
        days.add(number)
    if len(days) > MAX_OFFSETS:
        raise ValueError(_l("At most %(count)d reminder days.", count=MAX_OFFSETS))
    return tuple(sorted(days, reverse=True))


def save_policy(
    doc_type: str,
    *,
    offsets_days: str | Iterable[int | str],
    repeat_after_expiry_days: int | str = 7,
    renewal_offsets_days: str | Iterable[int | str] = DEFAULT_RENEWAL_OFFSETS,
    notify_vendor: bool = True,
    notify_owner: bool = True,
    escalation_days: int | str | None = None,
    enabled: bool = True,
    actor_user_id: int | None = None,
) -> Policy:
    """Create or change the policy of `doc_type` ('*' for the default); the caller commits."""
    errors: dict[str, object] = {}
    if doc_type != DEFAULT_POLICY_KEY and doc_type not in DOCUMENT_TYPES:
        errors["doc_type"] = _l("Unknown document type.")
    offsets: tuple[int, ...] = ()
    renewal: tuple[int, ...] = ()
    try:
        offsets = parse_offsets(offsets_days)
        if enabled and not offsets and not _whole(repeat_after_expiry_days, 0):
            raise ValueError(_l("Give at least one day, or turn the reminders off."))
    except ValueError as exc:
        errors["offsets_days"] = exc.args[0]
    try:
        renewal = parse_offsets(renewal_offsets_days)
    except ValueError as exc:
        errors["renewal_offsets_days"] = exc.args[0]
    repeat = _whole(repeat_after_expiry_days, 0)
    if repeat is None or repeat > 366:
        errors["repeat_after_expiry_days"] = _l("Between 0 (never) and 366 days.")
    escalation = None if escalation_days in (None, "") else _whole(escalation_days, 1)
    if escalation_days not in (None, "") and (escalation is None or escalation > 366):
        errors["escalation_days"] = _l("Between 1 and 366 days, or empty for the default.")
    if errors:
        raise PolicyInvalid(errors)

    row = db.session.scalar(select(ReminderPolicy).where(ReminderPolicy.doc_type == doc_type))
    before = _fields(_from_row(row)) if row else None
    if row is None:
        row = ReminderPolicy(doc_type=doc_type)
        db.session.add(row)
    row.enabled = enabled
    row.offsets_days = list(offsets)
    row.repeat_after_expiry_days = repeat or 0
    row.renewal_offsets_days = list(renewal)
    row.notify_vendor = notify_vendor
    row.notify_owner = notify_owner
    row.escalation_days = escalation
    row.updated_by_id = actor_user_id
    db.session.flush()
    policy = _from_row(row)
    record(
        "reminder_policy.saved",
        object_type="reminder_policy",
        object_id=doc_type,
        before=_jsonable(before),
        after=_jsonable(_fields(policy)),
    )
    return policy


def reset_policy(doc_type: str) -> bool:
    """Drop a type's own policy (it follows the default again); the caller commits."""
    deleted = db.session.execute(
        delete(ReminderPolicy).where(ReminderPolicy.doc_type == doc_type)
    ).rowcount  # type: ignore[attr-defined]
    if deleted:
        record("reminder_policy.reset", object_type="reminder_policy", object_id=doc_type)
    return bool(deleted)


def _whole(value: int | str | None, minimum: int) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number >= minimum else None


def _jsonable(values: dict[str, object] | None) -> dict[str, object] | None:
    if values is None:
        return None
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
