"""Each clause reader on the ways contracts state it, and on the sentences that only look alike."""

from datetime import date

import pytest

from .conftest import values


@pytest.mark.parametrize(
    ("sentence", "law"),
    [
        ("This Agreement shall be governed by the laws of the State of New York.", "New York"),
        (
            "THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE STATE OF DELAWARE WITHOUT "
            "REGARD TO ITS CONFLICT OF LAWS PRINCIPLES.",
            "Delaware",
        ),
        ("This Agreement is governed by English law.", "England and Wales"),
        (
            "This Agreement shall be construed in accordance with the laws of Singapore.",
            "Singapore",
        ),
        (
            "This Agreement shall be governed by the laws of the United States and of the "
            "State of Texas.",
            "Texas",
        ),
        ("Dieser Vertrag unterliegt deutschem Recht.", "Germany"),
        ("本协议适用中华人民共和国法律。", "People's Republic of China"),
    ],
)
def test_governing_law_is_normalised(sentence, law):
    assert values(sentence)["governing_law"] == law


def test_a_party_incorporated_under_a_law_is_not_the_governing_law():
    text = "Acme Inc., a corporation organized under the laws of the State of Delaware, agrees."
    assert "governing_law" not in values(text)


def test_the_new_york_convention_is_not_new_york_law():
    text = (
        "Awards shall be enforceable under the New York Convention. This Agreement shall be "
        "governed by the laws of England."
    )
    assert values(text)["governing_law"] == "England and Wales"


@pytest.mark.parametrize(
    ("text", "forum"),
    [
        (
            "Any dispute shall be finally resolved by arbitration administered by the Singapore "
            "International Arbitration Centre. The seat of the arbitration shall be Singapore.",
            "Arbitration (SIAC), Singapore",
        ),
        (
            "Each party irrevocably submits to the exclusive jurisdiction of the courts located in "
            "New York County, New York.",
            "Courts of New York County, New York",
        ),
        ("Ausschließlicher Gerichtsstand ist Frankfurt am Main.", "Courts of Frankfurt am Main"),
        (
            "争议提交中国国际经济贸易仲裁委员会在北京仲裁，仲裁裁决是终局的。",
            "Arbitration (CIETAC), Beijing",
        ),
    ],
)
def test_dispute_forum(text, forum):
    assert values(text)["dispute_forum"] == forum


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        (
            "Customer may terminate this Agreement for convenience upon thirty (30) days' notice.",
            30,
        ),
        (
            "Either party may terminate this Agreement without cause on ninety days "
            "written notice.",
            90,
        ),
        ("Either Party may terminate this Agreement by giving six (6) months' prior notice.", 183),
        (
            "Jede Partei kann diesen Vertrag jederzeit mit einer Frist von dreißig (30) "
            "Tagen kündigen.",
            30,
        ),
        ("任何一方可提前三十(30)日书面通知对方解除本协议。", 30),
        ("Licensee may terminate this Agreement at any time for any reason.", 0),
        (
            "Any Participant may withdraw from the Joint Venture at any time on thirty (30) "
            "days' written notice.",
            30,
        ),
        (
            "Supplier may terminate this Agreement on sixty (60) days' notice; provided that if "
            "Supplier does so, it shall refund prepaid fees.",
            60,
        ),
    ],
)
def test_termination_for_convenience_notice(sentence, days):
    assert values(sentence)["termination_notice_days"] == days


@pytest.mark.parametrize(
    "sentence",
    [
        "Either party may terminate this Agreement upon thirty (30) days written notice if the "
        "other party materially breaches this Agreement.",
        "Supplier may terminate this Agreement if Customer becomes insolvent.",
        "Upon termination of this Agreement for any reason, Customer shall pay all fees due.",
        "Neither party may terminate this Agreement for convenience.",
        "This Agreement may be terminated at any time by mutual written agreement of the parties.",
        "Licensor shall have the right to terminate the Advertising Fund at any time.",
        "Either party may terminate this Agreement by giving notice at least ninety (90) days "
        "prior to the end of the then-current term.",
    ],
)
def test_termination_for_cause_is_not_for_convenience(sentence):
    assert "termination_notice_days" not in values(sentence)


def test_business_days_of_termination_notice_are_flagged():
    found = values(
        "Customer may terminate this Agreement for convenience on 30 Business Days' notice."
    )
    assert found["termination_notice_days"] == 30
    assert found["termination_notice_business_days"] is True


TERM = (
    'This Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
    "1. Term. This Agreement shall commence on the Effective Date and continue for an initial "
    "term of two (2) years. {renewal}"
)


