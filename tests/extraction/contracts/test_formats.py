"""The same contracts as PDF (text layer, Latin and CJK), DOCX and scan: values come with the
page they are on and their box on that page."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

import pytest

from extraction import ExtractionConfig, extract_bytes
from tests.extraction.reading.builders import docx, text_pdf
from tests.fixtures.scan import scanned_pdf

from .conftest import FIXTURES
from .test_fixture_contracts import CHINESE, ENGLISH, GERMAN

CONFIG = ExtractionConfig(today=date(2024, 6, 1), declared_type="contract")
KEYS = (
    "effective_date",
    "expiry_date",
    "holder_name",
    "governing_law",
    "auto_renewal",
    "renewal_term_months",
    "non_renewal_notice_days",
    "termination_notice_days",
    "payment_terms_days",
    "sla_uptime",
    "audit_rights",
)


def _paragraph_pages(name: str) -> list[list[str]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return [[line for line in chunk.split("\n") if line.strip()] for chunk in text.split("\f")]


def _found(result_json: dict) -> dict:
    sections = (result_json["fields"], result_json["clauses"])
    return {k: v["value"] for section in sections for k, v in section.items()}


@pytest.mark.parametrize(
    ("name", "truth", "cjk"),
    [
        ("dienstleistungsvertrag_de.txt", GERMAN, False),
        ("fuwu_xieyi_zh.txt", CHINESE, True),
        ("master_services_agreement_en.txt", ENGLISH, False),
    ],
    ids=["de", "zh", "en"],
)
def test_text_pdf_contracts_give_values_with_page_and_box(name, truth, cjk):
    pdf = text_pdf(_paragraph_pages(name), cjk=cjk, size=10)
    result = extract_bytes(pdf, "contract.pdf", CONFIG).to_json()
    found = _found(result)
    assert {k: found.get(k) for k in KEYS} == {k: truth[k] for k in KEYS}
    for section in ("fields", "clauses"):
        for key, value in result[section].items():
            x0, y0, x1, y1 = value["bbox"]
            assert 0 <= x0 < x1 <= 595.3 and 0 <= y0 < y1 <= 841.9, key  # on the A4 page
            assert 1 <= value["page"] <= result["pages"], key


def test_the_box_of_a_value_encloses_its_sentence_on_its_page():
    pdf = text_pdf(_paragraph_pages("dienstleistungsvertrag_de.txt"), size=10)
    result = extract_bytes(pdf, "contract.pdf", CONFIG)
    law = result.clauses["governing_law"]
    sla = result.clauses["sla_uptime"]
    assert law.page != sla.page or law.bbox != sla.bbox
    assert law.bbox is not None and law.bbox[3] - law.bbox[1] < 60  # a sentence, not a page


def test_docx_contract():
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for page in _paragraph_pages("master_services_agreement_en.txt")
        for line in page
    )
    result = extract_bytes(docx(body), "msa.docx", CONFIG).to_json()
    found = _found(result)
    assert {k: found.get(k) for k in KEYS} == {k: ENGLISH[k] for k in KEYS}


@pytest.mark.slow
def test_scanned_german_contract_is_read_through_ocr():
    pdf = text_pdf(_paragraph_pages("dienstleistungsvertrag_de.txt"), size=11)
    result = extract_bytes(scanned_pdf(pdf, seed=3), "scan.pdf", CONFIG).to_json()
    assert result["ocr_pages"] == result["pages"]
    found = _found(result)
    assert {k: found.get(k) for k in KEYS} == {k: GERMAN[k] for k in KEYS}
