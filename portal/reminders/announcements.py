"""Expiries, lapses and escalations told to the channels admins chose (portal.integrations), in
the same transaction as the change they report: the delivery rows commit with it or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.documents.models import Document
from portal.integrations.service import announce
from portal.requirements.catalog import KINDS
from portal.vendors.models import Vendor


def _describe(document: Document) -> str:
    """The document as staff name it: its kind (in English: channels are shared), and file."""
    kind = KINDS.get(document.kind or "")
    with force_locale("en"):
        label = str(kind.label) if kind else (document.doc_type or "document").replace("_", " ")
    return f"{label} ({document.original_filename})"


def _documents(session: Session, ids: Iterable[int]) -> list[tuple[Document, str]]:
    rows = session.execute(
        select(Document, Vendor.legal_name)
        .join(Vendor, Vendor.id == Document.vendor_id)
        .where(Document.id.in_(list(ids)))
        .order_by(Document.id)
    ).all()
    return [(document, name) for document, name in rows]


def announce_expired(session: Session, document_ids: list[int]) -> None:
    for document, vendor_name in _documents(session, document_ids):
        expiry = document.expiry_date.isoformat() if document.expiry_date else "?"
        announce(
            "expiry",
            document.vendor_id,
            f"{vendor_name}: {_describe(document)} expired on {expiry}",
            f"The approved {_describe(document)} of {vendor_name} passed its expiry date "
            f"({expiry}). The vendor has been asked to upload a renewal.",
            f"/vendor/documents/{document.id}",
            dedupe_key=f"expiry:document:{document.id}:{expiry}",
            session=session,
        )


def announce_lapsed(session: Session, vendor_id: int, document_ids: list[int], today: date) -> None:
    documents = _documents(session, document_ids)
    vendor_name = session.scalar(select(Vendor.legal_name).where(Vendor.id == vendor_id)) or ""
    expired = "; ".join(_describe(d) for d, _name in documents) or "a required document"
    announce(
        "lapse",
        vendor_id,
        f"{vendor_name} lapsed: a required document expired",
        f"{vendor_name} is no longer active because a required document expired and was not "
        f"renewed: {expired}. It becomes active again once every requirement is met.",
        f"/vendor/documents/{documents[0][0].id}" if documents else None,
        dedupe_key=f"lapse:vendor:{vendor_id}:{today.isoformat()}",
        session=session,
    )


def announce_escalations(
    session: Session, escalations: Iterable[tuple[int, date, int, date]]
) -> None:
    """One announcement per escalated document: (document id, expiry date, escalation
    threshold in days, the day it escalated)."""
    escalated = {row[0]: row[1:] for row in escalations}
    for document, vendor_name in _documents(session, escalated) if escalated else []:
        anchor, threshold, today = escalated[document.id]
        overdue = (today - anchor).days
        announce(
            "escalation",
            document.vendor_id,
            f"{vendor_name}: {_describe(document)} expired {overdue} days ago, not renewed",
            f"The {_describe(document)} of {vendor_name} expired on {anchor.isoformat()} and no "
            f"renewal has been approved {overdue} days later. Follow up with the vendor or its "
            "owner.",
            f"/vendor/documents/{document.id}",
            dedupe_key=f"escalation:document:{document.id}:{anchor.isoformat()}:{threshold}",
            session=session,
        )
