"""Dates and numbers written the way the reader's language writes them (Jinja filters)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent as babel_format_percent
from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale


def local_date(value: date | datetime | str | None, style: str = "medium") -> str:
    """`2028-03-31` as "31 Mar 2028" / "2028年3月31日" / "31.03.2028"; other text as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value.date() if isinstance(value, datetime) else value
    return str(format_date(day, style))


def local_datetime(value: datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    return str(format_datetime(value, style))


def local_number(value: float | int | Decimal | str | None, digits: int | None = None) -> str:
    """1234567.5 as "1,234,567.5" / "1.234.567,5" / "1 234 567,5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = Decimal(text)
        except ArithmeticError:
            return text
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern))
    return str(format_decimal(value))


def local_percent(value: float | int | Decimal | None) -> str:
    """A percentage given as a number (99.9) written per locale ("99.9%", "99,9 %")."""
    if value is None:
        return ""
    # The language's own percent pattern ("97,5 %"), keeping the decimals that were given.
    return str(
        babel_format_percent(
            Decimal(str(value)) / 100,
            locale=get_locale() or "en",
            decimal_quantization=False,
        )
    )


def local_file_size(size: int | None) -> str:
    if size is None:
        return ""
    units = (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024))
    for unit, factor in units:
        if size >= factor:
            return f"{local_number(size / factor, 1)} {unit}"
    return f"{local_number(size)} B"


def init_app(app: Flask) -> None:
    filters: dict[str, Any] = {
        "local_date": local_date,
        "local_datetime": local_datetime,
        "local_number": local_number,
        "local_percent": local_percent,
        "file_size": local_file_size,
    }
    app.jinja_env.filters.update(filters)
