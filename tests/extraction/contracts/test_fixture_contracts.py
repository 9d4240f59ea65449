"""Whole contracts written for these tests, with their ground truth: a Chinese 服务协议, a German
Dienstleistungsvertrag and an English MSA, each several pages long with distractors (response
times, late-payment interest, survival periods, for-cause termination, addresses)."""

from datetime import date

import pytest

from extraction import ExtractionConfig, extract_bytes

from .conftest import FIXTURES, read_contract

TODAY = date(2024, 6, 1)

CHINESE = {
    "holder_name": "深圳云启信息技术有限公司",
    "parties": ["上海明远贸易有限公司", "深圳云启信息技术有限公司"],
    "effective_date": "2024-03-01",
    "expiry_date": "2027-02-28",
    "initial_term_months": 36,
    "renewal_deadline": "2026-12-30",
    "governing_law": "People's Republic of China",
    "dispute_forum": "Arbitration (SHIAC), Shanghai",
    "termination_notice_days": 90,
    "auto_renewal": True,
    "renewal_term_months": 12,
    "non_renewal_notice_days": 60,
    "liability_cap_months_fees": 12,
    "sla_uptime": 99.9,
    # 二(2)个工作日内作出响应 for requests; 紧急故障 (the most severe) 四(4)小时内到场处理
    "sla_response_hours": 4,
    "payment_terms_days": 30,
    "data_transfer_mechanism": "PRC standard contract for personal information export",
    "audit_rights": True,
    "force_majeure": True,
}
GERMAN = {
    "holder_name": "NordCloud Services AG",
    "parties": ["Bergmann Logistik GmbH", "NordCloud Services AG"],
    "effective_date": "2024-04-01",
    "expiry_date": "2026-04-01",
    "initial_term_months": 24,
    "renewal_deadline": "2025-12-31",
    "governing_law": "Germany",
    "dispute_forum": "Courts of München",
    "termination_notice_days": 183,
    "auto_renewal": True,
    "renewal_term_months": 12,
    "non_renewal_notice_days": 90,
    "liability_cap_amount": 500000,
    "liability_cap_currency": "EUR",
    "sla_uptime": 99.5,
    "sla_response_hours": 4,
    "payment_terms_days": 30,
    "data_transfer_mechanism": "Standard Contractual Clauses",
    "audit_rights": True,
    "force_majeure": True,
}
ENGLISH = {
    "holder_name": "Meridian Data Services Ltd.",
    "parties": ["Harbourline Freight Pte. Ltd.", "Meridian Data Services Ltd."],
    "effective_date": "2024-01-15",
    "expiry_date": "2027-01-15",
    "initial_term_months": 36,
    "renewal_deadline": "2026-10-16",
    "governing_law": "Singapore",
    "dispute_forum": "Arbitration (SIAC), Singapore",
    "termination_notice_days": 30,
    "termination_notice_business_days": True,
    "auto_renewal": True,
    "renewal_term_months": 12,
    "non_renewal_notice_days": 90,
    "liability_cap_months_fees": 12,
    "sla_uptime": 99.95,
    "sla_response_hours": 0.5,
    "sla_resolution_hours": 4,
    "payment_terms_days": 45,
    "data_transfer_mechanism": "Standard Contractual Clauses",
    "audit_rights": True,
    "force_majeure": True,
}
# Support agreements with response-time tables and look-alike times (invoice queries, delivery
# lead times, cure periods, maintenance notice) that must not be read as response times.
SUPPORT_ENGLISH = {
    "holder_name": "Brightline Systems LLC",
    "effective_date": "2024-03-01",
    "governing_law": "New York",
    "termination_notice_days": 60,
    "payment_terms_days": 30,
    "sla_uptime": 99.9,
    "sla_response_hours": 1,
    "sla_resolution_hours": 8,
    "sla_response_business_hours": None,
}
SUPPORT_GERMAN = {
    "holder_name": "Softwerk Rhein AG",
    "effective_date": "2024-07-01",
    "governing_law": "Germany",
    "payment_terms_days": 14,
    "sla_uptime": 99.8,
    "sla_response_hours": 1,
    "sla_resolution_hours": 6,
}
SUPPORT_CHINESE = {
    "holder_name": "杭州数联科技有限公司",
    "effective_date": "2024-05-01",
    "governing_law": "People's Republic of China",
    "termination_notice_days": 30,
    "payment_terms_days": 15,
    "sla_uptime": 99.5,
    "sla_response_hours": 0.5,
    "sla_resolution_hours": 4,
}
CASES = [
    ("fuwu_xieyi_zh.txt", CHINESE),
    ("dienstleistungsvertrag_de.txt", GERMAN),
    ("master_services_agreement_en.txt", ENGLISH),
    ("support_agreement_en.txt", SUPPORT_ENGLISH),
    ("wartungsvertrag_de.txt", SUPPORT_GERMAN),
    ("yunwei_xieyi_zh.txt", SUPPORT_CHINESE),
]
IDS = ["zh", "de", "en", "support-en", "support-de", "support-zh"]


