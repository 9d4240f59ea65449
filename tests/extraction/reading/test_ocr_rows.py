"""OCR lines on one row of the page are joined, as a text layer has them (a table read from a
photo taken at an angle still gives "NPS 47 40 46")."""

from __future__ import annotations

from extraction.document import Line, Word
from extraction.ocr.lines import merge_rows, page_slope


def line(text: str, left: float, top: float, slope: float = 0.0, height: float = 8.0) -> Line:
    """A line whose words are 40 pt apart, each a little lower than the last by ``slope``."""
    words = []
    for number, word in enumerate(text.split()):
        x = left + 40 * number
        y = top + slope * (x - left)
        words.append(Word(word, (x, y, x + 30, y + height), 0.9))
    boxes = [w.bbox for w in words if w.bbox]
    box = (boxes[0][0], min(b[1] for b in boxes), boxes[-1][2], max(b[3] for b in boxes))
    return Line(text, tuple(words), box)


def slanted_table(slope: float) -> tuple[Line, ...]:
    """Tesseract's order for a KPI table: the label column as one block, the figures as
    another; every row drops by ``slope`` per point to the right."""
    labels = [line(t, 90, 100 + 16 * n) for n, t in enumerate(("NPS", "Incidents", "Uptime"))]
    figures = [
        line(t, 330, 100 + 16 * n + slope * 240, slope)
        for n, t in enumerate(("47 40 46", "13 5 13", "99.8% 99.9% 99.7%"))
    ]
    heading = line("Customer satisfaction and service levels this quarter", 90, 70, slope)
    return (heading, *labels, *figures)


def test_a_label_column_and_its_figures_become_one_line_per_row():
    merged = merge_rows(slanted_table(0.0))
    assert [m.text for m in merged] == [
        "Customer satisfaction and service levels this quarter",
        "NPS 47 40 46",
        "Incidents 13 5 13",
        "Uptime 99.8% 99.9% 99.7%",
    ]
    nps = merged[1]
    assert [w.text for w in nps.words] == ["NPS", "47", "40", "46"]
    assert nps.bbox == (90, 100, 440, 108)


def test_rows_of_a_photo_taken_at_an_angle_still_meet():
    # 0.025 pt down per pt right: the figures sit 6 pt lower than their labels, most of a line
    table = slanted_table(0.025)
    assert abs(page_slope(table) - 0.025) < 1e-9
    texts = [m.text for m in merge_rows(table)]
    assert texts[1:] == ["NPS 47 40 46", "Incidents 13 5 13", "Uptime 99.8% 99.9% 99.7%"]


def test_lines_that_overlap_across_or_sit_between_rows_stay_apart():
    prose = (
        line("Left column of a letter", 90, 100),
        line("continues here", 90, 116),
        line("A note half a line lower", 260, 108),  # between the two rows
        line("Left column of a letter overlapped", 150, 100),  # overlaps the first horizontally
    )
    assert [m.text for m in merge_rows(prose)] == [m.text for m in prose]


def test_lines_without_boxes_pass_through():
    plain = (Line("no boxes here"), line("Valid until 31 March 2027", 90, 100))
    assert merge_rows(plain) == plain
