"""DOCX paragraphs, tables and page breaks; plain text in UTF-8, UTF-16 and GB18030."""

from __future__ import annotations

import pytest

from extraction.readers import read_document
from extraction.types import ExtractionConfig
from tests.extraction.reading.builders import docx, paragraph, table

CONFIG = ExtractionConfig()


def test_docx_paragraphs_and_table_rows_become_lines():
    data = docx(
        paragraph("Service Agreement")
        + table([["Party", "Acme Ltd"], ["Term", "24 months"]])
        + paragraph("Governed by the laws of Singapore.")
    )
    document = read_document(data, CONFIG)
    lines = [line.text for line in document.pages[0].lines]
    assert lines == [
        "Service Agreement",
        "Party\tAcme Ltd",
        "Term\t24 months",
        "Governed by the laws of Singapore.",
    ]
    assert [w.text for w in document.pages[0].lines[2].words] == ["Term", "24", "months"]


def test_docx_page_breaks_start_new_pages():
    data = docx(paragraph("Page one") + paragraph("Page two", page_break_before=True))
    document = read_document(data, CONFIG)
    assert [p.text for p in document.pages] == ["Page one", "Page two"]


def test_docx_headers_are_read_with_the_first_page():
    header = (
        '<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main">' + paragraph("Issued by TÜV Süd") + "</w:hdr>"
    )
    data = docx(paragraph("Certificate"), extra={"word/header1.xml": header.encode()})
    assert read_document(data, CONFIG).pages[0].text == "Issued by TÜV Süd\nCertificate"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Gültig bis 31.03.2027\nAusgestellt".encode(), "Gültig bis 31.03.2027"),
        ("有效期至2027年3月31日\r\n第二行".encode("utf-16"), "有效期至2027年3月31日"),
        ("\ufeffValid until 2027".encode(), "Valid until 2027"),
        ("营业执照\n有效期至2027年3月31日".encode("gb18030"), "营业执照"),
    ],
)
def test_plain_text_is_decoded_by_bom_then_utf8_then_gb18030(data, expected):
    document = read_document(data, CONFIG)
    assert document.pages[0].lines[0].text == expected
    assert document.content_type == "text/plain"


def test_form_feeds_split_plain_text_into_pages():
    document = read_document(b"one\ftwo\fthree", CONFIG)
    assert [p.text for p in document.pages] == ["one", "two", "three"]
