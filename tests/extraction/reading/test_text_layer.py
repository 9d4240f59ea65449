"""PDF text layers: words with boxes where they were drawn, and never OCR'd."""

from __future__ import annotations

import pytest

from extraction.readers import read_document
from extraction.readers.text_quality import page_needs_ocr, text_layer_is_garbage
from extraction.types import ExtractionConfig
from tests.extraction.reading.builders import Placed, placed_pdf, text_pdf
from tests.extraction.reading.conftest import SAMPLES

CONFIG = ExtractionConfig()


def _find(document, text):
    return [
        w for page in document.pages for line in page.lines for w in line.words if w.text == text
    ]


def test_word_boxes_land_where_the_words_were_drawn():
    pdf = placed_pdf([Placed("Expiry", 100, 200, 12), Placed("2027-03-31", 300, 600, 12)])
    document = read_document(pdf, CONFIG)
    (expiry,) = _find(document, "Expiry")
    (date,) = _find(document, "2027-03-31")
    # y is measured from the top; the baseline is the box's bottom edge (glyph descent aside)
    assert expiry.bbox[0] == pytest.approx(100, abs=2)
    assert expiry.bbox[3] == pytest.approx(200, abs=3)
    assert 200 - 12 <= expiry.bbox[1] < 200
    assert date.bbox[0] == pytest.approx(300, abs=2)
    assert date.bbox[3] == pytest.approx(600, abs=3)
    page = document.pages[0]
    assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.1)


def test_text_layer_pages_are_read_without_ocr_and_keep_their_order():
    pdf = text_pdf([["First page text here"], ["Second page"], ["Third page"]])
    document = read_document(pdf, CONFIG)
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert not any(p.ocr for p in document.pages)
    assert document.pages[1].text == "Second page"
    assert document.content_type == "application/pdf"


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_text_layer_in_every_language_reads_back_exactly(language, sample_pdfs):
    document = read_document(sample_pdfs[language], CONFIG)
    text = document.text.replace("\n", " ")
    for paragraph in SAMPLES[language]:
        for token in paragraph.split()[:6]:
            assert token in text


def test_chinese_text_layer_lines_are_not_split_by_spaces(sample_pdfs):
    document = read_document(sample_pdfs["zh"], CONFIG)
    assert "上海华通物流有限公司" in document.text
    assert "2019年05月20日至2039年05月19日" in document.text


def test_lines_are_separate_when_words_sit_on_different_baselines():
    pdf = placed_pdf([Placed("Holder", 60, 100), Placed("Issuer", 60, 140)])
    lines = read_document(pdf, CONFIG).pages[0].lines
    assert [line.text for line in lines] == ["Holder", "Issuer"]


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        ("Certificate of registration valid until 2027", False),
        ("营业执照 有效期", False),
        ("", True),
        ("   \n ", True),
        ("\ufffd\ufffd\ufffd\ufffd abc", True),
        ("\ue000\ue001\ue002\ue003\ue004 de", True),
        ("#$%&*@!^~|\\/<>" * 3 + "ab", True),
    ],
)
def test_garbage_text_layers_are_told_apart_from_real_text(text, garbage):
    assert text_layer_is_garbage(text) is garbage


def test_a_scanned_page_with_only_a_stamp_of_text_needs_ocr_but_a_real_page_does_not():
    assert page_needs_ocr("Page 1", image_coverage=0.95)
    assert not page_needs_ocr("Page 1", image_coverage=0.0)
    long_text = "This certificate confirms the management system complies. " * 3
    assert not page_needs_ocr(long_text, image_coverage=0.95)
