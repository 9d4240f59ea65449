"""The vendor blueprint; its views live in the *_views modules beside it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint

bp = Blueprint("vendor", __name__, url_prefix="/vendor")


@bp.app_context_processor
def _vendor_words() -> dict[str, Any]:
    """Helpers for the vendor's templates (also the KPI pages and e-mails that share them)."""
    from portal.kpis.words import period_label
    from portal.requirements.catalog import KINDS
    from portal.vendor.overview import kind_label
    from portal.vendor.words import document_state, requirement_name

    def kind_names(kinds: Iterable[str]) -> str:
        from portal.i18n import gettext

        return str(gettext(", ")).join(str(KINDS[k].label) if k in KINDS else k for k in kinds)

    return {
        "state_words": document_state,
        "kind_label": kind_label,
        "kind_names": kind_names,
        "requirement_name": lambda item: requirement_name(item.name),
        "period_label": period_label,
    }