@pytest.mark.parametrize(
    ("renewal", "mode", "months", "notice"),
    [
        (
            "Thereafter it shall automatically renew for successive one (1) year periods "
            "unless either party gives notice of non-renewal at least ninety (90) days prior "
            "to the end of the then-current term.",
            "automatic",
            12,
            90,
        ),
        (
            "This Agreement shall continue on a month-to-month basis thereafter unless "
            "either party gives thirty (30) days' prior written notice.",
            "automatic",
            1,
            30,
        ),
        (
            "Customer shall have the option to renew this Agreement for an additional three (3) "
            "year term by written notice given at least six (6) months before expiry.",
            "option",
            36,
            183,
        ),
    ],
)
def test_renewal_shape_length_and_notice(renewal, mode, months, notice):
    found = values(TERM.format(renewal=renewal))
    assert found["auto_renewal"] is True
    assert found["renewal_mode"] == mode
    assert found["renewal_term_months"] == months
    assert abs(found["non_renewal_notice_days"] - notice) <= 2


def test_renewal_by_mutual_agreement_is_not_automatic():
    found = values(
        TERM.format(renewal="It may be renewed by mutual written agreement of the parties.")
    )
    assert found["auto_renewal"] is False


def test_a_fixed_term_reports_no_renewal():
    found = values(TERM.format(renewal=""))
    assert found["auto_renewal"] is False
    assert "renewal_term_months" not in found


def test_expiry_is_computed_from_effective_date_and_term_and_says_so():
    result_values = values(TERM.format(renewal=""))
    assert result_values["effective_date"] == "2023-03-01"
    assert result_values["initial_term_months"] == 24
    assert result_values["expiry_date"] == "2025-03-01"
    from .conftest import read_contract

    evidence = read_contract(TERM.format(renewal="")).fields["expiry_date"].evidence
    assert evidence.startswith("computed: effective date 2023-03-01 + initial term of 2 years")


def test_a_stated_expiry_wins_over_the_computed_one():
    text = (
        "This Agreement is effective as of June 1, 1998 and shall continue for a term of three (3) "
        "years expiring May 31, 2001."
    )
    found = values(text)
    assert (found["effective_date"], found["expiry_date"]) == ("1998-06-01", "2001-05-31")


def test_a_contract_that_runs_until_terminated_has_no_expiry():
    text = (
        "This Agreement is dated January 5, 2020. The term of this Agreement shall commence on "
        "the date hereof and shall continue in perpetuity unless terminated as provided herein."
    )
    assert "expiry_date" not in values(text)


def test_renewal_deadline_is_expiry_minus_notice_in_calendar_months():
    text = (
        "This Agreement is effective as of January 1, 2024 and shall expire on December 31, "
        "2025. It shall automatically renew for successive periods of one year unless either "
        "party gives notice of non-renewal at least three (3) months prior to the expiration "
        "of the then-current term."
    )
    assert values(text, today=date(2024, 6, 1))["renewal_deadline"] == "2025-09-30"
    # once the deadline has passed, the next renewal's deadline is the one that matters
    assert values(text, today=date(2025, 10, 15))["renewal_deadline"] == "2026-09-30"


def test_renewal_deadline_in_business_days_skips_weekends():
    text = (
        "This Agreement is effective as of January 1, 2024 and shall expire on Friday, "
        "June 28, 2024. It shall automatically renew for successive one year periods unless "
        "either party gives written notice at least ten (10) business days prior to the "
        "expiration of the term."
    )
    found = values(text, today=date(2024, 1, 15))
    assert found["non_renewal_notice_days"] == 10
    assert found["non_renewal_notice_business_days"] is True
    assert found["renewal_deadline"] == "2024-06-14"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "IN NO EVENT SHALL SUPPLIER'S AGGREGATE LIABILITY EXCEED US$2,500,000.",
            {"liability_cap_amount": 2500000, "liability_cap_currency": "USD"},
        ),
        (
            "Each party's total liability shall not exceed the fees paid in the twelve (12) months "
            "preceding the claim.",
            {"liability_cap_months_fees": 12, "liability_cap_basis": "fees_period"},
        ),
        (
            "Die Haftung ist je Schadensfall auf EUR 250.000,00 begrenzt.",
            {"liability_cap_amount": 250000, "liability_cap_currency": "EUR"},
        ),
        (
            "乙方的赔偿责任以人民币100万元为限。",
            {"liability_cap_amount": 1000000, "liability_cap_currency": "CNY"},
        ),
        (
            "Supplier's liability shall not exceed the total amounts paid by Customer under "
            "this Agreement.",
            {"liability_cap_basis": "fees_paid"},
        ),
        (
            "Neither party shall be liable for any indirect, incidental or consequential damages.",
            {"liability_cap_basis": "excludes_indirect_damages"},
        ),
    ],
)
def test_liability_cap(sentence, expected):
    found = values(sentence)
    assert {name: found.get(name) for name in expected} == expected


