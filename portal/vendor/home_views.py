"""`/vendor/`: the organisation's status and what is missing, expiring or sent back."""

from __future__ import annotations

from typing import Any

from flask import render_template

from portal.auth.access import require_principal, vendor_required
from portal.kpis.service import due_periods
from portal.vendor.blueprint import bp
from portal.vendor.context import current_vendor, today
from portal.vendor.overview import overview
from portal.vendor.words import CHECKLIST_STATUSES, VENDOR_STATUSES


@bp.get("/")
@vendor_required
def home() -> Any:
    vendor = current_vendor()
    day = today()
    return render_template(
        "vendor/home.html",
        view=overview(require_principal(), vendor, day),
        kpi_due=due_periods(vendor, day),
        vendor_words=VENDOR_STATUSES[vendor.status],
        checklist_words=CHECKLIST_STATUSES,
        today=day,
    )
