"""Amounts in every thousands convention, 万/亿, negatives, scales and currencies."""

import pytest

from extraction.numbers import currency_of, find_amounts, scale_of


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,234,567.89", [1234567.89]),
        ("1.234.567,89", [1234567.89]),
        ("1 234 567,89", [1234567.89]),
        ("1\u202f234\u202f567,89", [1234567.89]),
        ("1'234'567.89", [1234567.89]),
        ("12,345", [12345]),
        ("12.345", [12345]),
        ("1,5", [1.5]),
        ("0.75", [0.75]),
        ("(1,234)", [-1234]),
        ("-1 234", [-1234]),
        ("12.5万", [125000]),
        ("3.5亿元", [350000000]),
        ("人民币500万元", [5000000]),
        ("97.5%", [97.5]),
        ("99,95 %", [99.95]),
        ("99,223 %", [99.223]),
        ("1 234 567 1 111 222", [1234567, 1111222]),
        # Table cells glued together by a text extractor.
        ("125,834,000372,629,000", [125834000, 372629000]),
        ("(25,166,800.00)(74,525,800.00)", [-25166800, -74525800]),
    ],
)
def test_amounts_in_every_convention(text, values):
    assert [a.value for a in find_amounts(text)] == pytest.approx(values)


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("(in thousands of euros)", 1e3),
        ("in TEUR", 1e3),
        ("in Tausend Euro", 1e3),
        ("(en milliers d'euros)", 1e3),
        ("Cifras en miles de euros", 1e3),
        ("£'000", 1e3),
        ("USD millions", 1e6),
        ("单位：人民币万元", 1e4),
        ("单位：元", 1),
        ("Amounts in euros", 1),
    ],
)
def test_statement_scales(text, scale):
    assert scale_of(text) == scale


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("¥ 1,000", "CNY"),
        ("人民币", "CNY"),
        ("RMB", "CNY"),
        ("€ 12", "EUR"),
        ("in TEUR", "EUR"),
        ("$ 12", "USD"),
        ("US$'000", "USD"),
        ("£'000", "GBP"),
        ("in TCHF", "CHF"),
        ("no currency here", None),
    ],
)
def test_currencies(text, code):
    assert currency_of(text) == code


def test_a_note_reference_before_a_comma_grouped_amount_is_not_read_as_space_grouping():
    # "19 122,074": note 19, then 122,074 (a space-grouped "19 122" would strand ",074")
    assert [a.value for a in find_amounts("资产总计 19 122,074 142,824")] == [19, 122074, 142824]
    assert [a.value for a in find_amounts("Total 4 411,30")] == [4411.3]


def test_a_thousands_comma_that_ocr_read_as_a_semicolon_is_a_comma():
    assert [a.value for a in find_amounts("资产总计 23 837;944,000.00 89,076,000.00")] == [
        23,
        837944000,
        89076000,
    ]
    # a semicolon between two figures still separates them
    assert [a.value for a in find_amounts("12;5")] == [12, 5]
