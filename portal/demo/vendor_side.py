"""Demo data for the vendor's side: contacts, documents in several states (with what was read
and a reviewer's message), addresses, KPI reporting. Safe to run twice (natural keys)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from portal.core.config import settings
from portal.core.db import db, utcnow
from portal.core.storage import current_storage, new_key
from portal.documents.models import Document, ExtractedField
from portal.kpis.models import KpiDefinition, KpiReport, KpiSchedule, KpiValue
from portal.kpis.periods import period_containing
from portal.vendors.models import Vendor, VendorContact

HUAXIN = "Shenzhen Huaxin Logistics Co., Ltd."
RHEINWERK = "Rheinwerk Datenservice GmbH"
ATLANTICO = "Servicios Atlántico S.L."

ADDRESSES = {
    HUAXIN: "广东省深圳市南山区科技园南路 18 号\n18 Keji South Road, Nanshan, Shenzhen, Guangdong",
    RHEINWERK: "Rheinuferstraße 12\n40213 Düsseldorf\nDeutschland",
    ATLANTICO: "Calle de Alcalá 120\n28009 Madrid\nEspaña",
}


@dataclass(frozen=True)
class DemoContact:
    vendor: str
    name: str
    email: str
    language: str
    position: str


# The same people as the reminders' demo where they overlap (looked up by e-mail).
CONTACTS = (
    DemoContact(HUAXIN, "Li Wei", "li.wei@huaxin.example", "zh", "合规经理"),
    DemoContact(HUAXIN, "Zhang Min", "zhang.min@huaxin.example", "zh", "运营总监"),
    DemoContact(RHEINWERK, "Anna Schmidt", "anna.schmidt@rheinwerk.example", "de", "Compliance"),
    DemoContact(ATLANTICO, "Lucía García", "lucia.garcia@atlantico.example", "es", "Gerente"),
)


@dataclass(frozen=True)
class DemoDocument:
    vendor: str
    filename: str
    kind: str | None
    state: str
    lines: tuple[str, ...]
    detected_type: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    review_note: str | None = None
    last_error: str | None = None


DOCUMENTS = (
    DemoDocument(
        HUAXIN,
        "营业执照.pdf",
        "business_licence",
        "approved",
        ("Business licence", "Shenzhen Huaxin Logistics Co., Ltd.", "91440300MA5F0XXX1K"),
        "business_licence",
        {
            "holder_name": "Shenzhen Huaxin Logistics Co., Ltd.",
            "document_number": "91440300MA5F0XXX1K",
        },
    ),
    DemoDocument(
        HUAXIN,
        "Cargo insurance certificate 2025.pdf",
        "insurance_certificate",
        "changes_requested",
        ("CERTIFICATE OF INSURANCE", "Insured: Shenzhen Huaxin Logistics", "Policy No. PIC-2025-"),
        "insurance_certificate",
        {"holder_name": "Shenzhen Huaxin Logistics", "expiry_date": "2026-12-31"},
        review_note=(
            "The policy number is cut off at the bottom of the page. Please upload the complete "
            "certificate, all pages."
        ),
    ),
    DemoDocument(
        HUAXIN,
        "Logistics services agreement.pdf",
        None,
        "extracted",
        ("LOGISTICS SERVICES AGREEMENT", "Governing law: Singapore", "Notice: 60 days"),
        "contract",
        {
            "parties": ["Vendor Portal Demo AG", "Shenzhen Huaxin Logistics Co., Ltd."],
            "effective_date": "2025-01-01",
            "governing_law": "Singapore",
            "termination_notice_days": 6,
            "payment_terms_days": 45,
        },
    ),
    DemoDocument(
        RHEINWERK,
        "ISO 27001 Zertifikat.pdf",
        "iso27001_certificate",
        "in_review",
        (
            "ZERTIFIKAT",
            "ISO/IEC 27001:2022",
            "Rheinwerk Datenservice GmbH",
            "gültig bis 31.03.2028",
        ),
        "certification",
        {"standard": "ISO/IEC 27001:2022", "expiry_date": "2028-03-31"},
    ),
    DemoDocument(
        ATLANTICO,
        "escritura-escaneada.pdf",
        None,
        "failed",
        ("(scan)",),
        last_error="the scan is too blurred to read",
    ),
)


def _pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF showing `lines` (Latin-1; other text stands in as '?')."""
    text = "\n".join(
        "({}) Tj T*".format(
            line.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )
        for line in lines
    )
    stream = f"BT /F1 12 Tf 16 TL 72 760 Td\n{text}\nET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.7\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def _contacts(vendors: dict[str, Vendor]) -> int:
    created = 0
    for spec in CONTACTS:
        vendor = vendors.get(spec.vendor)
        if vendor is None:
            continue
        exists = db.session.scalar(
            select(VendorContact.id).where(
                VendorContact.vendor_id == vendor.id, VendorContact.email == spec.email
            )
        )
        if exists:
            continue
        first = not db.session.scalar(
            select(VendorContact.id).where(VendorContact.vendor_id == vendor.id)
        )
        db.session.add(
            VendorContact(
                vendor_id=vendor.id,
                name=spec.name,
                email=spec.email,
                language=spec.language,
                position=spec.position,
                receives_reminders=True,
                is_primary=first,
            )
        )
        db.session.flush()
        created += 1
    return created


