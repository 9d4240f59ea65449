"""What report statuses and frequencies are called, and how a period is named."""

from __future__ import annotations

from flask_babel import format_date

from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.kpis.periods import Period

REPORT_STATUSES: dict[str, object] = {
    "submitted": _l("Submitted, waiting for validation"),
    "validated": _l("Validated"),
    "returned": _l("Returned for correction"),
}
FREQUENCIES: dict[str, object] = {
    "monthly": _l("Monthly"),
    "quarterly": _l("Quarterly"),
}


def period_label(period: Period) -> str:
    """ "Q1 2026" / "2026年第1季度"; "March 2026" / "2026年3月", in the reader's language."""
    if period.frequency == "quarterly":
        return str(gettext("Q%(quarter)d %(year)d", quarter=period.quarter, year=period.start.year))
    return str(format_date(period.start, "LLLL y"))
