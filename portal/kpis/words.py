"""What report statuses and frequencies are called, and how a period is named."""

from __future__ import annotations

from babel.dates import format_skeleton
from flask_babel import get_locale

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
    """ "Q1 2026" / "2026年第1季度" / "T1 2026"; "March 2026" / "2026年3月" / "März 2026"."""
    skeleton = "yQQQ" if period.frequency == "quarterly" else "yMMMM"
    return str(format_skeleton(skeleton, period.start, locale=get_locale() or "en"))
