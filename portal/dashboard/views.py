"""`/dashboard`: the managers' overview, with charts."""

from __future__ import annotations

from typing import Any

from flask import render_template

from portal.auth.access import staff_required
from portal.dashboard.service import dashboard
from portal.lifecycle.blueprint import bp
from portal.lifecycle.charts import bar_chart
from portal.lifecycle.forms import today
from portal.risks.register import heat_map
from portal.risks.views import CATEGORY_LABELS


@bp.get("/dashboard")
@staff_required
def manager_dashboard() -> Any:
    data = dashboard(today())
    return render_template(
        "dashboard/index.html",
        data=data,
        band_chart=bar_chart([(b.capitalize(), n) for b, n in data.by_band.items()], "band"),
        status_chart=bar_chart([(s.capitalize(), n) for s, n in data.by_status.items()]),
        risk_chart=bar_chart([(CATEGORY_LABELS[c], n) for c, n in data.risks.items()], "risk"),
        expiry_chart=bar_chart(list(data.expiring), "expiry"),
        grid=heat_map(),
        categories=CATEGORY_LABELS,
    )
