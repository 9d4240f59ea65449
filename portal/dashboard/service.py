"""What the managers' dashboard counts: vendors by band and status, risks by category,
documents expiring per month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.core.db import db
from portal.documents.models import Document
from portal.kpis.periods import Period
from portal.risks.register import risks_by_category
from portal.scorecards.performance import latest_ended, scorecard
from portal.scorecards.scoring import BAND_ORDER, Scorecard
from portal.vendors.models import VENDOR_STATUSES, Vendor

MONTHS_AHEAD = 12


@dataclass(frozen=True)
class VendorRow:
    vendor: Vendor
    card: Scorecard


@dataclass(frozen=True)
class Dashboard:
    quarter: Period
    vendors: tuple[VendorRow, ...]
    by_band: dict[str, int]
    by_status: dict[str, int]
    risks: dict[str, int]
    expiring: tuple[tuple[str, int], ...]  # (YYYY-MM, count)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def expiring_per_month(today: date, months: int = MONTHS_AHEAD) -> list[tuple[str, int]]:
    start = date(today.year, today.month, 1)
    end = _add_months(start, months)
    days = db.session.scalars(
        select(Document.expiry_date).where(
            Document.state == "approved",
            Document.expiry_date >= start,
            Document.expiry_date < end,
        )
    )
    counts = Counter(f"{d:%Y-%m}" for d in days if d is not None)
    return [
        (f"{_add_months(start, i):%Y-%m}", counts.get(f"{_add_months(start, i):%Y-%m}", 0))
        for i in range(months)
    ]


def dashboard(today: date) -> Dashboard:
    quarter = latest_ended(today)
    vendors = db.session.scalars(
        select(Vendor).where(Vendor.status != "invited").order_by(Vendor.legal_name)
    ).all()
    rows = tuple(VendorRow(v, scorecard(v, quarter)) for v in vendors)
    bands = Counter(row.card.band or "missing" for row in rows)
    statuses = {
        status: count
        for status, count in db.session.execute(
            select(Vendor.status, func.count(Vendor.id)).group_by(Vendor.status)
        )
    }
    return Dashboard(
        quarter=quarter,
        vendors=rows,
        by_band={b: bands.get(b, 0) for b in (*BAND_ORDER, "missing")},
        by_status={s: statuses.get(s, 0) for s in VENDOR_STATUSES},
        risks=risks_by_category(),
        expiring=tuple(expiring_per_month(today)),
    )
