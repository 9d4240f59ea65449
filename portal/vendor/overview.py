"""What the vendor home shows: status, checklist, and what needs the vendor's attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.auth.access import Principal
from portal.auth.tenancy import tenant_filter
from portal.core.db import db
from portal.documents.models import Document, ExtractedField
from portal.requirements.catalog import KINDS
from portal.requirements.checklist import (
    EXPIRING_WITHIN_DAYS,
    ChecklistItem,
    onboarding_complete,
    vendor_checklist,
)
from portal.vendors.models import Vendor


@dataclass(frozen=True)
class VendorOverview:
    vendor: Vendor
    checklist: list[ChecklistItem]
    complete: bool
    # Approved documents that expire within the horizon (or have expired) and are not renewed.
    expiring: list[Document]
    # Documents a reviewer sent back (changes requested, rejected), newest first.
    reviewer_requests: list[Document]
    # Read and waiting for the vendor to check and send for review.
    to_check: list[Document]
    failed: list[Document]
    in_flight: int

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.checklist if item.status == "missing"]

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.checklist if item.satisfied)


def vendor_documents(principal: Principal) -> list[Document]:
    """The caller's organisation's documents, newest first (scoped in SQL)."""
    stmt = tenant_filter(select(Document), Document.vendor_id, principal).order_by(
        Document.id.desc()
    )
    return list(db.session.scalars(stmt))


def renewed_ids(documents: list[Document]) -> set[int]:
    """Documents that a newer upload (not refused) is replacing."""
    return {
        d.supersedes_id
        for d in documents
        if d.supersedes_id is not None and d.state not in ("rejected", "failed")
    }


def overview(principal: Principal, vendor: Vendor, today: date) -> VendorOverview:
    documents = vendor_documents(principal)
    renewed = renewed_ids(documents)
    horizon = today + timedelta(days=EXPIRING_WITHIN_DAYS)
    expiring = sorted(
        (
            d
            for d in documents
            if d.state in ("approved", "expired")
            and d.expiry_date is not None
            and d.expiry_date <= horizon
            and d.id not in renewed
        ),
        key=lambda d: d.expiry_date or today,
    )
    checklist = vendor_checklist(vendor, today)
    return VendorOverview(
        vendor=vendor,
        checklist=checklist,
        complete=onboarding_complete(checklist),
        expiring=expiring,
        reviewer_requests=[
            d
            for d in documents
            if d.state in ("changes_requested", "rejected") and d.id not in renewed
        ][:10],
        to_check=[d for d in documents if d.state == "extracted"],
        failed=[d for d in documents if d.state == "failed" and d.id not in renewed][:5],
        in_flight=sum(1 for d in documents if d.state in ("uploaded", "queued", "extracting")),
    )


def kind_label(kind: str | None) -> object:
    from portal.i18n import lazy_gettext as _l

    if kind is None:
        return _l("Type not chosen yet")
    found = KINDS.get(kind)
    return found.label if found else kind


def flagged_count(document: Document) -> int:
    return (
        db.session.scalar(
            select(func.count(ExtractedField.id)).where(
                ExtractedField.document_id == document.id, ExtractedField.flagged_at.is_not(None)
            )
        )
        or 0
    )
