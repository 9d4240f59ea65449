"""When OCR glues, damages or loses a KPI table's header words, the actual column is found from
the columns its figures stand in: named by the header words that were read, or the one column
left without a name."""

from extraction.document import Line, Page, TextDocument, Word
from extraction.fields.kpis import extract_kpis
from extraction.fields.table_columns import header_cells, span_centre, wanted_column


def _line(*words: tuple[str, float]) -> Line:
    """Words given with the x where each starts; 7 points per character."""
    placed = tuple(Word(text, (x, 100.0, x + 7 * len(text), 110.0)) for text, x in words)
    return Line(" ".join(w.text for w in placed), placed, None)


def _kpis(*lines: Line) -> dict[str, tuple[float | int | str, float]]:
    page = Page(1, lines, True, 595.0, 842.0)
    found = extract_kpis(TextDocument((page,)))
    return {k: (v.value, v.confidence) for k, v in found.items()}


# Three columns of figures centred near x = 260 (target), 360 (actual) and 460 (prior quarter).
ROWS = (
    _line(("Termintreue", 50), ("95%", 250), ("92,2%", 343), ("91,8%", 443)),
    _line(("NPS", 50), ("40", 253), ("79", 353), ("78", 453)),
    _line(("Sicherheitsvorfälle", 50), ("5", 256), ("8", 356), ("7", 456)),
)


def test_the_column_whose_header_word_ocr_lost_is_the_actual_one():
    # "Istwert" above x = 360 was not read: only the target and prior columns are named
    header = _line(("Kennzahl", 50), ("Zielwert", 232), ("Vorquartal", 425))
    found = _kpis(header, *ROWS)
    assert found["nps"][0] == 79
    assert found["on_time_delivery_rate"][0] == 92.2
    assert found["incidents"][0] == 8
    # a column found by elimination goes to a reviewer first
    assert found["nps"][1] < 0.8


def test_a_header_word_that_lost_its_first_letter_where_two_cells_met_still_names_its_column():
    # "Real" and "Trimestre anterior" glued, the "T" lost: "Reafrimestre" spans two columns
    header = _line(("Indicador", 50), ("Objetivo", 232), ("Reafrimestre", 346), ("anterior", 440))
    cells = header_cells(header)
    assert [c.kind for c in cells] == ["target", "prior"]
    rows = (
        _line(("Tasa de entrega", 50), ("95%", 250), ("95,0%", 343), ("94,7%", 443)),
        _line(("NPS", 50), ("40", 253), ("51", 353), ("49", 453)),
        _line(("Incidentes", 50), ("5", 256), ("1", 356), ("3", 456)),
    )
    assert _kpis(header, *rows)["nps"][0] == 51


def test_a_column_word_glued_to_the_next_cell_names_its_column():
    header = _line(
        ("Indicateur", 50), ("Objectif", 232), ("RéaliSéimestre", 340), ("précédent", 450)
    )
    assert [c.kind for c in header_cells(header)] == ["target", "actual"]
    rows = (
        _line(("Livraisons", 50), ("95 %", 250), ("88,8 %", 340), ("85,0 %", 440)),
        _line(("NPS", 50), ("40", 253), ("66", 353), ("64", 453)),
        _line(("Incidents", 50), ("5", 256), ("14", 353), ("11", 453)),
    )
    assert _kpis(header, *rows)["nps"][0] == 66


def test_a_row_whose_actual_cell_was_dropped_gives_no_value_rather_than_a_neighbour():
    header = _line(("Kennzahl", 50), ("Zielwert", 232), ("Vorquartal", 425))
    rows = (*ROWS, _line(("Systemverfügbarkeit", 50), ("99,9%", 250), ("99,2%", 443)))
    assert "sla_uptime" not in _kpis(header, *rows)


def test_a_number_inside_a_row_label_is_not_a_column():
    header = _line(("Kennzahl", 50), ("Zielwert", 232), ("Vorquartal", 425))
    rows = (
        *ROWS,
        _line(("Top", 50), ("10", 78), ("Lieferanten", 99), ("3", 256), ("4", 456)),
        _line(("Top", 50), ("5", 78), ("Risiken", 99), ("2", 256), ("2", 456)),
    )
    assert _kpis(header, *rows)["nps"][0] == 79


def test_two_unnamed_columns_are_not_guessed():
    # only "Zielwert" was read above three columns: which of the other two is actual is unknown
    header = _line(("Kennzahl", 50), ("Zielwert", 232))
    assert wanted_column((header, *ROWS), 2, "actual") is None
    # the target column is named, so it is found
    assert wanted_column((header, *ROWS), 2, "target") is not None


def test_part_of_a_glued_word_is_placed_by_its_characters():
    line = _line(("RealTrimestre", 100))
    assert span_centre(line, 0, 4) == 100 + 7 * 2
    assert span_centre(line, 4, 13) == 100 + 7 * 8.5


def test_a_figure_under_a_column_whose_header_word_was_lost_is_not_taken_for_the_named_one():
    # "Target" above x = 260 was not read; the header names "Actual" and "Previous period" only,
    # so the target figure (40) is nearer "Actual" than anything else but stands in its own column
    header = _line(("KPI", 50), ("Actual", 339), ("Previous", 420), ("period", 484))
    rows = (
        _line(("On-time", 50), ("delivery", 106), ("95%", 250), ("96,2%", 343), ("95,4%", 443)),
        _line(("NPS", 50), ("40", 253), ("33", 353), ("36", 453)),
        _line(("Number", 50), ("of", 99), ("incidents", 120), ("5", 256), ("10", 353), ("12", 453)),
    )
    found = _kpis(header, *rows)
    assert found["nps"][0] == 33
    assert found["nps"][1] >= 0.8  # a named column
    assert found["incidents"][0] == 10


def test_a_wide_figure_in_a_right_aligned_column_belongs_to_the_column_it_is_nearest():
    # figures end at x = 287 / 387 / 487; "99,832 %" reaches far left of the narrow ones
    header = _line(("Kennzahl", 50), ("Vorquartal", 250), ("Zielwert", 460))
    rows = (
        _line(("NPS", 50), ("73", 273), ("71", 373), ("40", 473)),
        _line(("Sicherheitsvorfälle", 50), ("10", 273), ("8", 380), ("5", 480)),
        _line(("Systemverfügbarkeit", 50), ("96,8", 252), ("%", 280), ("99,832", 320), ("%", 380)),
    )
    assert _kpis(header, *rows)["sla_uptime"][0] == 99.832
