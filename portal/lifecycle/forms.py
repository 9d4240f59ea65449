"""Small helpers the lifecycle views share: reading numbers, periods and versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import abort, request

from portal.kpis.periods import Period, parse_period


def today() -> date:
    return date.today()


def decimal_field(name: str, message: str) -> Decimal:
    raw = request.form.get(name, "").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        abort(400, message)
    if not value.is_finite():
        abort(400, message)
    return value


def period_arg(code: str | None, default: Period) -> Period:
    if not code:
        return default
    period = parse_period(code)
    if period is None:
        abort(404)
    return period


def version_field() -> int:
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, "The form is incomplete. Reload the page and try again.")
    return version


__all__ = ["decimal_field", "period_arg", "today", "version_field"]
