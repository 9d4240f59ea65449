"""Fields per type with their evidence: names, numbers, standards, scope, figures, KPIs."""

import pytest

from extraction.analysis import analyse
from extraction.document import Line, Page, TextDocument, Word
from extraction.types import ExtractionConfig


def _analyse(text: str, declared: str | None = None):
    return analyse(TextDocument.from_text(text), ExtractionConfig(declared_type=declared))


def _values(analysis):
    return {name: value.value for name, value in analysis.fields.items()}


def test_certificate_fields_with_evidence():
    text = (
        "TÜV Nord Cert GmbH\nAm TÜV 1, 45141 Essen\nZERTIFIKAT\nZertifikat-Nr.: 44 100 123456\n"
        "Hiermit wird bescheinigt, dass\nMüller Logistik GmbH\nHauptstraße 5, 70173 Stuttgart\n"
        "ein Managementsystem nach\nISO/IEC 27001:2022\neingeführt hat.\n"
        "Geltungsbereich: Lagerung und Transport von Stückgut\n"
        "Ausstellungsdatum: 12.05.2024\nGültig bis: 11.05.2027\nErstzertifizierung: 01.02.2015"
    )
    analysis = _analyse(text)
    assert analysis.doc_type == "certification"
    assert analysis.language == "de"
    assert _values(analysis) == {
        "holder_name": "Müller Logistik GmbH",
        "issuer_name": "TÜV Nord Cert GmbH",
        "document_number": "44 100 123456",
        "standard": "ISO/IEC 27001:2022",
        "scope": "Lagerung und Transport von Stückgut",
        "issue_date": "2024-05-12",
        "expiry_date": "2027-05-11",
    }
    expiry = analysis.fields["expiry_date"]
    assert expiry.evidence == "Gültig bis: 11.05.2027"
    assert expiry.page == 1
    assert all(0 <= value.confidence <= 1 for value in analysis.fields.values())


def test_evidence_box_is_the_union_of_the_words_of_label_and_value():
    words = (
        Word("Valid", (10, 100, 40, 110)),
        Word("until:", (42, 100, 70, 110)),
        Word("31.03.2027", (72, 100, 120, 110)),
        Word("(see", (300, 100, 320, 110)),
        Word("annex)", (322, 100, 350, 110)),
    )
    line = Line("Valid until: 31.03.2027 (see annex)", words, (10, 100, 350, 110))
    title = Line("CERTIFICATE", (Word("CERTIFICATE", (10, 10, 90, 30)),))
    document = TextDocument((Page(1, (title, line)),))
    expiry = analyse(document, ExtractionConfig(declared_type="certification")).fields[
        "expiry_date"
    ]
    assert expiry.bbox == (10, 100, 120, 110)
    assert expiry.evidence == "Valid until: 31.03.2027"


@pytest.mark.parametrize(
    ("text", "standard"),
    [
        ("conforms to ISO 9001 : 2015", "ISO 9001:2015"),
        ("ISO / IEC 27001:2013", "ISO/IEC 27001:2013"),
        ("GB/T 19001-2016/ISO 9001:2015", "ISO 9001:2015"),
        ("ISO/IEC 20000-1:2018", "ISO/IEC 20000-1:2018"),
        ("IATF 16949:2016", "IATF 16949:2016"),
    ],
)
def test_standards_are_named_canonically(text, standard):
    analysis = _analyse(f"CERTIFICATE\nAcme Ltd\n{text}", "certification")
    assert analysis.fields["standard"].value == standard


@pytest.mark.parametrize(
    ("text", "standard"),
    [
        ("SOC 2 Type II Report", "SOC 2 Type II"),
        ("SOC 2® Type 2 Report", "SOC 2 Type II"),
        ("Rapport SOC 1 Type II", "SOC 1 Type II"),
        ("SOC 2 Type I report as of December 31, 2025", "SOC 2 Type I"),
    ],
)
def test_soc_report_types(text, standard):
    assert _analyse(text, "audit_report").fields["standard"].value == standard


