"""`sla_response_hours` and `sla_resolution_hours`: committed incident response and resolution
times in hours, in the ways contracts state them, and the times that only look alike (notice
periods, invoice queries, cure periods, delivery lead times)."""

import pytest

from extraction.contracts.response_times import find_times

from .conftest import read_contract, values


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Supplier shall respond to all Incidents within four (4) hours.", 4),
        ("The Provider shall acknowledge each support ticket within 30 minutes.", 0.5),
        ("Support. Licensor will respond to Error reports within one business day.", 24),
        ("Response time for critical incidents: 2 hrs.", 2),
        ("§ 5 Support\n(1) Es gilt eine Reaktionszeit von 4 Stunden bei Störungen.", 4),
        (
            "Bei Störungsmeldungen wird der Auftragnehmer innerhalb von zwei (2) Stunden "
            "reagieren.",
            2,
        ),
        ("第五条 技术支持\n5.1 故障响应时间不超过2小时。", 2),
        ("乙方应在接到故障通知后四(4)小时内响应。", 4),
        ("紧急故障：乙方应在三十分钟内响应。", 0.5),
        ("Le prestataire s'engage à répondre à tout incident dans un délai de deux (2) heures.", 2),
        ("El proveedor deberá dar respuesta a cada incidencia en un plazo de 4 horas.", 4),
        ("Party B shall respond to the complaints within 24 hours.", 24),
    ],
)
def test_the_committed_response_time_is_read_in_hours(text, hours):
    assert values(text)["sla_response_hours"] == hours


def test_per_priority_times_report_the_most_severe_level_and_keep_the_table():
    text = (
        "7. Support Services\n7.1 Supplier shall respond to incidents as follows: Priority 1: "
        "response within 1 hour; Priority 2: 4 hours; Priority 3: one business day."
    )
    found = read_contract(text).clauses
    assert found["sla_response_hours"].value == 1
    evidence = found["sla_response_hours"].evidence
    assert "most severe level (priority 1) of 3" in evidence
    assert "Priority 2: 4 hours; Priority 3: one business day" in evidence


def test_the_most_severe_level_wins_even_when_it_is_not_the_shortest_time_written_first():
    text = (
        "Service Levels. Priority 3 incidents: response within 30 minutes by e-mail "
        "acknowledgement; Priority 1 incidents: response within 2 hours."
    )
    assert values(text)["sla_response_hours"] == 2


def test_a_table_of_response_and_resolution_times_is_read_by_its_columns():
    text = (
        "5. Service Levels\n"
        "Severity | Description | Response Time | Resolution Time\n"
        "Severity 1 | Service down | 30 minutes | 4 hours\n"
        "Severity 2 | Degraded | 2 hours | 1 Business Day\n"
        "Severity 3 | Question | 8 business hours | 5 Business Days\n"
    )
    found = read_contract(text).clauses
    assert found["sla_response_hours"].value == 0.5
    assert found["sla_resolution_hours"].value == 4
    # the whole table is the evidence, so a reviewer sees every level
    assert "Severity 3 | Question | 8 business hours | 5 Business Days" in (
        found["sla_resolution_hours"].evidence
    )


def test_resolution_times_are_read_apart_from_response_times():
    found = values(
        "Supplier shall respond to Priority 1 incidents within thirty (30) minutes and resolve "
        "them within four (4) hours."
    )
    assert found["sla_response_hours"] == 0.5
    assert found["sla_resolution_hours"] == 4
    chinese = values("4.2 一级故障：乙方应在三十(30)分钟内响应，并在四(4)小时内解决。")
    assert (chinese["sla_response_hours"], chinese["sla_resolution_hours"]) == (0.5, 4)
    german = values(
        "Bei Störungen der Priorität 1 gilt eine Reaktionszeit von einer (1) Stunde und eine "
        "Wiederherstellungszeit von sechs (6) Stunden."
    )
    assert (german["sla_response_hours"], german["sla_resolution_hours"]) == (1, 6)


