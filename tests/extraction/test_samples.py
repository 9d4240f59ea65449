"""Hand-written documents in the style of real ones (BSI and TÜV certificates, an ACORD 25
insurance certificate, a Chinese business licence, a French Kbis, a SOC 2 opinion letter) —
wordings and layouts the fixture generator does not produce."""

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
