"""Building the records lifecycle tests need: approved documents with reviewed fields,
validated KPI reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from portal.core.db import db, utcnow
from portal.documents.models import Document, ExtractedField
from portal.kpis.models import KpiDefinition, KpiReport, KpiValue
from portal.vendors.models import Vendor

_count = iter(range(1, 1_000_000))


def approved_document(
    vendor: Vendor,
    kind: str,
    doc_type: str,
    fields: dict[str, Any] | None = None,
    expiry: date | None = None,
    state: str = "approved",
    evidence: dict[str, str] | None = None,
) -> Document:
    n = next(_count)
    document = Document(
        vendor_id=vendor.id,
        kind=kind,
        declared_type=doc_type,
        original_filename=f"{kind}-{n}.pdf",
        storage_key=f"test/{kind}/{n}-{utcnow().timestamp()}",
        sha256=f"{n:064d}",
        size=100,
        media_type="application/pdf",
        state=state,
        expiry_date=expiry,
    )
    db.session.add(document)
    db.session.flush()
    for name, value in (fields or {}).items():
        db.session.add(
            ExtractedField(
                document_id=document.id,
                kind="clause"
                if name.startswith("sla_") or name.startswith("liability")
                else "field",
                name=name,
                raw_value=str(value),
                value=value,
                page=3,
                evidence=(evidence or {}).get(name),
                review_status="accepted",
            )
        )
    db.session.commit()
    return document


def validated_report(
    vendor: Vendor, start: date, end: date, frequency: str = "quarterly", **values: Any
) -> KpiReport:
    ids = {d.code: d.id for d in db.session.scalars(select(KpiDefinition))}
    report = KpiReport(
        vendor_id=vendor.id,
        frequency=frequency,
        period_start=start,
        period_end=end,
        status="validated",
        validated_at=utcnow(),
    )
    report.values = [
        KpiValue(definition_id=ids[k], value=Decimal(str(v))) for k, v in values.items()
    ]
    db.session.add(report)
    db.session.commit()
    return report
