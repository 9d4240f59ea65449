"""Scanned and photographed documents through OCR: a few documents, as a check that runs in the
suite; `make bench-extraction` measures more. Needs the degradation module
``tests.fixtures.scan`` and tesseract."""

import shutil

import pytest

from extraction import extract_bytes
from tests.fixtures.documents import generate_document, variants

pytestmark = pytest.mark.skipif(
    "scan" not in variants() or shutil.which("tesseract") is None,
    reason="needs tests.fixtures.scan and tesseract",
)

CASES = [
    ("certification", "en"),
    ("certification", "de"),
    ("certification", "zh"),
    ("insurance_certificate", "fr"),
    ("business_licence", "es"),
]


@pytest.mark.parametrize(("doc_type", "language"), CASES)
def test_scanned_document_type_and_expiry(doc_type, language):
    document = generate_document(doc_type, language, "eval", 5000)
    scanned = variants()["scan"](document.text_pdf(), document.seed)
    result = extract_bytes(scanned, f"{document.id}-scan.pdf")
    assert result.ocr_pages >= 1
    assert result.doc_type == doc_type
    expiry = result.fields.get("expiry_date")
    assert (expiry.value if expiry else None) == document.fields["expiry_date"]


def test_photographed_certificate_expiry():
    document = generate_document("certification", "en", "eval", 5001)
    photo = variants()["photo"](document.text_pdf(), document.seed)
    result = extract_bytes(photo, f"{document.id}-photo.jpg")
    assert result.doc_type == "certification"
    assert result.fields["expiry_date"].value == document.fields["expiry_date"]


def test_scanned_chinese_statement_figures():
    # its figure pages carry table rules, which once drew the orientation probe and left the
    # pages read upside down
    document = generate_document("financial_statement", "zh", "eval", 5000)
    scanned = variants()["scan"](document.text_pdf(), document.seed)
    result = extract_bytes(scanned, f"{document.id}-scan.pdf")
    for name in ("revenue", "net_income", "total_assets"):
        assert result.fields[name].value == document.fields[name]