def test_business_time_is_flagged_and_said_in_the_evidence():
    text = "Support. Licensor will respond to Error reports within one business day."
    found = read_contract(text).clauses
    assert found["sla_response_business_hours"].value is True
    assert found["sla_response_hours"].evidence.startswith(
        "1 business day counted as 24 hours; business time"
    )
    hours = read_contract("Provider shall respond to incidents within 4 business hours.").clauses
    assert hours["sla_response_hours"].value == 4
    assert hours["sla_response_business_hours"].value is True
    plain = read_contract("Provider shall respond to incidents within 4 hours.").clauses
    assert "sla_response_business_hours" not in plain


def test_an_on_site_goal_does_not_replace_the_response_time():
    text = (
        "Support: on-call service with a guaranteed response time of 3 hours with a goal of "
        "on site within 2 hours."
    )
    assert values(text)["sla_response_hours"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "Either party may terminate this Agreement on thirty (30) days' written notice.",
        "Customer shall respond to the invoice within 10 days of receipt.",
        "3. Fees\n3.1 Customer shall respond to any invoice query within ten (10) days.",
        "4. Service Levels\n4.1 Customer shall respond to each invoice within 10 days.",
        "If a party fails to cure a material breach within thirty (30) days of notice, the "
        "other party may terminate.",
        "Provider shall remedy any breach of the service levels within 48 hours of notice.",
        "Supplier shall deliver the Products within 48 hours of receipt of a purchase order.",
        "Provider shall give at least forty-eight (48) hours' notice of scheduled maintenance "
        "of the support systems.",
        "The help desk is available to respond to incidents twenty-four (24) hours a day.",
        "Supplier shall resolve complaints and keep its hotline open 24 hours a day.",
        "Any failure to respond within such five business day period shall be deemed "
        "disapproval of the advertising materials.",
        "Each Sender shall respond to this offer in the following forty eight (48) hours.",
        "Einwände gegen eine Rechnung hat der Auftraggeber innerhalb von 30 Tagen zu erheben.",
        "乙方应在收到甲方订单后七(7)日内交付硬件设备。",
        "甲方对发票有异议的，应在收到发票后五(5)日内答复乙方。",
        "任何一方违约的，应在收到对方书面通知后十五(15)日内予以纠正。",
    ],
)
def test_times_that_are_not_incident_response_times_give_no_value(text):
    found = values(text)
    assert "sla_response_hours" not in found
    assert "sla_resolution_hours" not in found


def test_times_are_read_in_words_figures_and_units_of_each_language():
    def hours(text):
        return [(t.hours, t.business) for t in find_times(text)]

    assert hours("within thirty (30) minutes") == [(0.5, False)]
    assert hours("two (2) Business Days") == [(48, True)]
    assert hours("next business day") == [(24, True)]
    assert hours("innerhalb von zwei (2) Werktagen") == [(48, True)]
    assert hours("binnen 90 Minuten") == [(1.5, False)]
    assert hours("二(2)个工作日内") == [(48, True)]
    assert hours("三十分钟") == [(0.5, False)]
    assert hours("dans un délai de 4 heures ouvrées") == [(4, True)]
    assert hours("en un plazo de 2 días hábiles") == [(48, True)]
    assert hours("3月30日") == []  # a date, not a duration
    assert hours("24 hours a day") == [(24, False)]  # "a day" is the rate, not a second time


def test_a_level_named_by_the_provision_title_counts_and_the_title_is_evidence():
    text = (
        "2. Support and Service Levels\n"
        "2.1 Priority 2 incidents: response within 30 minutes.\n"
        "2.2 Priority 1 incidents: response within 2 hours.\n"
    )
    found = read_contract(text).clauses["sla_response_hours"]
    assert found.value == 2
    assert "Priority 2 incidents: response within 30 minutes" in found.evidence
    assert "Priority 1 incidents: response within 2 hours" in found.evidence
