"""Dates in five languages: formats, roles from labels and layout, ranges, no-expiry, order."""

from datetime import date

import pytest

from extraction.dates import find_dates
from extraction.document import Line, Page, TextDocument, Word
from extraction.fields.date_fields import extract_date_fields
from extraction.roles import label_dates
from extraction.types import ExtractionConfig


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.03.2027", date(2027, 3, 31)),
        ("31. März 2027", date(2027, 3, 31)),
        ("1. Jänner 2026", date(2026, 1, 1)),
        ("1er avril 2027", date(2027, 4, 1)),
        ("31 décembre 2025", date(2025, 12, 31)),
        ("31 de marzo de 2027", date(2027, 3, 31)),
        ("5 sept. 2025", date(2025, 9, 5)),
        ("March 31, 2027", date(2027, 3, 31)),
        ("Sept. 5, 2025", date(2025, 9, 5)),
        ("31-Mar-2027", date(2027, 3, 31)),
        ("2027-03-31", date(2027, 3, 31)),
        ("2027/03/31", date(2027, 3, 31)),
        ("2027年3月31日", date(2027, 3, 31)),
        ("2027 年 03 月 31 日", date(2027, 3, 31)),
        ("二〇二七年三月三十一日", date(2027, 3, 31)),
        ("31/03/2027", date(2027, 3, 31)),
        ("12/31/2027", date(2027, 12, 31)),
        ("31.03.27", date(2027, 3, 31)),
    ],
)
def test_date_formats_of_every_language_are_read(text, expected):
    assert [m.value for m in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "No. 4411",
        "Reg. 2027",
        "Tel. +49 711 12 34 56",
        "ISO 9001:2015",
        "version 3.2.1",
        "1,234,567",
    ],
)
def test_numbers_that_are_not_dates_are_ignored(text):
    assert find_dates(text) == []


def _roles(text: str, doc_type: str = "certification") -> list[tuple[str, date]]:
    roled, _, _ = label_dates(TextDocument.from_text(text), doc_type)
    return [(r.role, r.mention.value) for r in roled]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Valid until: 31.03.2027", "expiry"),
        ("Expiration date 31 March 2027", "expiry"),
        ("Date of expiry: 31/03/2027", "expiry"),
        ("Valid through March 31, 2027", "expiry"),
        ("This certificate is valid until 31 March 2027.", "expiry"),
        ("Gültig bis 31.03.2027", "expiry"),
        ("Ablaufdatum: 31.03.2027", "expiry"),
        ("Valable jusqu'au 31/03/2027", "expiry"),
        ("Date d'expiration : 31 mars 2027", "expiry"),
        ("Válido hasta el 31 de marzo de 2027", "expiry"),
        ("Fecha de vencimiento: 31/03/2027", "expiry"),
        ("有效期至2027年3月31日", "expiry"),
        ("有效期：2027年3月31日", "expiry"),
        ("Date of issue: 12.05.2024", "issue"),
        ("Ausstellungsdatum 12.05.2024", "issue"),
        ("Date de délivrance : 12/05/2024", "issue"),
        ("Fecha de expedición: 12/05/2024", "issue"),
        ("发证日期：2024年5月12日", "issue"),
        ("Original certification date: 01.02.2015", "audit"),
        ("Next surveillance audit: 01.04.2025", "audit"),
        ("Erstzertifizierung: 01.02.2015", "audit"),
        ("Prochain audit de surveillance : 01/04/2025", "audit"),
        ("Fecha de certificación inicial: 01/02/2015", "audit"),
        ("初次认证日期：2015年2月1日", "audit"),
        ("Printed on 2025-11-02", "print"),
        ("Druckdatum: 02.11.2025", "print"),
        ("打印日期：2025-11-02", "print"),
        ("Berlin, 12.05.2024", "signature"),
        ("Fait à Paris, le 12 mai 2024", "signature"),
    ],
)
def test_a_label_gives_its_date_a_role(line, role):
    assert [r for r, _ in _roles(line)] == [role]


@pytest.mark.parametrize(
    ("line", "doc_type", "roles"),
    [
        (
            "Policy Period: From March 1, 2025 To March 1, 2026",
            "insurance_certificate",
            ["effective", "expiry"],
        ),
        ("营业期限 2015年3月1日至2035年2月28日", "business_licence", ["effective", "expiry"]),
        ("有效期：自2024年1月1日起至2027年1月1日止", "certification", ["effective", "expiry"]),
        ("Gültigkeit: 01.01.2024 bis 31.12.2026", "certification", ["effective", "expiry"]),
        ("Validité : du 01/01/2024 au 31/12/2026", "certification", ["effective", "expiry"]),
        ("Validez: del 01/01/2024 al 31/12/2026", "certification", ["effective", "expiry"]),
        (
            "for the period January 1, 2025 to December 31, 2025",
            "audit_report",
            ["period_start", "period_end"],
        ),
        (
            "Pour la période du 1er octobre 2023 au 31 décembre 2023",
            "self_report",
            ["period_start", "period_end"],
        ),
        (
            "Berichtszeitraum: 01.01.2025 - 31.03.2025",
            "self_report",
            ["period_start", "period_end"],
        ),
        ("审计期间：2025年1月1日至2025年12月31日", "audit_report", ["period_start", "period_end"]),
        ("01.01.2025 – 31.12.2025", "audit_report", ["period_start", "period_end"]),
        ("01.01.2025 – 31.12.2025", "certification", ["effective", "expiry"]),
    ],
)
def test_ranges_become_start_and_end(line, doc_type, roles):
    assert [r for r, _ in _roles(line, doc_type)] == roles


