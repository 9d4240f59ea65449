"""What a vendor types into the KPI form: numbers in their own notation, checked against each
KPI's range and precision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal

from portal.i18n import lazy_gettext as _l
from portal.kpis.models import KpiDefinition

# --- input -----------------------------------------------------------------------------------


def parse_number(text: str, locale: str | None) -> Decimal | None:
    """A number as typed: `97.5` (what number inputs send) or the reader's own `97,5`."""
    text = text.strip().replace("\u00a0", " ").replace("%", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        return parse_decimal(text, locale=locale or "en", strict=True)
    except (NumberFormatError, ValueError):
        raise ValueError(text) from None


def check_value(definition: KpiDefinition, value: Decimal) -> Any:
    """Why `value` is not acceptable for `definition`, or None."""
    if not value.is_finite():
        return _l("Enter a number.")
    if definition.decimals == 0 and value != value.to_integral_value():
        return _l("Enter a whole number.")
    places = -value.normalize().as_tuple().exponent  # type: ignore[operator]
    if definition.decimals and places > definition.decimals:
        return _l("Use at most %(n)d decimal places.", n=definition.decimals)
    low, high = definition.min_value, definition.max_value
    if low is not None and high is not None and not (low <= value <= high):
        return _l("Enter a value from %(low)s to %(high)s.", low=_plain(low), high=_plain(high))
    if low is not None and value < low:
        return _l("Enter a value of at least %(low)s.", low=_plain(low))
    if high is not None and value > high:
        return _l("Enter a value of at most %(high)s.", high=_plain(high))
    return None


def _plain(value: Decimal) -> str:
    from portal.i18n.formatting import local_number

    return local_number(value.normalize())


@dataclass(frozen=True)
class ParsedValues:
    values: dict[int, Decimal]
    # definition id → message; key 0: a message about the whole form
    errors: dict[int, object]
    raw: dict[int, str]


def parse_values(
    definitions: list[KpiDefinition], form: Mapping[str, str], locale: str | None
) -> ParsedValues:
    """Read `kpi-<id>` fields; every one is checked, at least one must be given."""
    values: dict[int, Decimal] = {}
    errors: dict[int, object] = {}
    raw: dict[int, str] = {}
    for definition in definitions:
        text = form.get(f"kpi-{definition.id}", "")[:50]
        raw[definition.id] = text
        try:
            value = parse_number(text, locale)
        except ValueError:
            errors[definition.id] = _l("Enter a number.")
            continue
        if value is None:
            continue
        problem = check_value(definition, value)
        if problem is not None:
            errors[definition.id] = problem
        else:
            values[definition.id] = value
    if not values and not errors:
        errors[0] = _l("Enter at least one value.")
    return ParsedValues(values, errors, raw)
