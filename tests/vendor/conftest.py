"""Helpers for the vendor's pages: documents in a given state with extracted fields."""

from __future__ import annotations

import hashlib
import io
import itertools
from typing import Any

import pytest

from portal.core.db import db
from portal.documents.models import Document, ExtractedField

XSS_PAYLOADS = (
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    '<div hx-get="/vendor/profile" hx-trigger="load">x</div>',
)

_numbers = itertools.count(1)


def multipart(fields: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for `client.post` with a multipart body built in memory.

    (The test client spools bodies over 500 kB to a temporary file that it never closes, which
    `filterwarnings = error` turns into a failure.) Values: str, or a list of (name, bytes).
    """
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    data: MultiDict[str, Any] = MultiDict()
    for key, value in fields.items():
        if isinstance(value, list):
            for filename, content in value:
                data.add(key, FileStorage(io.BytesIO(content), filename=filename))
        else:
            data.add(key, value)
    boundary, body = encode_multipart(data)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def make_document(app: Any) -> Any:
    """`make_document(vendor, state="extracted", fields={"expiry_date": "2028-03-31"}, ...)`."""

    def make(
        vendor: Any,
        state: str = "extracted",
        fields: dict[str, Any] | None = None,
        evidence: str | None = None,
        **values: Any,
    ) -> Document:
        n = next(_numbers)
        document = Document(
            vendor_id=vendor.id,
            original_filename=values.pop("original_filename", f"document-{n}.pdf"),
            storage_key=f"test/{n}-{vendor.id}",
            sha256=hashlib.sha256(f"{n}".encode()).hexdigest(),
            size=1000,
            media_type="application/pdf",
            state=state,
            **values,
        )
        db.session.add(document)
        db.session.flush()
        for name, value in (fields or {}).items():
            db.session.add(
                ExtractedField(
                    document_id=document.id,
                    name=name,
                    value=value,
                    evidence=evidence if evidence is not None else f"{name}: {value}",
                    page=1,
                    confidence=0.9,
                )
            )
        db.session.commit()
        return document

    return make
