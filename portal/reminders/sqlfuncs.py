"""Date and JSON arithmetic that SQLite and PostgreSQL spell differently, as SQL expressions.

They keep the due computation set-based on both databases instead of looping in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):
    """days_between(start, end): whole days from `start` to `end` (negative if end is earlier)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


class add_days(FunctionElement[Any]):
    """add_days(day, n): the date `n` days after `day` (before it if n is negative)."""

    type = Date()
    inherit_cache = True
    name = "add_days"


class json_integer(FunctionElement[int]):
    """A JSON value as an integer when it is a number or a string of digits, else NULL."""

    type = Integer()
    inherit_cache = True
    name = "json_integer"


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"(CAST({end} AS DATE) - CAST({start} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _args(element, compiler, **kw)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


@compiles(add_days, "postgresql")
def _add_days_pg(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = _args(element, compiler, **kw)
    return f"(CAST({day} AS DATE) + CAST({days} AS INTEGER))"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = _args(element, compiler, **kw)
    return f"date({day}, CAST(CAST({days} AS INTEGER) AS TEXT) || ' days')"


@compiles(json_integer, "postgresql")
def _json_integer_pg(element: json_integer, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    as_json = f"CAST({value} AS JSONB)"
    scalar = f"({as_json} #>> '{{}}')"
    # Nested CASEs: PostgreSQL evaluates a branch only when it is chosen, so no cast can fail.
    return (
        f"(CASE jsonb_typeof({as_json}) "
        f"WHEN 'number' THEN (CASE WHEN ABS(CAST({scalar} AS NUMERIC)) < 1000000 "
        f"THEN CAST(ROUND(CAST({scalar} AS NUMERIC)) AS INTEGER) END) "
        f"WHEN 'string' THEN (CASE WHEN {scalar} ~ '^[0-9]{{1,6}}$' "
        f"THEN CAST({scalar} AS INTEGER) END) END)"
    )


@compiles(json_integer, "sqlite")
def _json_integer_sqlite(element: json_integer, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    text = f"json_extract({value}, '$')"
    return (
        f"(CASE WHEN json_type({value}) IN ('integer', 'real') "
        f"THEN CAST(ROUND({text}) AS INTEGER) "
        f"WHEN json_type({value}) = 'text' AND length({text}) BETWEEN 1 AND 6 "
        f"AND {text} NOT GLOB '*[^0-9]*' THEN CAST({text} AS INTEGER) END)"
    )
