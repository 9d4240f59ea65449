"""OCR of scans and photos: language pack by script and language, rotation and skew corrected,
word boxes mapped back onto the page. Inputs are scans made from text PDFs with known words."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from extraction.ocr import probe_score
from extraction.ocr.engine import OcrWord, TesseractCommand, TesseractLibrary
from extraction.pipeline import extract_bytes
from extraction.readers import read_document
from extraction.types import ExtractionConfig
from tests.extraction.reading.builders import Placed, placed_pdf, text_pdf
from tests.fixtures.documents import generate_document
from tests.fixtures.scan import page_images, photo, scanned_pdf, scanned_tiff

CONFIG = ExtractionConfig()

# Words (including dates) each language's scan must give back, and the pack that reads them.
EXPECTED = {
    "en": (["Certificate", "4411", "31", "March", "2027", "London"], "eng"),
    "de": (["Zertifikat", "Gültig", "31.03.2027", "München", "Qualitätsprüfung"], "deu"),
    "fr": (["Certificat", "système", "société", "jusqu'au", "2027", "Délivré"], "fra"),
    "es": (["Certificado", "certificación", "García", "Válido", "2027", "Madrid"], "spa"),
    "zh": (["营业执照", "上海华通物流有限公司", "2019年05月20日", "2039年05月19日"], "chi_sim"),
}


def _squashed(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_scanned_pages_are_read_with_the_language_pack_of_their_script_and_language(
    language, sample_pdfs
):
    scan = scanned_pdf(sample_pdfs[language], seed=7)
    document = read_document(scan, CONFIG)
    page = document.pages[0]
    words, pack = EXPECTED[language]
    assert page.ocr
    assert page.ocr_language == pack
    text = page.text if language != "zh" else _squashed(page.text)
    for word in words:
        assert word in text


@pytest.mark.parametrize(("language", "turn"), [("de", 90), ("en", 180), ("fr", 270)])
def test_pages_scanned_sideways_or_upside_down_are_turned_upright(language, turn, sample_pdfs):
    scan = scanned_pdf(sample_pdfs[language], seed=3, turn=turn)
    page = read_document(scan, CONFIG).pages[0]
    assert page.rotation == (360 - turn) % 360
    assert EXPECTED[language][0][0] in page.text


def test_ocr_word_boxes_land_where_the_words_were_drawn_despite_skew():
    placed = [
        Placed("Certificate", 80, 150, 16),
        Placed("Expiry", 320, 420, 16),
        Placed("31.03.2027", 330, 700, 16),
    ]
    pdf = placed_pdf(placed)
    truth = {
        w.text: w.bbox for line in read_document(pdf, CONFIG).pages[0].lines for w in line.words
    }
    page = read_document(scanned_pdf(pdf, seed=5, skew=1.2), CONFIG).pages[0]
    assert page.skew == pytest.approx(-1.2, abs=0.3)
    found = {w.text: w.bbox for line in page.lines for w in line.words}
    for word in ("Certificate", "Expiry", "31.03.2027"):
        assert word in found, page.text
        # the scan tilted the page about its centre, so the word moved with it
        want = _tilted_box(truth[word], 1.2, page.width, page.height)
        for got, expected in zip(found[word], want, strict=True):
            assert got == pytest.approx(expected, abs=4)


def _tilted_box(box, degrees, width, height):
    """Where a box lands when the page turns counter-clockwise by ``degrees`` about its centre."""
    cx, cy, t = width / 2, height / 2, math.radians(degrees)
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    xs = [cx + (x - cx) * math.cos(t) + (y - cy) * math.sin(t) for x, y in corners]
    ys = [cy - (x - cx) * math.sin(t) + (y - cy) * math.cos(t) for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def test_a_mixed_pdf_ocrs_only_its_image_only_pages(sample_pdfs):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(sample_pdfs["en"])))
    writer.append(PdfReader(io.BytesIO(scanned_pdf(sample_pdfs["de"], seed=1))))
    buffer = io.BytesIO()
    writer.write(buffer)
    result = extract_bytes(buffer.getvalue(), "mixed.pdf", CONFIG)
    assert result.errors == ()
    assert (result.pages, result.ocr_pages) == (2, 1)


def test_a_phone_photo_with_exif_orientation_is_read(sample_pdfs):
    image = photo(sample_pdfs["es"], seed=2, exif_turn=90)
    document = read_document(image, CONFIG)
    assert document.content_type == "image/jpeg"
    page = document.pages[0]
    assert page.ocr_language == "spa"
    for word in ("Certificado", "2027", "Madrid"):
        assert word in page.text


def test_every_frame_of_a_multipage_tiff_is_a_page():
    pdf = text_pdf([["Page one says Certificate"], ["Page two says Expiry 2027"]])
    document = read_document(scanned_tiff(pdf, seed=4, skew=0.0), CONFIG)
    assert [p.number for p in document.pages] == [1, 2]
    assert all(p.ocr for p in document.pages)
    assert "Certificate" in document.pages[0].text
    assert "Expiry" in document.pages[1].text


def test_a_blank_scan_is_not_ocred_and_fails_with_a_reason():
    blank = Image.new("L", (2480, 3508), 250)
    buffer = io.BytesIO()
    blank.save(buffer, format="PDF", resolution=300.0)
    document = read_document(buffer.getvalue(), CONFIG)
    assert document.pages[0].ocr and document.pages[0].ocr_language is None
    result = extract_bytes(buffer.getvalue(), "blank.pdf", CONFIG)
    assert result.errors == ("no text could be read from the document (its pages are blank)",)


def test_the_library_and_command_line_engines_read_the_same_words(sample_pdfs):
    library = TesseractLibrary.load()
    if library is None:
        pytest.skip("libtesseract is not installed as a shared library")
    image = page_images(sample_pdfs["en"])[0].crop((100, 150, 1800, 420))
    via_library = [w.text for w in library.recognise(image, "eng", 300)]
    via_command = [w.text for w in TesseractCommand().recognise(image, "eng", 300)]
    assert via_library == via_command
    assert "Certificate" in via_library


def _overlay(background: bytes, foreground: bytes) -> bytes:
    """One page: ``foreground``'s page drawn over ``background``'s page."""
    writer = PdfWriter(clone_from=io.BytesIO(background))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(foreground)).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_scan_under_a_garbage_text_layer_is_ocred(sample_pdfs):
    garbage = text_pdf([["#$%&*@!^~|/<> " * 8, "}{][)(§±=+_ " * 8]])
    page = read_document(_overlay(scanned_pdf(sample_pdfs["en"], seed=2), garbage), CONFIG).pages[0]
    assert page.ocr
    assert "Certificate" in page.text


def test_a_scan_under_a_real_text_layer_is_never_ocred(sample_pdfs):
    searchable = _overlay(scanned_pdf(sample_pdfs["fr"], seed=2), sample_pdfs["de"])
    page = read_document(searchable, CONFIG).pages[0]
    assert not page.ocr
    assert "Qualitätsprüfung" in page.text


def _word(text: str, confidence: float) -> OcrWord:
    return OcrWord(text, 0, 0, 10, 10, confidence, 1, 1, 1)


def test_a_probe_of_two_chinese_words_is_enough_to_judge_but_two_latin_words_are_not():
    assert probe_score([_word("营业", 92), _word("收入", 88)]) == pytest.approx(90)
    assert probe_score([_word("Net", 92), _word("income", 88)]) == 0.0


@pytest.mark.parametrize("turn", [0, 180])
def test_a_chinese_page_of_figures_under_table_rules_is_read_the_right_way_up(turn):
    document = generate_document("financial_statement", "zh", "dev", 3)
    scan = scanned_pdf(document.text_pdf(), seed=document.seed, turn=turn)
    page = read_document(scan, CONFIG).pages[2]
    assert page.rotation == (360 - turn) % 360
    assert "所得税费用" in _squashed(page.text)
