"""Demo data for the reviewer's workbench: a logistics vendor in onboarding whose two required
documents wait in the review queue (one expiry date was misread: the highlighted evidence shows
the right one), and a critical vendor's agreement that needs two approvals.

Evidence boxes are the real ones: each file is read with the extraction library's text layer
(no OCR) and each value's box is the box of its words on the page. Safe to run twice.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from extraction.document import Line
from extraction.fields.evidence import words_box
from extraction.readers import read_document
from extraction.types import ExtractionConfig
from portal.core.db import db, utcnow
from portal.core.storage import current_storage
from portal.demo.documents import pdf_with_lines
from portal.documents.models import Document, ExtractedField
from portal.review.fields import refresh_review_summary
from portal.review.queue import review_due_date
from portal.vendors.models import Vendor, VendorContact

NORDLICHT = "Nordlicht Logistik GmbH"
RHEINWERK = "Rheinwerk Datenservice GmbH"


@dataclass(frozen=True)
class ReviewDocument:
    vendor: str
    filename: str
    kind: str
    doc_type: str
    lines: tuple[str, ...]
    # name -> (value as read, the text on the page it was read from, confidence)
    fields: dict[str, tuple[Any, str, float]] = field(default_factory=dict)
    waiting_days: int = 1


def _expiry(today: date) -> date:
    return date(today.year + 1, 6, 30)


def documents(today: date) -> tuple[ReviewDocument, ...]:
    expiry = _expiry(today)
    misread = expiry.replace(year=expiry.year - 1)  # the year the reader got wrong
    return (
        ReviewDocument(
            NORDLICHT,
            "Versicherungsbestaetigung-Nordlicht.pdf",
            "insurance_certificate",
            "insurance_certificate",
            (
                "VERSICHERUNGSBESTÄTIGUNG",
                "Verkehrshaftungsversicherung",
                "Versicherungsnehmer: Nordlicht Logistik GmbH, Hamburg",
                "Versicherungsschein-Nr.: VH-2291-04",
                "Deckungssumme: 2.500.000 EUR",
                f"Versicherungszeitraum bis {expiry:%d.%m.%Y}",
            ),
            {
                "holder_name": ("Nordlicht Logistik GmbH", "Nordlicht Logistik GmbH", 0.93),
                "document_number": ("VH-2291-04", "VH-2291-04", 0.96),
                "expiry_date": (misread.isoformat(), f"{expiry:%d.%m.%Y}", 0.58),
            },
            waiting_days=3,
        ),
        ReviewDocument(
            NORDLICHT,
            "Handelsregisterauszug-Nordlicht.pdf",
            "business_licence",
            "business_licence",
            (
                "HANDELSREGISTERAUSZUG",
                "Amtsgericht Hamburg, HRB 178204",
                "Firma: Nordlicht Logistik GmbH",
                "Sitz: Hamburg",
                "Gegenstand: Spedition und Lagerhaltung",
            ),
            {
                "holder_name": ("Nordlicht Logistik GmbH", "Nordlicht Logistik GmbH", 0.91),
                "document_number": ("HRB 178204", "HRB 178204", 0.88),
                "issuer_name": ("Amtsgericht Hamburg", "Amtsgericht Hamburg", 0.74),
            },
        ),
        ReviewDocument(
            RHEINWERK,
            "Auftragsverarbeitungsvertrag.pdf",
            "data_processing_agreement",
            "contract",
            (
                "VERTRAG ZUR AUFTRAGSVERARBEITUNG",
                "zwischen Vendor Portal Demo AG und Rheinwerk Datenservice GmbH",
                "Es gilt deutsches Recht.",
                f"Laufzeit bis {expiry:%d.%m.%Y}",
            ),
            {
                "governing_law": ("Germany", "deutsches Recht", 0.81),
                "expiry_date": (expiry.isoformat(), f"{expiry:%d.%m.%Y}", 0.9),
            },
        ),
    )


def _boxes(content: bytes) -> list[Line]:
    document = read_document(content, ExtractionConfig(ocr=False))
    return [line for page in document.pages[:1] for line in page.lines]


def _box(lines: list[Line], text: str) -> list[float] | None:
    for line in lines:
        start = line.text.find(text)
        if start >= 0:
            box = words_box(line, start, start + len(text))
            return list(box) if box else None
    return None


def _vendor() -> tuple[Vendor, int]:
    vendor = db.session.scalar(select(Vendor).where(Vendor.legal_name == NORDLICHT))
    if vendor is not None:
        return vendor, 0
    vendor = Vendor(
        legal_name=NORDLICHT,
        registration_number="HRB 178204",
        country="DE",
        category="logistics",
        criticality="low",
        preferred_language="de",
        status="onboarding",
    )
    db.session.add(vendor)
    db.session.flush()
    db.session.add(
        VendorContact(
            vendor_id=vendor.id,
            name="Jonas Becker",
            email="jonas.becker@nordlicht.example",
            language="de",
            position="Geschäftsführer",
            is_primary=True,
        )
    )
    return vendor, 2


def load_review_demo(vendors: dict[str, Vendor], owner_id: int | None, today: date) -> int:
    vendor, created = _vendor()
    if vendor.owner_id is None:
        vendor.owner_id = owner_id
    everyone = {**vendors, NORDLICHT: vendor}
    storage = current_storage()
    now = utcnow()
    for spec in documents(today):
        owner = everyone.get(spec.vendor)
        if owner is None:
            continue
        exists = db.session.scalar(
            select(Document.id).where(
                Document.vendor_id == owner.id, Document.original_filename == spec.filename
            )
        )
        if exists:
            continue
        content = pdf_with_lines(list(spec.lines))
        sha256 = hashlib.sha256(content).hexdigest()
        key = f"demo/{sha256}"
        storage.put(key, io.BytesIO(content), "application/pdf")
        lines = _boxes(content)
        submitted = now - timedelta(days=spec.waiting_days)
        document = Document(
            vendor_id=owner.id,
            kind=spec.kind,
            declared_type=spec.doc_type,
            detected_type=spec.doc_type,
            original_filename=spec.filename,
            storage_key=key,
            sha256=sha256,
            size=len(content),
            media_type="application/pdf",
            state="in_review",
            language="de",
            pages=1,
            extracted_at=submitted,
            submitted_at=submitted,
        )
        expiry = spec.fields.get("expiry_date")
        document.expiry_date = date.fromisoformat(expiry[0]) if expiry else None
        for name, (value, evidence, confidence) in spec.fields.items():
            line = next((line.text for line in lines if evidence in line.text), evidence)
            document.fields.append(
                ExtractedField(
                    kind="clause" if name == "governing_law" else "field",
                    name=name,
                    value=value,
                    raw_value=evidence,
                    confidence=confidence,
                    page=1,
                    bbox=_box(lines, evidence),
                    evidence=line,
                    source="extracted",
                )
            )
        db.session.add(document)
        db.session.flush()
        document.review_due_on = review_due_date(document, submitted)
        refresh_review_summary(document.id)
        created += 1
    db.session.flush()
    return created
