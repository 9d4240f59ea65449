"""Type by content, not by name: what is refused and what is read."""

from __future__ import annotations

import pytest

from extraction.errors import ExtractionError
from extraction.readers.sniff import DOCX, PDF, PNG, TEXT, sniff_content_type
from tests.extraction.reading.builders import docx, paragraph, text_pdf


def test_a_pdf_is_recognised_by_its_header_whatever_its_name():
    assert sniff_content_type(text_pdf([["Hello"]])) == PDF


def test_a_docx_is_recognised_by_its_parts():
    assert sniff_content_type(docx(paragraph("Hello"))) == DOCX


def test_png_magic_is_recognised():
    assert sniff_content_type(b"\x89PNG\r\n\x1a\n" + b"\0" * 20) == PNG


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain ASCII text", TEXT),
        ("Gültig bis 31.03.2027".encode(), TEXT),
        ("\ufeff有效期至2027年3月31日".encode("utf-8"), TEXT),
        ("有效期至2027年3月31日".encode("utf-16"), TEXT),
        ("营业执照 有效期至2027年3月31日".encode("gb18030"), TEXT),
    ],
)
def test_text_in_the_accepted_encodings_is_text(data, expected):
    assert sniff_content_type(data) == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"MZ\x90\x00\x03" + b"\0" * 100, "Windows executable"),
        (b"\x7fELF\x02\x01\x01" + b"\0" * 100, "Linux executable"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "SVG"),
        (b"<?xml version='1.0'?><svg><script>alert(1)</script></svg>", "SVG"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
        (b"  <html><script>alert(1)</script>%PDF-1.7", "HTML"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Office"),
        (b"#!/bin/sh\nrm -rf /\n", "script"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 50, "not a supported"),
    ],
)
def test_dangerous_and_unknown_types_are_refused_with_a_message_naming_them(data, words):
    with pytest.raises(ExtractionError, match=words):
        sniff_content_type(data)


def test_a_pdf_header_behind_other_bytes_is_refused():
    with pytest.raises(ExtractionError, match="before its PDF header"):
        sniff_content_type(b"JUNKJUNK" + text_pdf([["Hello"]]))
