"""Object kinds of this feature for `@vendor_object` (see portal.auth.tenancy)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.tenancy import NO_VENDOR, OBJECT_KINDS, register_object_kind
from portal.kpis.models import KpiDefinition, KpiReport


def _report_owner(session: Session, report_id: int) -> int | None:
    return session.scalar(select(KpiReport.vendor_id).where(KpiReport.id == report_id))


def _definition_owner(session: Session, definition_id: int) -> int | None:
    # KPI definitions belong to no vendor: staff only.
    return NO_VENDOR if session.get(KpiDefinition, definition_id) else None


def register() -> None:
    if "kpi_report" not in OBJECT_KINDS:
        register_object_kind("kpi_report", _report_owner)
        register_object_kind("kpi_definition", _definition_owner)
