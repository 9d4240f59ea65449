"""The scan and photo degradations other tests build on: deterministic by seed, shaped as
documented."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

from tests.extraction.reading.builders import text_pdf
from tests.fixtures.scan import photo, scanned_pdf, scanned_tiff


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v) for v in document[i].get_size()) for i in range(len(document))]
    finally:
        document.close()


def test_the_same_seed_gives_the_same_scan_and_another_seed_another():
    pdf = text_pdf([["Certificate valid until 2027"]])
    assert scanned_pdf(pdf, seed=3, dpi=100) == scanned_pdf(pdf, seed=3, dpi=100)
    assert scanned_pdf(pdf, seed=3, dpi=100) != scanned_pdf(pdf, seed=4, dpi=100)
    assert photo(pdf, seed=3, dpi=72) == photo(pdf, seed=3, dpi=72)


def test_a_scan_keeps_the_page_count_and_a_quarter_turn_swaps_width_and_height():
    pdf = text_pdf([["one"], ["two"]])
    assert _page_sizes(scanned_pdf(pdf, dpi=100)) == [(595, 842), (595, 842)]
    assert _page_sizes(scanned_pdf(pdf, turn=90, dpi=100)) == [(842, 595), (842, 595)]


def test_a_scanned_pdf_has_no_text_layer():
    document = pdfium.PdfDocument(scanned_pdf(text_pdf([["Certificate valid until 2027"]])))
    assert document[0].get_textpage().count_chars() == 0


def test_a_tiff_scan_has_a_frame_per_page_at_the_given_resolution():
    image = Image.open(io.BytesIO(scanned_tiff(text_pdf([["one"], ["two"]]), dpi=200)))
    assert image.n_frames == 2
    assert round(image.info["dpi"][0]) == 200


def test_a_photo_stores_turned_pixels_with_an_exif_orientation():
    data = photo(text_pdf([["Certificate"]]), exif_turn=90)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.getexif()[0x0112] == 6
    assert image.width > image.height  # stored sideways; shown upright
