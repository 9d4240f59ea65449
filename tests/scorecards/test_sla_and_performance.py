"""SLA breaches from the contract's clause against measured values, and the performance
scorecard built from validated reports, ratings and counted events."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from portal.core.db import db
from portal.kpis.models import KpiReport
from portal.kpis.periods import parse_period
from portal.lifecycle.models import LifecycleEvent
from portal.scorecards.models import ScorecardKpi, SlaBreach
from portal.scorecards.performance import rate, scorecard
from portal.scorecards.sla import check_vendor_sla, record_measurement
from tests.support.lifecycle import approved_document, validated_report

TODAY = date(2026, 2, 10)
Q4 = parse_period("2025-Q4")
Q3 = parse_period("2025-Q3")


def contract(vendor, uptime="99.9"):
    return approved_document(
        vendor,
        "service_agreement",
        "contract",
        {"sla_uptime": float(uptime)},
        expiry=date(2028, 1, 1),
        evidence={"sla_uptime": f"availability of at least {uptime}% per month"},
    )


def test_a_validated_self_report_below_the_contracted_uptime_opens_an_issue(app, vendor_a):
    document = contract(vendor_a)
    validated_report(vendor_a, Q4.start, Q4.end, sla_uptime="99.5")
    (breach,) = check_vendor_sla(vendor_a, TODAY)
    db.session.commit()
    assert (breach.metric, breach.source) == ("uptime", "self_report")
    assert breach.contracted == Decimal("99.9") and breach.actual == Decimal("99.5")
    assert breach.evidence["contract_document_id"] == document.id
    assert "availability of at least 99.9%" in breach.evidence["clause_evidence"]
    issue = db.session.get(LifecycleEvent, breach.event_id)
    assert issue.kind == "sla_breach" and issue.status == "open"
    assert "99.5" in issue.title and document.original_filename in issue.detail
    assert "page 3" in issue.detail


def test_a_submitted_but_unvalidated_report_is_not_evidence(app, vendor_a):
    contract(vendor_a)
    report = validated_report(vendor_a, Q4.start, Q4.end, sla_uptime="97")
    report.status = "submitted"
    db.session.commit()
    assert check_vendor_sla(vendor_a, TODAY) == []


def test_internal_measurements_are_compared_and_each_breach_recorded_once(app, vendor_a):
    contract(vendor_a)
    record_measurement(
        vendor_a, "uptime", date(2026, 1, 1), date(2026, 1, 31), Decimal("99.95"), None, None
    )
    record_measurement(
        vendor_a, "uptime", date(2025, 12, 1), date(2025, 12, 31), Decimal("98.2"), "outage", None
    )
    assert len(check_vendor_sla(vendor_a, TODAY)) == 1
    assert check_vendor_sla(vendor_a, TODAY) == []
    db.session.commit()
    assert db.session.scalar(select(func.count(SlaBreach.id))) == 1
    assert db.session.scalar(select(func.count(LifecycleEvent.id))) == 1


def test_no_contract_in_force_means_no_breach(app, vendor_a):
    document = contract(vendor_a)
    document.expiry_date = TODAY - timedelta(days=1)
    db.session.commit()
    validated_report(vendor_a, Q4.start, Q4.end, sla_uptime="90")
    assert check_vendor_sla(vendor_a, TODAY) == []


def test_the_scorecard_uses_validated_figures_ratings_and_counted_events(
    app, vendor_a, reviewer_user
):
    validated_report(
        vendor_a,
        Q4.start,
        Q4.end,
        on_time_delivery_rate="98",
        sla_uptime="99.9",
        nps="50",
        incidents="0",
    )
    quality = db.session.scalar(select(ScorecardKpi).where(ScorecardKpi.code == "quality"))
    responsiveness = db.session.scalar(
        select(ScorecardKpi).where(ScorecardKpi.code == "responsiveness")
    )
    rate(vendor_a, quality, Q4, Decimal("4.5"), "Clean deliveries", reviewer_user.id)
    rate(vendor_a, responsiveness, Q4, Decimal("4.5"), None, reviewer_user.id)
    db.session.commit()
    card = scorecard(vendor_a, Q4)
    assert card.score == Decimal(100) and card.band == "preferred"
    assert card.line("incidents").value == 0
    # Q3 had no data: it scores as missing, and the change cannot be computed.
    assert card.previous_score is None and card.change is None
    assert scorecard(vendor_a, Q3).missing


def test_unvalidated_figures_do_not_count_and_the_period_scores_missing(app, vendor_a):
    report = validated_report(vendor_a, Q4.start, Q4.end, on_time_delivery_rate="98")
    report.status = "submitted"
    db.session.commit()
    card = scorecard(vendor_a, Q4)
    assert card.missing and card.band is None


def test_monthly_reports_are_averaged_into_the_quarter_and_breaches_count_as_incidents(
    app, vendor_a
):
    validated_report(
        vendor_a, date(2025, 10, 1), date(2025, 10, 31), "monthly", on_time_delivery_rate="90"
    )
    validated_report(
        vendor_a, date(2025, 11, 1), date(2025, 11, 30), "monthly", on_time_delivery_rate="96"
    )
    contract(vendor_a)
    record_measurement(
        vendor_a, "uptime", date(2025, 11, 1), date(2025, 11, 30), Decimal("99"), None, None
    )
    check_vendor_sla(vendor_a, TODAY)
    db.session.commit()
    card = scorecard(vendor_a, Q4)
    assert card.line("on_time_delivery").value == Decimal(93)
    assert card.line("incidents").value == 1
    assert card.line("uptime").missing  # the internal measurement is not a self-report


def test_the_score_change_names_the_kpi_that_moved_it(app, vendor_a):
    validated_report(vendor_a, Q3.start, Q3.end, on_time_delivery_rate="98", nps="50")
    validated_report(vendor_a, Q4.start, Q4.end, on_time_delivery_rate="85", nps="50")
    card = scorecard(vendor_a, Q4)
    assert card.previous_score == Decimal(100)
    assert card.change < 0
    assert "moved most by On-time delivery" in " ".join(card.explanation)
    assert db.session.scalar(select(func.count(KpiReport.id))) == 2
