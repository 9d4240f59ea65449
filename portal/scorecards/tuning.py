"""Admins tune the scorecards: the performance lines (weight, target, worst value) and the
selection criteria (weight, automatic rule), each set saved as a whole.

A set is edited as one table because its weights only make sense together: the active weights
must sum to exactly 100, so moving 5 points from one line to another is one save. A refused save
keeps everything that was typed; a save against a set someone changed since is refused (409).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from portal.audit.service import record
from portal.core.db import db
from portal.i18n import gettext as _
from portal.kpis.models import KpiDefinition
from portal.scorecards.models import (
    AUTO_RULES,
    CRITERION_GROUPS,
    EVENT_COUNTERS,
    ScorecardKpi,
    SelectionCriterion,
)
from portal.scorecards.scoring import HUNDRED
from portal.scorecards.settings import (
    StaleSettings,
    claim,
    current_version,
)

CENT = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
LARGEST = Decimal("1e13")


@dataclass
class Row:
    """One line of a table as typed: `key` prefixes its form fields ("kpi-3", "new")."""

    key: str
    item_id: int | None
    typed: dict[str, str]
    active: bool
    parsed: dict[str, Any] = field(default_factory=dict)

    def number(self, name: str) -> Decimal | None:
        try:
            value = Decimal(self.typed.get(name, "").strip().replace(",", "."))
        except InvalidOperation:
            return None
        return value if value.is_finite() else None

    @property
    def direction(self) -> str:
        """What the target and worst value say (lines only): which way is better."""
        target, worst = self.number("target"), self.number("worst")
        if target is None or worst is None or target == worst:
            return ""
        return str(_("Higher is better") if target > worst else _("Lower is better"))


def blank_row(key: str, fields: tuple[str, ...]) -> Row:
    return Row(key, None, dict.fromkeys(fields, ""), True)


@dataclass
class TableForm:
    version: int
    rows: list[Row]
    errors: dict[str, str] = field(default_factory=dict)
    total: Decimal | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def has_row(self, key: str) -> bool:
        return any(row.key == key for row in self.rows)

    def group_weight(self, group: str) -> str:
        """The active weight of one group of criteria, as typed."""
        rows = [r for r in self.rows if r.active and r.typed.get("criterion_group") == group]
        return str(plain(sum((r.number("weight") or Decimal(0) for r in rows), Decimal(0))))

    @property
    def total_text(self) -> str:
        return "—" if self.total is None else plain(self.total)


def _clean(raw: str | None, limit: int) -> str:
    return " ".join((raw or "").split())[:limit]


def parse_number(raw: str, key: str, errors: dict[str, str], message: str) -> Decimal | None:
    text = raw.strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= LARGEST:
        errors[key] = message
        return None
    if value != value.quantize(FOUR_PLACES):
        errors[key] = _("Use at most four decimal places.")
        return None
    return value


def _weight(raw: str, key: str, errors: dict[str, str]) -> Decimal | None:
    message = _("Enter a weight from 0 to 100.")
    value = parse_number(raw, key, errors, message)
    if value is None:
        return None
    if not Decimal(0) <= value <= HUNDRED:
        errors[key] = message
        return None
    if value != value.quantize(CENT):
        errors[key] = _("Use at most two decimal places.")
        return None
    return value


def _sum_rule(form: TableForm) -> None:
    """The active weights sum to exactly 100 (checked when every active weight could be read)."""
    active = [row for row in form.rows if row.active]
    if any(f"{row.key}-weight" in form.errors for row in active):
        return
    form.total = sum((row.parsed["weight"] for row in active), Decimal(0))
    if form.total != HUNDRED:
        form.errors["total"] = _(
            "The active weights must sum to exactly 100; they sum to %(total)s.",
            total=f"{form.total.normalize():f}",
        )


def read_version(raw: str | None) -> int:
    return int(raw) if raw and raw.strip().isdigit() else -1


def _read_table(
    form: Mapping[str, str],
    existing: list[tuple[str, int]],
    new_keys: list[str],
    fields: tuple[str, ...],
    parse_row: Callable[[Row, dict[str, str]], None],
) -> TableForm:
    rows = []
    for key, item_id in existing:
        typed = {name: form.get(f"{key}-{name}", "") for name in fields}
        rows.append(Row(key, item_id, typed, f"{key}-active" in form))
    for key in new_keys:
        typed = {name: form.get(f"{key}-{name}", "") for name in fields}
        # A blank new line is no line: only typed text adds one.
        if any(typed[name].strip() for name in fields if name not in ("source", "auto_rule")):
            rows.append(Row(key, None, typed, f"{key}-active" in form))
    table = TableForm(read_version(form.get("version")), rows)
    for row in rows:
        parse_row(row, table.errors)
    _sum_rule(table)
    return table


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def _save_table(
    table: TableForm,
    model: type[ScorecardKpi] | type[SelectionCriterion],
    set_key: str,
    action: str,
    user_id: int | None,
) -> int:
    """Apply the typed table: changed rows audited field by field, new rows added."""
    claim(set_key, table.version, user_id, stale_message())
    changed = 0
    next_position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    for row in table.rows:
        values = dict(row.parsed, active=row.active)
        if row.item_id is None:
            added = model()
            for name, value in values.items():
                setattr(added, name, value)
            added.position = next_position
            next_position += 1
            db.session.add(added)
            db.session.flush()
            record(
                f"{action}.added",
                object_type=action,
                object_id=added.id,
                after={k: plain(v) for k, v in values.items()},
            )
            changed += 1
            continue
        item: Any = db.session.get(model, row.item_id)
        if item is None:
            raise StaleSettings(stale_message())
        before = {k: plain(getattr(item, k)) for k in values}
        after = {k: plain(v) for k, v in values.items()}
        if before == after:
            continue
        for name, value in values.items():
            setattr(item, name, value)
        db.session.flush()
        record(
            f"{action}.changed",
            object_type=action,
            object_id=item.id,
            changes={k: [before[k], after[k]] for k in values if before[k] != after[k]},
        )
        changed += 1
    return changed


def stale_message() -> str:
    return str(
        _(
            "Someone saved these settings since you opened the page, so nothing was saved. "
            "Reload the page to see their changes, then make yours again."
        )
    )


def is_stale(table: TableForm, set_key: str) -> bool:
    return table.version != current_version(set_key)


# --- performance scorecard lines ----------------------------------------------------------------

LINE_FIELDS = ("name", "source", "weight", "target", "worst")


def event_labels() -> dict[str, str]:
    labels = {
        "missed_reminders": _("Documents left to expire"),
        "rejected_documents": _("Rejected documents"),
        "incidents": _("Incidents (self-reported and SLA breaches)"),
    }
    return {code: labels[code] for code in EVENT_COUNTERS}


def source_choices() -> dict[str, str]:
    """What a line can read: a self-reported KPI, internal ratings, or a counter of events."""
    choices = {
        f"self_report:{d.code}": _("Self-reported KPI: %(name)s", name=d.name)
        for d in db.session.scalars(
            select(KpiDefinition).order_by(KpiDefinition.position, KpiDefinition.id)
        )
    }
    choices["rating"] = _("Internal rating (0–5)")
    for code, label in event_labels().items():
        choices[f"events:{code}"] = _("Counted events: %(name)s", name=label)
    return choices


def source_key(kpi: ScorecardKpi) -> str:
    return "rating" if kpi.source == "rating" else f"{kpi.source}:{kpi.source_code}"


def all_lines() -> list[ScorecardKpi]:
    return list(
        db.session.scalars(select(ScorecardKpi).order_by(ScorecardKpi.position, ScorecardKpi.id))
    )


def lines_form(kpis: list[ScorecardKpi]) -> TableForm:
    """The stored lines as a form (what the page shows before anyone types)."""
    rows = [
        Row(
            f"kpi-{k.id}",
            k.id,
            {
                "name": k.name,
                "source": source_key(k),
                "weight": plain(k.weight),
                "target": plain(k.target),
                "worst": plain(k.worst),
            },
            k.active,
        )
        for k in kpis
    ]
    active = sum((Decimal(k.weight) for k in kpis if k.active), Decimal(0))
    return TableForm(current_version("performance"), rows, total=active)


def _parse_line(choices: dict[str, str]) -> Callable[[Row, dict[str, str]], None]:
    def parse(row: Row, errors: dict[str, str]) -> None:
        k = row.key
        name = _clean(row.typed["name"], 200)
        if not name:
            errors[f"{k}-name"] = _("Enter a name.")
        source = row.typed["source"]
        if source not in choices:
            errors[f"{k}-source"] = _("Choose where the line's values come from.")
            source = "rating"
        kind, _sep, code = source.partition(":")
        weight = _weight(row.typed["weight"], f"{k}-weight", errors)
        message = _("Enter a number.")
        target = parse_number(row.typed["target"], f"{k}-target", errors, message)
        worst = parse_number(row.typed["worst"], f"{k}-worst", errors, message)
        for key, value in ((f"{k}-target", target), (f"{k}-worst", worst)):
            if value is None:
                continue
            if kind == "rating" and not Decimal(0) <= value <= Decimal(5):
                errors[key] = _("Ratings run from 0 to 5.")
            elif kind == "events" and value < 0:
                errors[key] = _("Counts cannot be negative.")
        if target is not None and worst is not None and target == worst:
            errors[f"{k}-worst"] = _("The value that scores 0 must differ from the target.")
        row.parsed = {
            "name": name,
            "source": kind,
            "source_code": code or None,
            "weight": weight,
            "target": target,
            "worst": worst,
        }

    return parse


def read_lines(form: Mapping[str, str]) -> TableForm:
    kpis = all_lines()
    table = _read_table(
        form,
        [(f"kpi-{k.id}", k.id) for k in kpis],
        ["new"],
        LINE_FIELDS,
        _parse_line(source_choices()),
    )
    active = [row for row in table.rows if row.active]
    if active and all(row.parsed["source"] == "events" for row in active):
        table.errors["evidence"] = _(
            "Keep at least one active self-reported KPI or internal rating: counted events "
            "alone never make a score."
        )
    return table


def _code_for(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:50] or "line"
    taken = set(db.session.scalars(select(ScorecardKpi.code)))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def save_lines(table: TableForm, user_id: int | None) -> int:
    for row in table.rows:
        existing = db.session.get(ScorecardKpi, row.item_id) if row.item_id else None
        if existing is None:
            row.parsed["code"] = _code_for(row.parsed["name"])
        code = existing.code if existing else row.parsed["code"]
        if row.parsed["source"] == "rating":
            # Ratings are stored by line id; a rating line's source code is its own code.
            row.parsed["source_code"] = (
                existing.source_code if existing and existing.source == "rating" else code
            )
    return _save_table(table, ScorecardKpi, "performance", "scorecard_kpi", user_id)


# --- selection criteria ---------------------------------------------------------------------------

CRITERION_FIELDS = ("criterion_group", "name", "description", "weight", "auto_rule")


def all_criteria() -> list[SelectionCriterion]:
    return list(
        db.session.scalars(
            select(SelectionCriterion).order_by(SelectionCriterion.position, SelectionCriterion.id)
        )
    )


def criteria_form(items: list[SelectionCriterion]) -> TableForm:
    rows = [
        Row(
            f"criterion-{c.id}",
            c.id,
            {
                "criterion_group": c.criterion_group,
                "name": c.name,
                "description": c.description or "",
                "weight": plain(c.weight),
                "auto_rule": c.auto_rule or "",
            },
            c.active,
        )
        for c in items
    ]
    active = sum((Decimal(c.weight) for c in items if c.active), Decimal(0))
    return TableForm(current_version("selection"), rows, total=active)


def _parse_criterion(row: Row, errors: dict[str, str]) -> None:
    k = row.key
    group = row.typed["criterion_group"] = row.typed["criterion_group"] or k.removeprefix("new-")
    if group not in CRITERION_GROUPS:
        errors[f"{k}-criterion_group"] = _("Choose a group.")
    name = _clean(row.typed["name"], 200)
    if not name:
        errors[f"{k}-name"] = _("Enter a name.")
    rule = row.typed["auto_rule"] or None
    if rule is not None and rule not in AUTO_RULES:
        errors[f"{k}-auto_rule"] = _("Choose an automatic rule or none.")
        rule = None
    row.parsed = {
        "criterion_group": group,
        "name": name,
        "description": row.typed["description"].strip()[:4000] or None,
        "weight": _weight(row.typed["weight"], f"{k}-weight", errors),
        "auto_rule": rule,
    }


def read_criteria(form: Mapping[str, str]) -> TableForm:
    items = all_criteria()
    return _read_table(
        form,
        [(f"criterion-{c.id}", c.id) for c in items],
        [f"new-{group}" for group in CRITERION_GROUPS],
        CRITERION_FIELDS,
        _parse_criterion,
    )


def save_criteria(table: TableForm, user_id: int | None) -> int:
    return _save_table(table, SelectionCriterion, "selection", "selection_criterion", user_id)
