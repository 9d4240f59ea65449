"""The reviewer's workbench in tests: vendors with requirements, documents in review with
extracted values (and a real PDF behind them, for the page images)."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from portal.core.db import db, utcnow
from portal.core.storage import current_storage
from portal.documents.models import Document, ExtractedField
from portal.requirements.models import Requirement
from portal.vendors.models import VendorContact
from tests.support.documents import CERTIFICATE_LINES, text_pdf
from tests.vendor.conftest import make_document  # noqa: F401  (a fixture)

_numbers = itertools.count(1)


@pytest.fixture
def requirements(app: Any) -> None:
    """Every vendor needs an ISO/IEC 27001 certificate and an insurance certificate."""
    db.session.execute(update(Requirement).values(active=False))
    db.session.add_all(
        [
            Requirement(name="Security certificate", kinds=["iso27001_certificate"]),
            Requirement(name="Insurance", kinds=["insurance_certificate"]),
        ]
    )
    db.session.commit()


@pytest.fixture
def in_review(app: Any) -> Any:
    """`in_review(vendor, kind=..., fields={name: (value, confidence, bbox)})` with a stored PDF."""

    def make(
        vendor: Any,
        kind: str = "iso27001_certificate",
        fields: dict[str, tuple[Any, float, list[float] | None]] | None = None,
        lines: list[str] | None = None,
        **values: Any,
    ) -> Document:
        n = next(_numbers)
        content = text_pdf([lines or CERTIFICATE_LINES])
        key = f"test/review-{n}-{vendor.id}"
        current_storage().put(key, io.BytesIO(content), "application/pdf")
        now = utcnow()
        document = Document(
            vendor_id=vendor.id,
            kind=kind,
            declared_type="certification" if kind == "iso27001_certificate" else None,
            original_filename=values.pop("original_filename", f"certificate-{n}.pdf"),
            storage_key=key,
            sha256=f"{n:064d}",
            size=len(content),
            media_type="application/pdf",
            state=values.pop("state", "in_review"),
            pages=1,
            submitted_at=values.pop("submitted_at", now),
            review_due_on=values.pop("review_due_on", now.date()),
            **values,
        )
        db.session.add(document)
        db.session.flush()
        spec = (
            fields
            if fields is not None
            else {
                "expiry_date": ("2028-03-31", 0.62, [72.0, 150.0, 180.0, 162.0]),
                "document_number": ("4411-ISMS", 0.97, [72.0, 122.0, 200.0, 134.0]),
            }
        )
        for name, (value, confidence, bbox) in spec.items():
            db.session.add(
                ExtractedField(
                    document_id=document.id,
                    name=name,
                    value=value,
                    raw_value=str(value),
                    evidence=f"{name}: {value}",
                    confidence=confidence,
                    page=1,
                    bbox=bbox,
                )
            )
        db.session.flush()
        document.min_confidence = min((c for _v, c, _b in spec.values()), default=1.0)
        expiry = spec.get("expiry_date", (None,))[0]
        if document.expiry_date is None and isinstance(expiry, str) and len(expiry) == 10:
            document.expiry_date = date.fromisoformat(expiry)
        db.session.commit()
        return document

    return make


@pytest.fixture
def contact(app: Any) -> Any:
    def make(vendor: Any, email: str, language: str = "en") -> VendorContact:
        person = VendorContact(
            vendor_id=vendor.id, name=email.split("@")[0].title(), email=email, language=language
        )
        db.session.add(person)
        db.session.commit()
        return person

    return make


def audit_rows(action: str, object_id: int | None = None) -> list[Any]:
    from portal.audit.models import AuditEvent

    db.session.expire_all()
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == str(object_id))
    return list(db.session.scalars(query))
