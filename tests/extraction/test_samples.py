"""Hand-written documents in the style of real ones (BSI and TÜV certificates, an ACORD 25
insurance certificate, a Chinese business licence, a French Kbis, a SOC 2 opinion letter, a
German HGB balance sheet, a Chinese 资产负债表) — wordings and layouts the fixture generator does
not produce.

The HGB Bilanz lists Passiva as A. Eigenkapital, B. Rückstellungen, C. Verbindlichkeiten,
D. Rechnungsabgrenzungsposten, each section's sum on an unlabelled line, and states no total of
liabilities: total liabilities is everything owed that is not equity (provisions, liabilities and
deferred income = Summe Passiva − Eigenkapital, as IFRS "total liabilities" counts provisions),
derived with a confidence below 0.8 so that a reviewer confirms it. HGB has no current
liabilities total (only "davon mit einer Restlaufzeit bis zu einem Jahr" notes), so none is
extracted and the current ratio stays empty. The 资产负债表 puts 年初余额 (prior) before 期末余额
(current), has a 行次 column and states 万元."""

from pathlib import Path

import pytest

from extraction import extract_file

SAMPLES = Path(__file__).parent / "samples"

EXPECTED = {
    "bsi_iso9001.txt": (
        "certification",
        {
            "holder_name": "Acme Widgets Limited",
            "issuer_name": "BSI",
            "document_number": "FS 123456",
            "standard": "ISO 9001:2015",
            "scope": "The design, manufacture and supply of industrial widgets.",
            "effective_date": "2023-06-15",
            "expiry_date": "2026-06-14",
        },
    ),
    "tuev_zertifikat.txt": (
        "certification",
        {
            "holder_name": "Kraus Maschinenbau GmbH",
            "issuer_name": "TÜV SÜD Management Service GmbH",
            "document_number": "12 100 45678 TMS",
            "standard": "ISO 9001:2015",
            "scope": "Entwicklung, Fertigung und Vertrieb von Sondermaschinen",
            "issue_date": "2023-05-10",
            "expiry_date": "2026-05-14",
        },
    ),
    "acord25.txt": (
        "insurance_certificate",
        {
            "holder_name": "Apex Data Systems Inc.",
            "issuer_name": "Travelers Property Casualty Company of America",
            "issue_date": "2025-03-15",
            "effective_date": "2025-04-01",
            "expiry_date": "2026-04-01",
        },
    ),
    "yingye_zhizhao.txt": (
        "business_licence",
        {
            "holder_name": "深圳市星河数据科技有限公司",
            "document_number": "91440300MA5F8XXX2K",
            "issue_date": "2021-06-18",
            "expiry_date": None,
        },
    ),
    "kbis.txt": (
        "business_licence",
        {"holder_name": "DUPONT SERVICES", "document_number": "812 345 678"},
    ),
    "hgb_bilanz.txt": (
        "financial_statement",
        {
            "fiscal_year_end": "2024-12-31",
            "currency": "EUR",
            "total_assets": 2_016_341,
            "current_assets": 1_284_655.93,
            "total_equity": 808_772.34,
            "total_liabilities": 1_207_568.66,
            "current_liabilities": "<missing>",
        },
    ),
    "zichan_fuzhai_biao.txt": (
        "financial_statement",
        {
            "holder_name": "杭州云帆信息技术有限公司",
            "currency": "CNY",
            "total_assets": 43_722_000,
            "current_assets": 34_727_400,
            "current_liabilities": 12_348_800,
            "total_liabilities": 16_848_800,
            "total_equity": 26_873_200,
        },
    ),
    "soc2_report.txt": (
        "audit_report",
        {
            "holder_name": "Acme Cloud, Inc.",
            "issuer_name": "Moss & Partners LLP",
            "period_start": "2024-05-01",
            "period_end": "2025-04-30",
            "issue_date": "2025-06-20",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_world_wordings(name):
    doc_type, fields = EXPECTED[name]
    result = extract_file(SAMPLES / name)
    assert result.doc_type == doc_type
    got = {key: result.fields[key].value if key in result.fields else "<missing>" for key in fields}
    assert got == fields


def test_a_derived_or_missing_balance_sheet_figure_is_left_for_a_reviewer_to_confirm():
    fields = extract_file(SAMPLES / "hgb_bilanz.txt").fields
    assert fields["total_liabilities"].confidence < 0.8
    assert "Bilanzsumme" in fields["total_liabilities"].evidence
    assert fields["total_equity"].evidence == "Eigenkapital … 808.772,34"
    assert fields["current_assets"].confidence >= 0.8
