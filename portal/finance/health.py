"""Financial health from a vendor's approved financial statements, year on year.

Each statement gives a fiscal year (its `fiscal_year_end`, else `period_end`) and whatever
figures were extracted and reviewed: revenue, net income, total assets, total liabilities,
current assets and current liabilities (extraction reads all six from the statement's income
statement and balance sheet, extraction/fields/financials.py). Ratios appear where the figures
allow; a missing figure leaves its ratio empty rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from portal.core.db import db
from portal.documents.models import Document, ExtractedField

FIGURES = (
    "revenue",
    "net_income",
    "total_assets",
    "total_liabilities",
    "current_assets",
    "current_liabilities",
)
# Statements that still tell a past year's story (a newer one supersedes, the figures stay).
STATEMENT_STATES = ("approved", "superseded", "expired")
# What counts as deteriorating year on year.
REVENUE_DROP = Decimal("-0.10")
MARGIN_DROP_POINTS = Decimal("5")
DEBT_RATIO_RISE_POINTS = Decimal("10")


@dataclass(frozen=True)
class FiscalYear:
    year: int
    document_id: int
    currency: str | None
    figures: dict[str, Decimal]
    revenue_change: Decimal | None = None  # fraction, -0.12 = fell 12 %

    def _ratio(self, top: str, bottom: str) -> Decimal | None:
        a, b = self.figures.get(top), self.figures.get(bottom)
        if a is None or b is None or b == 0:
            return None
        return a / b

    @property
    def net_margin(self) -> Decimal | None:
        """Net income over revenue, in per cent."""
        ratio = self._ratio("net_income", "revenue")
        return ratio * 100 if ratio is not None else None

    @property
    def debt_ratio(self) -> Decimal | None:
        """Total liabilities over total assets, in per cent."""
        ratio = self._ratio("total_liabilities", "total_assets")
        return ratio * 100 if ratio is not None else None

    @property
    def current_ratio(self) -> Decimal | None:
        """Current assets over current liabilities (liquidity)."""
        return self._ratio("current_assets", "current_liabilities")


@dataclass(frozen=True)
class FinancialHealth:
    years: tuple[FiscalYear, ...]  # oldest first
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def latest(self) -> FiscalYear | None:
        return self.years[-1] if self.years else None

    @property
    def deteriorating(self) -> bool:
        return bool(self.warnings)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _year(values: dict[str, Any], document: Document) -> int | None:
    for name in ("fiscal_year_end", "period_end"):
        raw = values.get(name)
        if isinstance(raw, str) and len(raw) >= 4 and raw[:4].isdigit():
            return int(raw[:4])
    return None


def statements(vendor_id: int) -> list[FiscalYear]:
    """One entry per fiscal year (the most recently approved statement wins), oldest first."""
    documents = db.session.scalars(
        select(Document)
        .where(
            Document.vendor_id == vendor_id,
            Document.state.in_(STATEMENT_STATES),
            (Document.declared_type == "financial_statement")
            | (Document.detected_type == "financial_statement")
            | (Document.kind == "audited_financial_statements"),
        )
        .order_by(Document.id)
    ).all()
    by_year: dict[int, FiscalYear] = {}
    for document in documents:
        rows = db.session.scalars(
            select(ExtractedField).where(
                ExtractedField.document_id == document.id,
                ExtractedField.review_status != "absent",
            )
        )
        values = {row.name: row.value for row in rows}
        year = _year(values, document)
        if year is None:
            continue
        figures = {n: v for n in FIGURES if (v := _decimal(values.get(n))) is not None}
        currency = values.get("currency") if isinstance(values.get("currency"), str) else None
        by_year[year] = FiscalYear(year, document.id, currency, figures)
    return [by_year[y] for y in sorted(by_year)]


def assess(years: list[FiscalYear]) -> FinancialHealth:
    """Year-on-year changes and the warnings that make finances 'deteriorating'."""
    out: list[FiscalYear] = []
    for i, year in enumerate(years):
        change = None
        if i > 0:
            before = out[i - 1].figures.get("revenue")
            now = year.figures.get("revenue")
            if before and now is not None and before > 0:
                change = (now - before) / before
        out.append(FiscalYear(year.year, year.document_id, year.currency, year.figures, change))
    warnings: list[str] = []
    if len(out) >= 2:
        prev, last = out[-2], out[-1]
        label = f"{prev.year}→{last.year}"
        if last.revenue_change is not None and last.revenue_change <= REVENUE_DROP:
            warnings.append(f"Revenue fell {-last.revenue_change * 100:.1f} % ({label}).")
        margins = (prev.net_margin, last.net_margin)
        if None not in margins and margins[0] - margins[1] >= MARGIN_DROP_POINTS:  # type: ignore[operator]
            warnings.append(
                f"Net margin fell from {margins[0]:.1f} % to {margins[1]:.1f} % ({label})."
            )
        income_before = prev.figures.get("net_income")
        income_now = last.figures.get("net_income")
        if income_before is not None and income_now is not None and income_before >= 0 > income_now:
            warnings.append(f"The vendor made a loss in {last.year} after a profit.")
        debts = (prev.debt_ratio, last.debt_ratio)
        if None not in debts and debts[1] - debts[0] >= DEBT_RATIO_RISE_POINTS:  # type: ignore[operator]
            warnings.append(f"Debt ratio rose from {debts[0]:.1f} % to {debts[1]:.1f} % ({label}).")
    return FinancialHealth(tuple(out), tuple(warnings))


def financial_health(vendor_id: int) -> FinancialHealth:
    return assess(statements(vendor_id))


def statement_age_years(health: FinancialHealth, today: date) -> int | None:
    latest = health.latest
    return today.year - latest.year if latest else None
