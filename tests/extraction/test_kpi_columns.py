"""A KPI figure is read from the column it stands under (by the word boxes), not by counting
values from the right: OCR of a photographed table drops cells."""

from extraction.document import Line, Page, TextDocument, Word
from extraction.fields.kpis import extract_kpis


def _line(*cells: tuple[str, float]) -> Line:
    """A line of words, each given with the x where it starts (7 points per character)."""
    words = []
    for text, left in cells:
        for offset, part in enumerate(text.split(" ")):
            x = left + offset * 40
            words.append(Word(part, (x, 100.0, x + 7 * len(part), 110.0)))
    return Line(" ".join(w.text for w in words), tuple(words), None)


def _kpis(*lines: Line, ocr: bool = True) -> dict[str, float | int | str]:
    page = Page(1, lines, ocr, 595.0, 842.0)
    return {k: v.value for k, v in extract_kpis(TextDocument((page,))).items()}


HEADER = _line(("Kennzahl", 50), ("Vorquartal", 250), ("Istwert", 350), ("Zielwert", 450))


def test_a_row_missing_a_cell_is_read_under_the_actual_column():
    # "Zielwert" is empty for NPS: counting from the right would take 73 (Vorquartal)
    row = _line(("NPS", 50), ("73", 260), ("71", 360))
    assert _kpis(HEADER, row)["nps"] == 71


def test_a_figure_dropped_by_ocr_under_the_actual_column_gives_no_value():
    # the actual figure was not read; 10 stands under "Vorquartal" and must not be taken
    row = _line(("Sicherheitsvorfälle", 50), ("10", 260))
    assert "incidents" not in _kpis(HEADER, row)


def test_a_full_row_is_read_under_the_actual_column():
    row = _line(("Systemverfügbarkeit", 50), ("96,8 %", 255), ("99,832 %", 350), ("99 %", 455))
    assert _kpis(HEADER, row)["sla_uptime"] == 99.832


def test_without_word_boxes_the_values_are_counted_from_the_right():
    header = Line("Kennzahl Vorquartal Istwert Zielwert")
    row = Line("NPS 70 71 60")
    assert _kpis(header, row, ocr=False)["nps"] == 71