@pytest.mark.parametrize(("name", "truth"), CASES, ids=IDS)
def test_every_field_and_clause_matches_the_ground_truth(fixture_text, name, truth):
    result = read_contract(fixture_text(name), TODAY)
    found = {k: v.value for k, v in {**result.fields, **result.clauses}.items()}
    assert {key: found.get(key) for key in truth} == truth


@pytest.mark.parametrize(("name", "truth"), CASES, ids=IDS)
def test_every_value_carries_its_page_and_evidence(fixture_text, name, truth):
    text = fixture_text(name)
    result = read_contract(text, TODAY)
    pages = text.split("\f")
    for key, value in {**result.fields, **result.clauses}.items():
        assert value.page is not None and value.evidence, key
        assert 0 < value.confidence <= 1, key
        quoted = value.evidence.split(" — ")[-1].rstrip("…")
        # evidence is source text from the page it names (spaces collapsed)
        assert " ".join(quoted.split())[:40] in " ".join(pages[value.page - 1].split()), key


def test_values_are_read_on_the_pages_they_are_on(fixture_text):
    result = read_contract(fixture_text("dienstleistungsvertrag_de.txt"), TODAY)
    assert result.clauses["audit_rights"].page == 2
    assert result.clauses["termination_notice_days"].page == 3
    assert result.clauses["governing_law"].page == 3
    assert result.fields["effective_date"].page == 1


def test_a_computed_expiry_says_how_it_was_computed(fixture_text):
    german = read_contract(fixture_text("dienstleistungsvertrag_de.txt"), TODAY)
    assert german.fields["expiry_date"].evidence.startswith(
        "computed: effective date 2024-04-01 + initial term of 24 months"
    )
    chinese = read_contract(fixture_text("fuwu_xieyi_zh.txt"), TODAY)
    assert "computed" not in chinese.fields["expiry_date"].evidence  # stated: 至2027年2月28日止


def test_the_renewal_deadline_moves_to_the_next_term_once_passed(fixture_text):
    later = read_contract(fixture_text("dienstleistungsvertrag_de.txt"), date(2026, 2, 1))
    assert later.fields["renewal_deadline"].value == "2026-12-31"
    assert "after 1 renewal" in later.fields["renewal_deadline"].evidence


def test_distractors_are_not_read_as_values(fixture_text):
    # response times in hours, late-payment interest, a 14-day cure period, a 5-year survival
    result = read_contract(fixture_text("dienstleistungsvertrag_de.txt"), TODAY)
    assert result.clauses["payment_terms_days"].value == 30
    assert "Verzugszinsen" not in result.clauses["sla_uptime"].evidence
    chinese = read_contract(fixture_text("fuwu_xieyi_zh.txt"), TODAY)
    assert chinese.clauses["termination_notice_days"].evidence.startswith("任何一方可提前九十")


@pytest.mark.parametrize(("name", "truth"), CASES, ids=IDS)
def test_the_pipeline_classifies_and_reads_a_contract_file_end_to_end(name, truth):
    data = (FIXTURES / name).read_bytes()
    result = extract_bytes(data, name, ExtractionConfig(today=TODAY)).to_json()
    assert result["doc_type"] == "contract"
    assert result["fields"]["effective_date"]["value"] == truth["effective_date"]
    assert result["clauses"]["governing_law"]["value"] == truth["governing_law"]
    pages = {"master_services_agreement_en.txt": 2, "fuwu_xieyi_zh.txt": 3}
    pages["dienstleistungsvertrag_de.txt"] = 3
    assert result["clauses"]["governing_law"]["page"] == pages.get(name, 1)


def test_a_response_time_table_is_the_evidence_of_the_most_severe_level(fixture_text):
    result = read_contract(fixture_text("support_agreement_en.txt"), TODAY)
    evidence = result.clauses["sla_response_hours"].evidence
    assert evidence.startswith("most severe level (priority 1) of 3 times stated — Priority |")
    assert "Priority 3 (Normal) | Minor impact | 1 Business Day | 10 Business Days" in evidence
    assert result.clauses["sla_response_hours"].page == 1
