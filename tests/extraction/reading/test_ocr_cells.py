"""Figures of table rows that the page's OCR misread or dropped are read again from the image
(one line, digits only) and replace what was read only when the re-read is clean."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from extraction.ocr.cells import is_figure, reread_cells
from extraction.ocr.engine import OcrWord, TesseractCommand, TesseractLibrary, default_engine
from tests.extraction.reading.builders import LATIN_FONT

ROWS = (
    ("KPI", "Previous", "Actual", "Target"),
    ("On-time delivery", "92.7%", "95.9%", "95%"),
    ("NPS", "40", "47", "46"),
    ("Number of incidents", "9", "13", "12"),
    ("Service availability", "99.7%", "99.863%", "99.5%"),
)


def table_image() -> Image.Image:
    """A KPI table at 300 dpi, 10 pt text: a label column and three figure columns."""
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(LATIN_FONT), 42)
    draw.text((150, 60), "Quarterly business review of Greenfield Components", font=font)
    for number, row in enumerate(ROWS):
        y = 200 + 110 * number
        draw.text((150, y), row[0], font=font)
        for column, text in enumerate(row[1:]):
            draw.text((1000 + 420 * column, y), text, font=font)
    return image


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[OcrWord]]:
    image = table_image()
    words = default_engine().recognise(image, "eng", 300)
    texts = [w.text for w in words]
    assert "13" in texts and "47" in texts  # the clean page reads every figure
    return image, words


def _row_texts(words: list[OcrWord], label: str) -> list[str]:
    anchor = next(w for w in words if w.text == label)
    middle = anchor.top + anchor.height / 2
    same_row = [w for w in words if w.top <= middle <= w.top + w.height]
    return [w.text for w in sorted(same_row, key=lambda w: w.left)]


def test_a_clean_table_is_not_read_again(page):
    # nor its header: a short row without figures, but its words stand over the figure columns
    image, words = page
    out, stats = reread_cells(default_engine(), image, words, "eng", 300)
    assert stats.attempted == 0
    assert out == words


def test_a_misread_figure_is_read_again_and_mended(page):
    image, words = page
    damaged = [replace(w, text="a3", confidence=40.0) if w.text == "13" else w for w in words]
    out, stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert stats.replaced == 1
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]
    assert "a3" not in [w.text for w in out]


def test_a_dropped_figure_is_read_again_and_put_back_in_its_place(page):
    image, words = page
    damaged = [w for w in words if w.text != "47"]
    out, stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert stats.attempted == 1 and stats.replaced == 1
    assert _row_texts(out, "NPS") == ["NPS", "40", "47", "46"]
    mended = next(w for w in out if w.text == "47")
    original = next(w for w in words if w.text == "47")
    assert abs(mended.left - original.left) < 15 and abs(mended.top - original.top) < 15


def test_a_row_whose_figures_were_all_dropped_gets_them_back(page):
    image, words = page
    damaged = [w for w in words if w.text not in {"40", "47", "46"}]
    out, stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert stats.replaced == 1
    assert _row_texts(out, "NPS") == ["NPS", "40", "47", "46"]


def test_a_speckled_scan_is_cleaned_before_the_row_is_read_again(page):
    image, words = page
    speckled = image.copy()
    rng = random.Random(5)
    for _ in range(6000):  # single dark pixels, as a scanner leaves them on white paper
        speckled.putpixel((rng.randrange(speckled.width), rng.randrange(speckled.height)), 60)
    damaged = [replace(w, text="LL", confidence=30.0) if w.text == "13" else w for w in words]
    out, stats = reread_cells(default_engine(), speckled, damaged, "eng", 300)
    assert stats.replaced == 1
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]


def test_a_reread_that_contradicts_a_clean_figure_is_not_taken(page):
    image, words = page
    # the page "read" 41 where the image says 40: a re-read cannot keep 41, so nothing changes
    damaged = [replace(w, text="41") if w.text == "40" else w for w in words if w.text != "47"]
    out, stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert stats.attempted == 1 and stats.replaced == 0
    assert out == damaged


@pytest.mark.parametrize(
    ("text", "figure"),
    [("13", True), ("-4", True), ("95,1", True), ("99.863%", True), ("a3", False), ("LE", False)],
)
def test_what_counts_as_a_clean_figure(text, figure):
    assert is_figure(text) is figure


def test_both_engines_read_a_row_of_figures_with_the_whitelist(page):
    image, _words = page
    row = image.crop((980, 410, 2000, 480))  # the NPS row's figures
    texts = [
        [w.text for w in engine.read_line(row, "eng", 300, "0123456789.,%-+")]
        for engine in (TesseractLibrary.load(), TesseractCommand())
        if engine is not None
    ]
    assert texts and all(t == ["40", "47", "46"] for t in texts)


class ScriptedEngine:
    """Answers ``read_line`` with prepared words: how sure tesseract is of each figure of a
    re-read cannot be arranged with a real image, so the merge rules are checked with this."""

    def __init__(self, *reads: list[OcrWord]) -> None:
        self.reads = list(reads)
        self.whitelists: list[str] = []

    def read_line(self, image, language, dpi, characters):
        self.whitelists.append(characters)
        return self.reads.pop(0)

    def recognise(self, image, language, dpi):
        raise AssertionError("only rows are read again")

    def available_languages(self):
        return frozenset({"eng"})


def _reread_word(text: str, left: int, confidence: float) -> OcrWord:
    # in the crop's pixels (a row this low is enlarged twice before it is read)
    return OcrWord(text, 2 * left, 20, 120, 80, confidence, 1, 1, 1)


def _crop_left(words: list[OcrWord], label: str) -> int:
    """Where the re-read crop of the row labelled ``label`` starts, in page pixels."""
    anchor = next(w for w in words if w.text == label)
    return anchor.left + anchor.width + max(2, anchor.height // 3)


def _incidents_row(words: list[OcrWord]) -> tuple[list[OcrWord], dict[str, int]]:
    """The page with the incidents row's "13" misread as "a3", and where each of that row's
    figures stands in the re-read crop."""
    damaged = [replace(w, text="a3", confidence=40.0) if w.text == "13" else w for w in words]
    shift = _crop_left(words, "incidents")
    at = {w.text: w.left - shift for w in words if w.text in {"9", "13", "12"}}
    return damaged, at


def test_a_clean_figure_the_reread_is_unsure_of_stands_beside_the_cell_it_mends(page):
    image, words = page
    damaged, at = _incidents_row(words)
    # "9" misread as "8" without confidence, "13" read surely, "12" agreed
    read = [("8", at["9"], 55.0), ("13", at["13"], 91.0), ("12", at["12"], 93.0)]
    engine = ScriptedEngine([_reread_word(*r) for r in read])
    out, stats = reread_cells(engine, image, damaged, "eng", 300)
    assert stats.replaced == 1
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]


def test_a_sure_reread_that_contradicts_a_clean_figure_changes_nothing(page):
    image, words = page
    damaged, at = _incidents_row(words)
    read = [("8", at["9"], 90.0), ("13", at["13"], 91.0), ("12", at["12"], 93.0)]
    engine = ScriptedEngine([_reread_word(*r) for r in read])
    out, stats = reread_cells(engine, image, damaged, "eng", 300)
    assert stats.replaced == 0 and out == damaged


def test_a_whitelisted_reread_without_confidence_is_kept_when_a_plain_read_agrees(page):
    image, words = page
    damaged, at = _incidents_row(words)
    whitelisted = [_reread_word(t, at[t], 0.0) for t in ("9", "13", "12")]
    plain = [_reread_word(t, at[t], 90.0) for t in ("9", "13", "12")]
    engine = ScriptedEngine(whitelisted, plain)
    out, stats = reread_cells(engine, image, damaged, "eng", 300)
    assert engine.whitelists == ["0123456789.,%-+", ""]
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]
    # a plain read that disagrees vouches for nothing
    disagreeing = [_reread_word(r, at[t], 90.0) for r, t in zip(("9", "18", "12"), at, strict=True)]
    engine = ScriptedEngine([_reread_word(t, at[t], 0.0) for t in ("9", "13", "12")], disagreeing)
    out, stats = reread_cells(engine, image, damaged, "eng", 300)
    assert stats.replaced == 0


def test_when_no_row_was_read_whole_the_rows_together_show_every_column(page):
    image, words = page
    # each row lost a different cell: no row has three figures, but three columns have figures
    damaged = [w for w in words if w.text not in {"92.7%", "47", "12", "99.5%"}]
    out, _stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert _row_texts(out, "NPS") == ["NPS", "40", "47", "46"]
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]


def test_a_row_read_whole_again_sends_the_rows_missing_that_column_to_be_read_again(page):
    image, words = page
    # the middle column was dropped everywhere, and the last row lost its last cell too: only
    # the last row looks short until its re-read shows a third column
    damaged = [w for w in words if w.text not in {"95.9%", "47", "13", "99.863%", "99.5%"}]
    out, _stats = reread_cells(default_engine(), image, damaged, "eng", 300)
    assert _row_texts(out, "NPS") == ["NPS", "40", "47", "46"]
    assert _row_texts(out, "incidents") == ["Number", "of", "incidents", "9", "13", "12"]
