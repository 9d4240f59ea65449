"""Demo documents: approved files that expire (or have expired) across the coming months, so the
reminder flow — reminders, the owner's contract deadline, lapse and escalation — shows at once.

Each file is generated (a one-page PDF, or a UTF-8 text file for Chinese), stored through the
storage interface under a key derived from its content, and recorded with the fields a reviewer
would have accepted. Expiry dates count from the day the demo is loaded; a document that exists
already (same vendor and file name) is left as it is, and a missing stored file is put back.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.core.db import db
from portal.core.storage import current_storage
from portal.documents.models import Document, ExtractedField
from portal.vendors.models import Vendor, VendorContact


@dataclass(frozen=True)
class DemoContact:
    vendor: str
    name: str
    email: str
    language: str
    position: str
    is_primary: bool = False


@dataclass(frozen=True)
class DemoDocument:
    vendor: str
    filename: str
    doc_type: str
    language: str
    lines: tuple[str, ...]
    expires_in_days: int | None  # from the day the demo is loaded; None: no expiry
    fields: dict[str, object] = field(default_factory=dict)
    clauses: dict[str, object] = field(default_factory=dict)


HUAXIN = "Shenzhen Huaxin Logistics Co., Ltd."
RHEINWERK = "Rheinwerk Datenservice GmbH"
ATLANTICO = "Servicios Atlántico S.L."

CONTACTS = (
    DemoContact(HUAXIN, "Li Wei", "li.wei@huaxin.example", "zh", "合规经理", True),
    DemoContact(
        RHEINWERK, "Anna Schmidt", "anna.schmidt@rheinwerk.example", "de", "Compliance", True
    ),
    DemoContact(RHEINWERK, "Claire Martin", "claire.martin@rheinwerk.example", "fr", "Finance"),
    DemoContact(ATLANTICO, "Lucía García", "lucia.garcia@atlantico.example", "es", "Gerente", True),
)

DOCUMENTS = (
    DemoDocument(
        RHEINWERK,
        "ISO-27001-Zertifikat.pdf",
        "certification",
        "de",
        (
            "ZERTIFIKAT",
            "Managementsystem für Informationssicherheit nach ISO/IEC 27001:2022",
            "Inhaber: Rheinwerk Datenservice GmbH, Köln",
            "Zertifikat-Nr.: DE-ISMS-20417",
            "Zertifizierungsstelle: Certa Prüforganisation GmbH",
            "Gültig bis: {expiry:%d.%m.%Y}",
        ),
        25,
        {"standard": "ISO/IEC 27001:2022", "document_number": "DE-ISMS-20417"},
    ),
    DemoDocument(
        RHEINWERK,
        "Betriebshaftpflicht-Versicherungsbestaetigung.pdf",
        "insurance_certificate",
        "de",
        (
            "VERSICHERUNGSBESTÄTIGUNG",
            "Betriebshaftpflichtversicherung",
            "Versicherungsnehmer: Rheinwerk Datenservice GmbH",
            "Versicherungsschein-Nr.: BHV-88213-07",
            "Deckungssumme: 5.000.000 EUR",
            "Versicherungszeitraum bis {expiry:%d.%m.%Y}",
        ),
        -10,  # expired: the active vendor lapses on the first run, and escalates after 14 days
        {"document_number": "BHV-88213-07"},
    ),
    DemoDocument(
        RHEINWERK,
        "Rahmenvertrag-Datenverarbeitung.pdf",
        "contract",
        "de",
        (
            "RAHMENVERTRAG ÜBER DATENVERARBEITUNGSLEISTUNGEN",
            "zwischen Vendor Portal Demo AG und Rheinwerk Datenservice GmbH",
            "Bei Störungen der Priorität 1 gilt eine Reaktionszeit von 4 Stunden.",
            "Der Vertrag endet am {expiry:%d.%m.%Y} und verlängert sich um 12 Monate,",
            "sofern er nicht mit einer Frist von 90 Tagen gekündigt wird.",
            "Der Auftragnehmer sichert eine Verfügbarkeit von 99.9 % pro Kalendermonat zu.",
            "Es gilt deutsches Recht.",
        ),
        150,  # its 90-day notice deadline is 60 days away: the owner is reminded
        {"parties": ["Vendor Portal Demo AG", "Rheinwerk Datenservice GmbH"]},
        {
            "non_renewal_notice_days": 90,
            "auto_renewal": True,
            "governing_law": "Germany",
            # The demo's measured outage falls below it: an SLA breach (portal.demo.lifecycle).
            "sla_uptime": 99.9,
            # The demo's last quarter reports 5.5 hours: a response-time breach.
            "sla_response_hours": 4,
        },
    ),
    DemoDocument(
        HUAXIN,
        "营业执照.txt",
        "business_licence",
        "zh",
        (
            "营业执照",
            "名称：深圳华信物流有限公司",
            "统一社会信用代码：91440300MA5F0XXX1K",
            "类型：有限责任公司",
            "营业期限：2016年05月12日至{expiry:%Y年%m月%d日}",
            "登记机关：深圳市市场监督管理局",
        ),
        75,
        {"document_number": "91440300MA5F0XXX1K", "issuer_name": "深圳市市场监督管理局"},
    ),
    DemoDocument(
        HUAXIN,
        "ISO-9001-certificate.pdf",
        "certification",
        "en",
        (
            "CERTIFICATE OF REGISTRATION",
            "Quality Management System - ISO 9001:2015",
            "Shenzhen Huaxin Logistics Co., Ltd.",
            "Certificate No.: CN-QMS-55102",
            "Expiry date: {expiry:%d %B %Y}",
        ),
        6,
        {"standard": "ISO 9001:2015", "document_number": "CN-QMS-55102"},
    ),
    DemoDocument(
        HUAXIN,
        "cargo-insurance-certificate.pdf",
        "insurance_certificate",
        "en",
        (
            "CERTIFICATE OF INSURANCE",
            "Cargo liability - Shenzhen Huaxin Logistics Co., Ltd.",
            "Policy No.: PICC-CL-2291-88",
            "Period of insurance: to {expiry:%d %B %Y}",
        ),
        -40,  # long expired: weekly reminders and an escalation to the admins
        {"document_number": "PICC-CL-2291-88"},
    ),
    DemoDocument(
        ATLANTICO,
        "certificado-seguro-responsabilidad-civil.pdf",
        "insurance_certificate",
        "es",
        (
            "CERTIFICADO DE SEGURO",
            "Responsabilidad civil profesional",
            "Tomador: Servicios Atlántico S.L.",
            "Póliza n.º: RC-2024-77310",
            "Vigencia hasta el {expiry:%d/%m/%Y}",
        ),
        120,  # nothing due yet: its first reminder comes in a month
        {"document_number": "RC-2024-77310"},
    ),
    DemoDocument(
        ATLANTICO,
        "cuentas-anuales.pdf",
        "financial_statement",
        "es",
        (
            "CUENTAS ANUALES",
            "Servicios Atlántico S.L. – Ejercicio cerrado a 31/12/2024",
            "Importe neto de la cifra de negocios: 4.250.000 EUR",
            "Resultado del ejercicio: 212.500 EUR",
            "Activo corriente: 1.450.000 EUR",
            "Total activo: 3.100.000 EUR",
            "Patrimonio neto: 1.400.000 EUR",
            "Pasivo corriente: 980.000 EUR",
            "Total pasivo: 1.700.000 EUR",
        ),
        None,
        # The reviewed values (extraction reads every figure, balance sheet included): the
        # scorecard shows net margin 5.0 %, debt ratio 54.8 %, current ratio 1.48.
        {
            "fiscal_year_end": "2024-12-31",
            "currency": "EUR",
            "revenue": 4_250_000,
            "net_income": 212_500,
            "current_assets": 1_450_000,
            "total_assets": 3_100_000,
            "total_equity": 1_400_000,
            "current_liabilities": 980_000,
            "total_liabilities": 1_700_000,
        },
    ),
)


def pdf_with_lines(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, WinAnsi), byte for byte reproducible."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "".join(f"({escape(line)}) Tj T*\n" for line in lines)
    stream = f"BT /F1 12 Tf 16 TL 72 770 Td\n{text}ET".encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def rendered_lines(spec: DemoDocument, expiry: date | None) -> list[str]:
    return [line.format(expiry=expiry) if expiry else line for line in spec.lines]


def render_file(spec: DemoDocument, expiry: date | None) -> tuple[bytes, str]:
    lines = rendered_lines(spec, expiry)
    if spec.filename.endswith(".txt"):
        return ("\n".join(lines) + "\n").encode("utf-8"), "text/plain"
    return pdf_with_lines(lines), "application/pdf"


def _contacts(vendors: dict[str, Vendor]) -> int:
    created = 0
    for spec in CONTACTS:
        vendor = vendors[spec.vendor]
        exists = db.session.scalar(
            select(VendorContact.id).where(
                VendorContact.vendor_id == vendor.id, VendorContact.email == spec.email
            )
        )
        if exists is None:
            db.session.add(
                VendorContact(
                    vendor_id=vendor.id,
                    name=spec.name,
                    email=spec.email,
                    language=spec.language,
                    position=spec.position,
                    is_primary=spec.is_primary,
                    receives_reminders=True,
                )
            )
            created += 1
    return created


def _fields(document: Document, spec: DemoDocument, expiry: date | None) -> None:
    """The values a reviewer accepted, each with the line of the file it stands on."""
    lines = rendered_lines(spec, expiry)
    expiry_line = next((n for n, line in enumerate(spec.lines) if "{expiry" in line), None)
    values: list[tuple[str, str, object, str | None]] = [
        (
            "field",
            "expiry_date",
            expiry.isoformat() if expiry else None,
            lines[expiry_line] if expiry_line is not None else None,
        ),
    ]
    for kind, items in (("field", spec.fields), ("clause", spec.clauses)):
        for name, value in items.items():
            evidence = next((line for line in lines if str(value) in line), None)
            values.append((kind, name, value, evidence))
    for kind, name, value, evidence in values:
        document.fields.append(
            ExtractedField(
                kind=kind,
                name=name,
                value=value,
                raw_value=evidence,
                confidence=1.0,
                page=1,
                evidence=evidence,
                source="reviewer",
            )
        )


def load_demo_documents(vendors: dict[str, Vendor], owner: User | None, today: date) -> int:
    """Contacts, the internal owner and documents of the demo vendors; returns the rows made."""
    session = db.session
    storage = current_storage()
    created = _contacts(vendors)
    for vendor in vendors.values():
        if vendor.owner_id is None and owner is not None:
            vendor.owner_id = owner.id
    for spec in DOCUMENTS:
        vendor = vendors[spec.vendor]
        document = session.scalar(
            select(Document).where(
                Document.vendor_id == vendor.id, Document.original_filename == spec.filename
            )
        )
        if document is not None:
            if not storage.exists(document.storage_key):  # the files folder was cleared
                expiry = document.expiry_date
                content, media_type = render_file(spec, expiry)
                storage.put(document.storage_key, io.BytesIO(content), media_type)
            continue
        expiry = (
            today + timedelta(days=spec.expires_in_days)
            if spec.expires_in_days is not None
            else None
        )
        content, media_type = render_file(spec, expiry)
        sha256 = hashlib.sha256(content).hexdigest()
        key = f"demo/{sha256}"
        storage.put(key, io.BytesIO(content), media_type)
        document = Document(
            vendor_id=vendor.id,
            declared_type=spec.doc_type,
            detected_type=spec.doc_type,
            original_filename=spec.filename,
            storage_key=key,
            sha256=sha256,
            size=len(content),
            media_type=media_type,
            state="approved",
            language=spec.language,
            pages=1,
            expiry_date=expiry,
        )
        _fields(document, spec, expiry)
        session.add(document)
        created += 1
    session.flush()
    return created
