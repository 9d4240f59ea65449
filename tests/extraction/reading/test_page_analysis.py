"""The cheap looks before OCR (no tesseract): blankness, line direction, skew, probe band,
language cues, and the geometry that maps boxes back onto the page."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from extraction.ocr.geometry import Correction, apply, corrected_image
from extraction.ocr.language import guess_latin_language, han_share
from extraction.ocr.page_analysis import analyse_layout, probe_band, without_rules
from tests.extraction.reading.builders import text_pdf
from tests.extraction.reading.conftest import SAMPLES
from tests.fixtures.scan import page_images

LATIN = ("en", "de", "fr", "es")


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return page_images(text_pdf([SAMPLES["en"] * 4]), 300)[0]


def test_a_blank_page_is_blank():
    assert analyse_layout(Image.new("L", (2480, 3508), 245), 300).blank


@pytest.mark.parametrize("tilt", [-3.0, -1.0, 0.0, 2.0, 4.5])
def test_skew_is_measured_as_the_turn_that_straightens_the_page(page, tilt):
    tilted = page.rotate(tilt, expand=True, fillcolor=255)
    layout = analyse_layout(tilted, 300)
    assert not layout.vertical_lines
    assert layout.skew == pytest.approx(-tilt, abs=0.25)


def test_lines_running_down_the_page_are_seen_as_a_quarter_turn(page):
    assert analyse_layout(page.rotate(90, expand=True), 300).vertical_lines


def test_the_probe_band_holds_a_couple_of_text_lines(page):
    left, top, right, bottom = probe_band(page, 300, lines=2, max_width_inches=3.5)
    assert 0 < bottom - top < 300  # two lines of 12 pt at 300 dpi, not a paragraph
    assert right - left <= 3.5 * 300 + 30  # plus a margin of a few pixels each side


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 2.5])
def test_a_point_of_the_corrected_image_maps_back_to_the_same_ink(rotation, skew):
    image = Image.new("L", (400, 300), 255)
    image.paste(0, (50, 40, 60, 50))  # a 10 px square centred on (55, 45)
    upright, matrix = corrected_image(image, Correction(rotation, skew))
    pixels = upright.load()
    dark = [
        (x + 0.5, y + 0.5)
        for y in range(upright.height)
        for x in range(upright.width)
        if pixels[x, y] < 128
    ]
    cx = sum(p[0] for p in dark) / len(dark)
    cy = sum(p[1] for p in dark) / len(dark)
    assert apply(matrix, cx, cy) == pytest.approx((55, 45), abs=1)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Valid until 31 March 2027. Issued on 1 April 2024 in London.", "en"),
        ("Gultig bis 31.03.2027. Ausgestellt am 01.04.2024 in Munchen.", "de"),
        ("Valable jusqu'au 31 mars 2027. Délivré le 2 avril 2024 à Lyon.", "fr"),
        ("Valido hasta el 31 de marzo de 2027. Emitido el 2 de abril de 2024.", "es"),
        ("ISO 9001:2015", None),
    ],
)
def test_the_language_of_a_probe_is_told_by_its_cues(text, language):
    assert guess_latin_language(text, LATIN) == language


def test_only_configured_languages_are_guessed():
    assert guess_latin_language("Gultig bis 31.03.2027 und für die Gesellschaft", ("en",)) is None


def test_han_share_counts_han_among_letters():
    assert han_share("营业执照 ABC") == pytest.approx(4 / 7)


def test_a_table_rule_broken_by_scan_noise_is_taken_out_of_the_ink_but_text_is_not():
    mask = np.zeros((3, 200), dtype=bool)
    mask[0, 10:190] = True
    mask[0, 50] = mask[0, 120] = False  # a rule with a few specks of paper showing through
    mask[1, :] = np.tile([True] * 8 + [False] * 3, 19)[:200]  # letters with gaps between them
    kept = without_rules(mask, 75)
    assert not kept[0].any()
    assert (kept[1] == mask[1]).all()


def test_the_probe_band_reads_the_labels_of_a_figure_page_not_its_table_rule():
    page = page_images(text_pdf([["Revenue", "", "", "", "", "Net income"]]), 300)[0]
    pixels = np.asarray(page).copy()
    rule_top = 120
    pixels[rule_top : rule_top + 6, 150:2300] = 0  # a thick rule across the table
    pixels[rule_top : rule_top + 6, 700:703] = 255  # broken here and there by the scan
    _, top, _, bottom = probe_band(Image.fromarray(pixels), 300, 2, 3.5)
    assert not top <= rule_top <= bottom
    assert bottom - top > 20  # a line of text
