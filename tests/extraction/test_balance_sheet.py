"""Balance-sheet figures beyond revenue, net income and total assets: total liabilities, current
assets and liabilities, total equity — the current-year column, every number convention, units,
the totals of liabilities *and* equity that must not be taken for liabilities, and the check
that assets equal liabilities plus equity."""

import pytest

from extraction.analysis import analyse
from extraction.document import TextDocument
from extraction.types import ExtractionConfig

BALANCE = ("total_assets", "total_liabilities", "current_assets", "current_liabilities")


def _fields(text: str):
    return analyse(
        TextDocument.from_text(text), ExtractionConfig(declared_type="financial_statement")
    ).fields


def _values(text: str) -> dict:
    return {k: v.value for k, v in _fields(text).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Statement of financial position\n(in thousands of euros)\n"
            "                        2023        2024\n"
            "Total current assets    1,100.5     1,234.5\n"
            "Total assets            5,000       5,600\n"
            "Total current liabilities  700      800\n"
            "Total liabilities       3,000       3,100\n"
            "Total equity            2,000       2,500\n"
            "Total equity and liabilities 5,000  5,600\n",
            {
                "current_assets": 1_234_500,
                "total_assets": 5_600_000,
                "current_liabilities": 800_000,
                "total_liabilities": 3_100_000,
                "total_equity": 2_500_000,
            },
        ),
        (
            "Bilanz\nin TEUR\n            31.12.2024     31.12.2023\n"
            "Summe kurzfristige Vermögenswerte   1.234.567,89   1.000.000,00\n"
            "Summe Aktiva       9.000.000,00   8.000.000,00\n"
            "Summe kurzfristige Schulden   456.789,01   400.000,00\n"
            "Summe der Schulden   5.000.000,00   4.000.000,00\n"
            "Summe Eigenkapital   4.000.000,00   4.000.000,00\n",
            {
                "current_assets": 1_234_567_890,
                "total_assets": 9_000_000_000,
                "current_liabilities": 456_789_010,
                "total_liabilities": 5_000_000_000,
                "total_equity": 4_000_000_000,
            },
        ),
        (
            "Bilan\n(en euros)\n                 Exercice N    Exercice N-1\n"
            "Total actif circulant      1 234 567,89    1 111 111,11\n"
            "Total de l'actif           3 000 000,00    2 900 000,00\n"
            "Capitaux propres           1 000 000,00      900 000,00\n"
            "Dettes à court terme         800 000,00      700 000,00\n"
            "Total des dettes           2 000 000,00    2 000 000,00\n"
            "Total passif               3 000 000,00    2 900 000,00\n",
            {
                "current_assets": 1_234_567.89,
                "total_assets": 3_000_000,
                "total_equity": 1_000_000,
                "current_liabilities": 800_000,
                "total_liabilities": 2_000_000,
            },
        ),
        (
            "资产负债表\n单位：万元\n项目    附注    期末余额    年初余额\n"
            "流动资产合计   5   1,200.50   1,000.00\n"
            "资产总计   5   3,000.00   2,800.00\n"
            "流动负债合计   6   900.00   850.00\n"
            "负债合计   6   1,800.00   1,700.00\n"
            "所有者权益（或股东权益）合计   7   1,200.00   1,100.00\n",
            {
                "current_assets": 12_005_000,
                "total_assets": 30_000_000,
                "current_liabilities": 9_000_000,
                "total_liabilities": 18_000_000,
                "total_equity": 12_000_000,
            },
        ),
    ],
    ids=["en-prior-year-first", "de-teur", "fr-spaces", "zh-wanyuan"],
)
def test_balance_sheet_figures_come_from_the_current_year_in_full_units(text, expected):
    fields = _fields(text)
    assert {k: fields[k].value for k in expected} == expected
    assert all(fields[k].confidence >= 0.8 for k in expected)  # it adds up within rounding


def test_total_passif_is_liabilities_and_equity_so_liabilities_are_assets_minus_equity():
    fields = _fields(
        "Bilan\n                 2024        2023\n"
        "Total actif      10 000 000    9 000 000\n"
        "Capitaux propres  4 000 000    3 500 000\n"
        "Total passif     10 000 000    9 000 000\n"
    )
    liabilities = fields["total_liabilities"]
    assert liabilities.value == 6_000_000
    assert liabilities.confidence < 0.8  # derived, not read: a reviewer confirms it
    assert "Total actif" in liabilities.evidence and "Capitaux propres" in liabilities.evidence


