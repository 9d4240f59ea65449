"""Admin-defined KPIs: reading the definition form and saving it (audited)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from portal.audit.service import record
from portal.core.db import db
from portal.i18n import LOCALES
from portal.i18n import lazy_gettext as _l
from portal.kpis.input import parse_number
from portal.kpis.models import UNITS, KpiDefinition
from portal.requirements.catalog import VENDOR_CATEGORIES

CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
# The built-in KPI for incident response time (migration 0010), compared with the contract's
# `sla_response_hours`. A KPI an admin defined whose code names both "response" and "hour"
# (`incident_response_hours`, `avg_response_time_hours`) is compared as well.
RESPONSE_TIME_KPI = "sla_response_hours"
_RESPONSE_CODE = re.compile(r"respon[a-z]*_(?:[a-z0-9]+_)*hours?\b|hours?_(?:[a-z0-9]+_)*respon")
UNIT_LABELS: dict[str, object] = {
    "percent": _l("Per cent"),
    "count": _l("Count"),
    "score": _l("Score"),
    "number": _l("Number"),
}
EDITABLE = (
    "name",
    "translations",
    "description",
    "unit",
    "min_value",
    "max_value",
    "decimals",
    "higher_is_better",
    "categories",
    "active",
    "position",
)


@dataclass
class DefinitionForm:
    values: dict[str, Any]
    errors: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _bound(form: Mapping[str, str], name: str, errors: dict[str, object]) -> Decimal | None:
    try:
        return parse_number(form.get(name, ""), "en")
    except ValueError:
        errors[name] = _l("Enter a number.")
        return None


def read_definition(
    form: Mapping[str, str], categories: list[str], existing: KpiDefinition | None
) -> DefinitionForm:
    errors: dict[str, object] = {}
    values: dict[str, Any] = {
        "name": " ".join(form.get("name", "").split())[:200],
        "translations": {
            lang: " ".join(form.get(f"name_{lang}", "").split())[:200]
            for lang in LOCALES
            if lang != "en" and form.get(f"name_{lang}", "").strip()
        },
        "description": form.get("description", "").strip()[:2000] or None,
        "unit": form.get("unit", ""),
        "min_value": _bound(form, "min_value", errors),
        "max_value": _bound(form, "max_value", errors),
        "higher_is_better": form.get("higher_is_better") in ("1", "on"),
        "categories": [c for c in categories if c in VENDOR_CATEGORIES],
        "active": form.get("active") in ("1", "on"),
    }
    try:
        values["decimals"] = int(form.get("decimals", "2"))
        if not 0 <= values["decimals"] <= 4:
            raise ValueError
    except ValueError:
        errors["decimals"] = _l("Enter a whole number from 0 to 4.")
    try:
        values["position"] = int(form.get("position", "100") or "100")
    except ValueError:
        errors["position"] = _l("Enter a whole number.")
    if existing is None:
        code = form.get("code", "").strip().lower()
        values["code"] = code
        if not CODE.match(code):
            errors["code"] = _l(
                "Use 2 to 60 lower-case letters, digits and underscores, starting with a letter."
            )
        elif db.session.scalar(select(KpiDefinition.id).where(KpiDefinition.code == code)):
            errors["code"] = _l("Another KPI already uses this code.")
    if not values["name"]:
        errors["name"] = _l("Enter a name.")
    if values["unit"] not in UNITS:
        errors["unit"] = _l("Choose a unit.")
    low, high = values["min_value"], values["max_value"]
    if low is not None and high is not None and low > high:
        errors["max_value"] = _l("The maximum must not be below the minimum.")
    return DefinitionForm(values, errors)


def save_definition(values: Mapping[str, Any], existing: KpiDefinition | None) -> KpiDefinition:
    definition = existing or KpiDefinition(code=values["code"], builtin=False)
    before = {k: getattr(definition, k, None) for k in EDITABLE} if existing else {}
    for name in EDITABLE:
        setattr(definition, name, values[name])
    if existing is None:
        db.session.add(definition)
    db.session.flush()
    record(
        "kpi.definition_created" if existing is None else "kpi.definition_changed",
        object_type="kpi_definition",
        object_id=definition.id,
        code=definition.code,
        changes={
            k: [str(before.get(k)), str(values[k])]
            for k in EDITABLE
            if existing is None or before.get(k) != values[k]
        },
    )
    return definition


def response_time_kpi_codes() -> set[str]:
    """Codes of the KPIs that report incident response time in hours (lower is better)."""
    rows = db.session.scalars(
        select(KpiDefinition.code).where(KpiDefinition.higher_is_better.is_(False))
    )
    return {code for code in rows if code == RESPONSE_TIME_KPI or _RESPONSE_CODE.search(code)}
