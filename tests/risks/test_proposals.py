"""Automatic risks: each rule, idempotent re-runs, dismissed proposals never come back."""

from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from sqlalchemy import func, select

from portal.core.db import db
from portal.lifecycle.models import LifecycleEvent
from portal.risks.models import Risk, WatchCountry
from portal.risks.proposals import propose_risks
from portal.risks.register import read_risk, update_risk
from portal.scorecards.models import SlaBreach
from tests.support.lifecycle import approved_document

TODAY = date(2026, 5, 4)


def risks(vendor):
    db.session.expire_all()
    return {r.cause: r for r in db.session.scalars(select(Risk).where(Risk.vendor_id == vendor.id))}


def test_an_expired_certificate_without_replacement_is_proposed(app, vendor_a):
    vendor_a.status = "active"
    old = approved_document(
        vendor_a, "iso27001_certificate", "certification", expiry=date(2026, 4, 30), state="expired"
    )
    assert propose_risks(TODAY) == 1
    risk = risks(vendor_a)[f"certificate_expired:document:{old.id}"]
    assert risk.status == "proposed" and risk.category == "security"
    assert "2026-04-30" in risk.title and old.original_filename in risk.evidence
    issue = db.session.scalar(select(LifecycleEvent).where(LifecycleEvent.kind == "risk_proposed"))
    assert issue.vendor_id == vendor_a.id and f"/risks/{risk.id}" == issue.url


def test_an_expired_certificate_with_a_valid_renewal_is_not_a_risk(app, vendor_a):
    vendor_a.status = "active"
    approved_document(
        vendor_a, "iso27001_certificate", "certification", expiry=date(2026, 4, 30), state="expired"
    )
    approved_document(vendor_a, "iso27001_certificate", "certification", expiry=date(2029, 4, 30))
    assert propose_risks(TODAY) == 0


def test_a_vendor_in_a_watched_country_gets_a_political_risk(app, vendor_a, vendor_b):
    db.session.add(WatchCountry(country=vendor_a.country, reason="Export controls tightened"))
    vendor_a.status = vendor_b.status = "active"
    db.session.commit()
    assert propose_risks(TODAY) == 1
    risk = risks(vendor_a)[f"watch_country:{vendor_a.country}"]
    assert risk.category == "political" and "Export controls" in risk.evidence
    assert risks(vendor_b) == {}


def _breach(vendor, start, end, metric="uptime"):
    db.session.add(
        SlaBreach(
            vendor_id=vendor.id,
            metric=metric,
            source="internal",
            period_start=start,
            period_end=end,
            contracted=Decimal("99.9"),
            actual=Decimal("98"),
            evidence={},
        )
    )
    db.session.commit()


def test_an_sla_breached_twice_is_proposed_once_not_after_the_first(app, vendor_a):
    vendor_a.status = "active"
    _breach(vendor_a, date(2026, 1, 1), date(2026, 1, 31))
    assert propose_risks(TODAY) == 0
    _breach(vendor_a, date(2026, 2, 1), date(2026, 2, 28))
    assert propose_risks(TODAY) == 1
    assert risks(vendor_a)["sla_breached_twice:uptime"].category == "operational"
    _breach(vendor_a, date(2026, 3, 1), date(2026, 3, 31))
    assert propose_risks(TODAY) == 0


def test_deteriorating_financial_figures_are_proposed(app, vendor_a):
    vendor_a.status = "active"
    for year, revenue, income in ((2023, 10_000_000, 900_000), (2024, 8_000_000, -200_000)):
        approved_document(
            vendor_a,
            "audited_financial_statements",
            "financial_statement",
            {"fiscal_year_end": f"{year}-12-31", "revenue": revenue, "net_income": income},
        )
    assert propose_risks(TODAY) == 1
    risk = risks(vendor_a)["financial_deterioration:2024"]
    assert risk.category == "financial"
    assert "Revenue fell 20.0 %" in risk.evidence and "loss in 2024" in risk.evidence


def test_rerunning_adds_nothing_and_a_dismissed_proposal_is_not_proposed_again(app, vendor_a):
    db.session.add(WatchCountry(country=vendor_a.country, reason="Sanctions"))
    vendor_a.status = "active"
    db.session.commit()
    assert propose_risks(TODAY) == 1
    assert propose_risks(TODAY) == 0
    (risk,) = risks(vendor_a).values()
    form = read_risk(
        {
            "category": "political",
            "title": risk.title,
            "likelihood": "3",
            "impact": "4",
            "status": "dismissed",
        }
    )
    update_risk(risk, form.values, risk.version)
    db.session.commit()
    assert propose_risks(TODAY) == 0
    assert db.session.scalar(select(func.count(Risk.id))) == 1
    issues = db.session.scalar(
        select(func.count(LifecycleEvent.id)).where(LifecycleEvent.kind == "risk_proposed")
    )
    assert issues == 1


def test_the_cli_proposes_risks_as_of_a_given_day(app, vendor_a, backend, monkeypatch):
    from portal.cli import main

    for key, value in backend.settings.items():
        monkeypatch.setenv(key, value)
    vendor_a.status = "active"
    approved_document(vendor_a, "soc2_report", "audit_report", expiry=date(2026, 6, 30))
    runner = CliRunner()
    before = runner.invoke(main, ["risks", "propose", "--today", "2026-06-01"])
    assert before.exit_code == 0, before.output
    assert '"proposed": 0' in before.output
    after = runner.invoke(main, ["risks", "propose", "--today", "2026-07-01"])
    assert '"proposed": 1' in after.output
    again = runner.invoke(main, ["risks", "propose", "--today", "2026-07-01"])
    assert '"proposed": 0' in again.output