def _documents(vendors: dict[str, Vendor]) -> int:
    created = 0
    for spec in DOCUMENTS:
        vendor = vendors.get(spec.vendor)
        if vendor is None:
            continue
        exists = db.session.scalar(
            select(Document.id).where(
                Document.vendor_id == vendor.id, Document.original_filename == spec.filename
            )
        )
        if exists:
            continue
        content = _pdf(spec.lines)
        key = new_key()
        stored = current_storage().put(key, io.BytesIO(content), "application/pdf")
        done = spec.state not in ("uploaded", "queued", "extracting", "failed")
        document = Document(
            vendor_id=vendor.id,
            kind=spec.kind,
            detected_type=spec.detected_type,
            original_filename=spec.filename,
            storage_key=key,
            sha256=hashlib.sha256(content).hexdigest(),
            size=stored.size,
            media_type="application/pdf",
            state=spec.state,
            attempts=1,
            pages=1,
            review_note=spec.review_note,
            last_error=spec.last_error,
            extracted_at=utcnow() if done else None,
            submitted_at=utcnow()
            if spec.state in ("in_review", "changes_requested", "approved")
            else None,
            review_due_on=utcnow().date() + timedelta(days=settings().review_due_days)
            if spec.state == "in_review"
            else None,
            expiry_date=date.fromisoformat(spec.fields["expiry_date"])
            if "expiry_date" in spec.fields
            else None,
        )
        db.session.add(document)
        db.session.flush()
        for name, value in spec.fields.items():
            db.session.add(
                ExtractedField(
                    document_id=document.id,
                    kind="clause"
                    if name in ("governing_law", "termination_notice_days", "payment_terms_days")
                    else "field",
                    name=name,
                    value=value,
                    raw_value=str(value),
                    evidence=next((line for line in spec.lines if str(value)[:6] in line), None),
                    confidence=0.8,
                    page=1,
                )
            )
        created += 1
    return created


def _kpis(vendors: dict[str, Vendor], today: date) -> int:
    vendor = vendors.get(HUAXIN)
    if vendor is None or db.session.get(KpiSchedule, vendor.id) is not None:
        return 0
    year_ago = period_containing(today - timedelta(days=365), "quarterly")
    db.session.add(
        KpiSchedule(vendor_id=vendor.id, frequency="quarterly", starts_on=year_ago.start)
    )
    # The oldest quarter is reported and validated; the later ones are due.
    report = KpiReport(
        vendor_id=vendor.id,
        frequency="quarterly",
        period_start=year_ago.start,
        period_end=year_ago.end,
        status="validated",
        validated_at=utcnow(),
        note="含春节假期影响。",
    )
    codes = {"on_time_delivery_rate": 96.4, "nps": 38, "incidents": 2, "sla_uptime": 99.9}
    for definition in db.session.scalars(select(KpiDefinition)):
        if definition.code in codes:
            report.values.append(
                KpiValue(definition_id=definition.id, value=codes[definition.code])
            )
    db.session.add(report)
    db.session.flush()
    return 2


def load_vendor_side_demo(vendors: dict[str, Vendor], today: date) -> int:
    """Contacts, addresses, documents in several states and KPI reporting; rows created."""
    for name, address in ADDRESSES.items():
        if name in vendors and not vendors[name].address:
            vendors[name].address = address
    return _contacts(vendors) + _documents(vendors) + _kpis(vendors, today)