def test_financial_figures_take_the_current_year_column_in_full_units():
    text = (
        "Müller Logistik GmbH\nJahresabschluss zum 31. Dezember 2025\nBilanz\nin TEUR\n"
        "Anhang 2025 2024\nSachanlagen 4 1.200 1.100\nSumme Aktiva 5 12.345 11.000\n"
        "Gewinn- und Verlustrechnung\nin TEUR\n2025 2024\nUmsatzerlöse 45.678 40.000\n"
        "Jahresüberschuss (1.234) 2.000"
    )
    fields = _values(_analyse(text, "financial_statement"))
    assert fields["total_assets"] == 12_345_000
    assert fields["revenue"] == 45_678_000
    assert fields["net_income"] == -1_234_000
    assert fields["currency"] == "EUR"
    assert fields["fiscal_year_end"] == "2025-12-31"


def test_prior_year_first_columns_are_read_by_their_year():
    text = "Statement of profit or loss\n(in thousands of euros)\n2024 2025\nRevenue 40,000 45,678"
    assert _values(_analyse(text, "financial_statement"))["revenue"] == 45_678_000


def test_chinese_statement_in_ten_thousands_of_yuan():
    text = (
        "利润表\n单位：人民币万元\n项目 本期金额 上期金额\n营业收入 1,234.5 1,000\n净利润 -56.7 30"
    )
    fields = _values(_analyse(text, "financial_statement"))
    assert fields["revenue"] == 12_345_000
    assert fields["net_income"] == -567_000
    assert fields["currency"] == "CNY"


def test_kpis_read_the_actual_column_not_the_target():
    text = (
        "Vendor Self-Report\nSupplier: Acme Ltd\nReporting period: 01.01.2025 - 31.03.2025\n"
        "KPI Target Actual Previous period\nOn-time delivery rate 95% 97.5% 96.0%\n"
        "Net Promoter Score 40 45 38\nIncidents 5 2 3\nSLA uptime 99.9% 99.95% 99.90%"
    )
    analysis = _analyse(text, "self_report")
    assert {k: v.value for k, v in analysis.kpis.items()} == {
        "on_time_delivery_rate": 97.5,
        "nps": 45,
        "incidents": 2,
        "sla_uptime": 99.95,
    }
    assert _values(analysis)["period_start"] == "2025-01-01"


def test_insurance_certificate_fields():
    text = (
        "Allied Mutual Insurance Company\nCERTIFICATE OF INSURANCE\nNamed insured: Apex Data Systems Inc.\n"
        "Policy number: GL1234567\nPolicy Period: From 03/01/2025 To 03/01/2026\n"
        "General liability, each occurrence USD 1,000,000\nRetroactive date: 01/01/2019"
    )
    fields = _values(_analyse(text))
    assert fields["holder_name"] == "Apex Data Systems Inc."
    assert fields["issuer_name"] == "Allied Mutual Insurance Company"
    assert fields["document_number"] == "GL1234567"
    assert fields["effective_date"] == "2025-03-01"
    assert fields["expiry_date"] == "2026-03-01"


def test_chinese_business_licence_without_expiry():
    text = (
        "营业执照\n统一社会信用代码 91310115MA1K3ABCDE\n名称 上海远航物流有限公司\n"
        "成立日期 2015年03月01日\n营业期限 2015年03月01日至长期\n经营范围 货物仓储与道路运输服务\n"
        "登记机关 上海市市场监督管理局\n2020年05月12日"
    )
    analysis = _analyse(text)
    fields = _values(analysis)
    assert analysis.doc_type == "business_licence"
    assert fields["holder_name"] == "上海远航物流有限公司"
    assert fields["document_number"] == "91310115MA1K3ABCDE"
    assert fields["issue_date"] == "2020-05-12"
    assert fields["expiry_date"] is None
    assert analysis.fields["expiry_date"].evidence.endswith("长期")


def test_a_wide_gap_between_word_boxes_ends_a_label_we_do_not_list():
    def words(*items):
        return tuple(Word(text, (x, 100, x + 6 * len(text), 110)) for text, x in items)

    line_words = words(
        ("Geltungsbereich", 10),
        ("des", 106),
        ("Zertifikats", 130),
        ("Lagerung", 260),
        ("und", 314),
        ("Transport", 338),
    )
    line = Line("Geltungsbereich des Zertifikats Lagerung und Transport", line_words)
    title = Line("ZERTIFIKAT", words(("ZERTIFIKAT", 10)))
    document = TextDocument((Page(1, (title, line)),))
    scope = analyse(document, ExtractionConfig(declared_type="certification")).fields["scope"]
    assert scope.value == "Lagerung und Transport"
    assert scope.evidence == line.text
    assert scope.bbox == (10, 100, 392, 110)