def test_an_exclusion_of_indirect_damages_is_not_a_cap_amount():
    found = values("Neither party shall be liable for any consequential damages or lost profits.")
    assert "liability_cap_amount" not in found and "liability_cap_months_fees" not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Licensor shall have the right, upon reasonable notice, to inspect and audit the books and "
        "records of Licensee.",
        "Supplier shall make its records available for inspection by Customer during "
        "business hours.",
        "Der Auftraggeber ist berechtigt, die Bücher des Auftragnehmers zu prüfen.",
        "甲方有权审计乙方的账簿和记录。",
    ],
)
def test_audit_rights(sentence):
    assert values(sentence)["audit_rights"] is True


def test_audited_financial_statements_are_not_audit_rights():
    text = "The Company shall deliver its audited financial statements within 90 days of year end."
    assert "audit_rights" not in values(text)


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("Customer shall pay each invoice within thirty (30) days of receipt of the invoice.", 30),
        ("All invoices are payable net 45.", 45),
        ("Rechnungen sind innerhalb von 14 Tagen nach Rechnungseingang zahlbar.", 14),
        ("甲方应在收到发票后十五(15)日内付款。", 15),
    ],
)
def test_payment_terms(sentence, days):
    assert values(sentence)["payment_terms_days"] == days


@pytest.mark.parametrize(
    ("sentence", "uptime"),
    [
        ("Supplier guarantees availability of 99.9% per calendar month.", 99.9),
        ("Die Verfügbarkeit beträgt mindestens 99,5 %.", 99.5),
        ("系统可用性不低于99.95%。", 99.95),
    ],
)
def test_sla_uptime(sentence, uptime):
    assert values(sentence)["sla_uptime"] == uptime


def test_a_percentage_that_is_not_availability_is_not_an_sla():
    assert "sla_uptime" not in values("Late payments bear interest at 1.5% per month; 95% of fees.")


@pytest.mark.parametrize(
    ("sentence", "mechanism"),
    [
        (
            "Personal data shall not be transferred outside the EEA except under the Standard "
            "Contractual Clauses.",
            "Standard Contractual Clauses",
        ),
        (
            "Transfers to the United States rely on the EU-U.S. Data Privacy Framework.",
            "EU-U.S. Data Privacy Framework",
        ),
        (
            "向境外提供个人信息的，双方应签订个人信息出境标准合同。",
            "PRC standard contract for personal information export",
        ),
    ],
)
def test_data_transfer_mechanism(sentence, mechanism):
    assert values(sentence)["data_transfer_mechanism"] == mechanism


def test_force_majeure():
    text = "Neither party shall be liable for delay caused by force majeure, including acts of God."
    assert values(text)["force_majeure"] is True
    assert "force_majeure" not in values("The Supplier shall deliver the goods on time.")


def test_parties_and_the_vendor_among_them():
    text = (
        "This Supply Agreement is made on May 1, 2024 by and between Acme Retail Inc., a Delaware "
        'corporation ("Customer"), and Widget Works GmbH, a German company ("Supplier").'
    )
    found = values(text)
    assert found["parties"] == ["Acme Retail Inc.", "Widget Works GmbH"]
    assert found["holder_name"] == "Widget Works GmbH"


@pytest.mark.parametrize(
    ("text", "expiry"),
    [
        (
            "This Agreement is made as of April 17, 2017. The term of this Agreement shall "
            "continue until the later of (a) the fourth (4th) anniversary of the Effective Date "
            "or (b) the completion of the Research.",
            "2021-04-17",
        ),
        (
            "This Agreement is dated August 1, 2019. This Agreement shall become effective on "
            "the date first written above and shall continue in effect for a period of Three "
            "(3) years.",
            "2022-08-01",
        ),
        (
            "This Agreement is made this 1st day of October 2008. This Agreement shall be for the "
            "term of one year; thereafter, the Agreement shall renew automatically.",
            "2009-10-01",
        ),
    ],
)
def test_expiry_from_anniversaries_and_periods(text, expiry):
    assert values(text)["expiry_date"] == expiry


def test_a_period_after_the_term_is_not_the_term():
    text = (
        "This Agreement is dated May 1, 2020 and shall expire on April 30, 2022. During the Term "
        "and for two (2) years thereafter, Licensee shall keep accurate records."
    )
    found = values(text)
    assert found["expiry_date"] == "2022-04-30"
    assert "initial_term_months" not in found