def test_a_label_line_above_gives_the_value_below_its_role():
    text = (
        "Expiry date\n31.03.2027\nIssue date          Expiry date\n2024-05-12          2027-05-11"
    )
    assert _roles(text) == [
        ("expiry", date(2027, 3, 31)),
        ("issue", date(2024, 5, 12)),
        ("expiry", date(2027, 5, 11)),
    ]


def _fields(text: str, doc_type: str = "certification", language: str = "en", country=None):
    config = ExtractionConfig(country_hint=country)
    found = extract_date_fields(TextDocument.from_text(text), doc_type, language, config)
    return {name: value.value for name, value in found.items()}


@pytest.mark.parametrize(
    "text",
    [
        "营业期限 2015年3月1日至长期",
        "营业期限：长期",
        "Gültigkeit: unbefristet",
        "Expiry date: indefinite",
        "Validité : durée illimitée",
        "Vigencia: indefinida",
        "Valid from 1 March 2015 until further notice",
    ],
)
def test_a_document_that_never_expires_says_so_with_null(text):
    fields = _fields(text, "business_licence")
    assert "expiry_date" in fields
    assert fields["expiry_date"] is None


def test_distractor_dates_do_not_become_issue_or_expiry():
    text = (
        "Original certification date: 14.02.2012\nDate of issue: 12.05.2024\n"
        "Next surveillance audit: 01.04.2025\nValid until: 11.05.2027\nPrinted on 02.11.2025"
    )
    assert _fields(text) == {"issue_date": "2024-05-12", "expiry_date": "2027-05-11"}


@pytest.mark.parametrize(
    ("text", "language", "country", "expiry"),
    [
        # An unambiguous date in the same document fixes the order of the ambiguous one.
        ("Issued: 25/04/2024\nExpires: 03/04/2027", "en", None, "2027-04-03"),
        ("Issued: 04/25/2024\nExpires: 03/04/2027", "en", None, "2027-03-04"),
        # German, French, Spanish write day first.
        ("Ausgestellt am 02.03.2024\nGültig bis 03.04.2027", "de", None, "2027-04-03"),
        ("Émis le 02/03/2024\nValable jusqu'au 03/04/2027", "fr", None, "2027-04-03"),
        # American documents write month first; the country hint says so.
        ("Issue date: 02/03/2024\nExpiration date: 03/04/2027", "en", "US", "2027-03-04"),
        ("Issue date: 02/03/2024\nExpiration date: 03/04/2027", "en", "GB", "2027-04-03"),
        # Consistency: expiry must follow issue, which only the month-first reading gives.
        ("Issue date: 02/10/2024\nExpiry date: 03/09/2024", "en", None, "2024-03-09"),
    ],
)
def test_numeric_dates_are_resolved_by_language_country_and_consistency(
    text, language, country, expiry
):
    assert _fields(text, language=language, country=country)["expiry_date"] == expiry


def test_a_certificate_valid_longer_than_three_years_gets_low_confidence():
    document = TextDocument.from_text("Date of issue: 01.01.2024\nValid until: 31.12.2030")
    long_lived = extract_date_fields(document, "certification", "en", ExtractionConfig())
    normal = extract_date_fields(
        TextDocument.from_text("Date of issue: 01.01.2024\nValid until: 31.12.2026"),
        "certification",
        "en",
        ExtractionConfig(),
    )
    assert long_lived["expiry_date"].confidence < 0.8 <= normal["expiry_date"].confidence


def test_an_soc2_period_outside_three_to_twelve_months_gets_low_confidence():
    fields = extract_date_fields(
        TextDocument.from_text("Review period: 01.01.2023 - 31.12.2025"),
        "audit_report",
        "en",
        ExtractionConfig(),
    )
    assert fields["period_end"].confidence < 0.8


def _boxed(text: str, left: float, top: float, right: float) -> Line:
    return Line(
        text, (Word(text, (left, top, right, top + 14), 0.9),), (left, top, right, top + 14)
    )


def test_a_seal_date_takes_the_label_line_above_it_on_the_page_not_in_reading_order():
    # OCR of a photographed licence reads the right-hand column as a block of its own, so the
    # seal date at the foot follows the company type; on the page it stands under 登记机关.
    lines = (
        _boxed("营业期限 2009年11月25日至 2042年9月18日", 92, 237, 342),
        _boxed("登记机关 上海市市场监督管理局", 93, 303, 292),
        _boxed("北京云桥信息技术有限公司", 203, 161, 308),
        _boxed("有限责任公司（自然人投资或控股）", 203, 177, 339),
        _boxed("2022年9月19日", 445, 323, 509),
    )
    document = TextDocument(pages=(Page(1, lines, ocr=True),), language="zh")
    roled, _, _ = label_dates(document, "business_licence")
    seal = next(r for r in roled if r.mention.value == date(2022, 9, 19))
    assert seal.role == "issue"
    # without boxes the reading order is all there is: the line before names no date role
    plain = TextDocument(pages=(Page(1, tuple(Line(line.text) for line in lines)),), language="zh")
    roled, _, _ = label_dates(plain, "business_licence")
    assert next(r for r in roled if r.mention.value == date(2022, 9, 19)).role != "issue"