def test_spanish_non_current_and_equity_plus_liabilities_totals_are_not_total_liabilities():
    values = _values(
        "Balance de situación\n                     2024          2023\n"
        "Total activo          5.000.000     4.000.000\n"
        "A) Patrimonio neto    2.000.000     1.800.000\n"
        "B) Pasivo no corriente  1.000.000   1.200.000\n"
        "C) Pasivo corriente   2.000.000     1.000.000\n"
        "Total patrimonio neto y pasivo  5.000.000  4.000.000\n"
    )
    assert values["total_equity"] == 2_000_000
    assert values["current_liabilities"] == 2_000_000
    assert values["total_liabilities"] == 3_000_000  # 5,000,000 − 2,000,000, not 1,000,000


def test_a_balance_sheet_that_does_not_add_up_lowers_the_confidence_of_its_totals():
    text = (
        "Balance sheet\n              2024      2023\n"
        "Total assets      1,000,000   900,000\n"
        "Total liabilities   700,000   500,000\n"
        "Total equity        400,000   400,000\n"
    )
    fields = _fields(text)
    assert [fields[k].value for k in ("total_assets", "total_liabilities", "total_equity")] == [
        1_000_000,
        700_000,
        400_000,
    ]
    assert all(
        fields[k].confidence < 0.8 for k in ("total_assets", "total_liabilities", "total_equity")
    )
    consistent = _fields(text.replace("400,000   400,000", "300,000   400,000"))
    assert consistent["total_equity"].confidence >= 0.8


def test_rounding_in_thousands_is_not_a_mismatch_but_a_current_total_above_its_whole_is():
    fields = _fields(
        "Balance sheet\n(in thousands)\n              2024      2023\n"
        "Total current assets  1,200   1,000\n"
        "Total assets          1,001     900\n"
        "Total current liabilities  200   100\n"
        "Total liabilities       600     500\n"
        "Total equity            400     400\n"
    )
    assert fields["total_equity"].confidence >= 0.8  # 1,001 vs 600 + 400: rounding
    assert fields["current_assets"].confidence < 0.8  # more than total assets
    assert fields["current_liabilities"].confidence >= 0.8


def test_a_word_that_only_starts_with_a_label_is_not_that_label():
    values = _values(
        "Bilanz\n           2024     2023\n"
        "Eigenkapitalquote   40,1 %   38,0 %\n"
        "Fremdkapitalzinsen  12.000   11.000\n"
        "Bilanzsumme    100.000   90.000\n"
        "Eigenkapital    40.000   36.000\n"
    )
    assert values["total_equity"] == 40_000
    assert values["total_liabilities"] == 60_000


def test_total_assets_damaged_by_ocr_are_read_from_the_other_side_of_the_balance_sheet():
    # the assets row lost its figures' spacing; liabilities plus equity and "total equity and
    # liabilities" agree with each other, so they outvote it
    fields = _fields(
        "Balance sheet\n                 2023        2024\n"
        "Total assets      19 1439 544    313 203\n"
        "Total liabilities     722,262    722,262\n"
        "Total equity          590,941    590,941\n"
        "Total equity and liabilities  1,313,203  1,313,203\n"
    )
    assert fields["total_assets"].value == 1_313_203
    assert fields["total_assets"].confidence < 0.8  # a reviewer confirms it
    assert "Total equity and liabilities" in fields["total_assets"].evidence
    assert "total_liabilities_and_equity" not in fields


def test_total_assets_missing_from_their_row_come_from_the_other_side():
    fields = _fields(
        "Bilan\n                 2024        2023\n"
        "Total actif\n"
        "Capitaux propres  4 000 000    3 500 000\n"
        "Total passif     10 000 000    9 000 000\n"
    )
    assert fields["total_assets"].value == 10_000_000


def test_the_other_side_alone_does_not_overrule_the_assets_row():
    # the other side disagrees with the assets row, but liabilities plus equity do not back it
    fields = _fields(
        "Balance sheet\n              2023      2024\n"
        "Total assets      900,000  1,000,000\n"
        "Total liabilities 500,000    600,000\n"
        "Total equity      400,000    400,000\n"
        "Total equity and liabilities  900,000  1,100,000\n"
    )
    assert fields["total_assets"].value == 1_000_000
