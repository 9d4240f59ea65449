"""Demo data past onboarding: validated quarters, ratings, a measured outage, risks, due
diligence, an escalation path, selection scores and an agreed action — so `make run` shows
populated scorecards, risks, the dashboard and a quarterly review."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.auth.models import User
from portal.core.db import db, utcnow
from portal.diligence.models import DiligenceCheck
from portal.kpis.models import KpiDefinition, KpiReport, KpiValue
from portal.kpis.periods import period_containing
from portal.lifecycle.models import AgreedAction, EscalationStep
from portal.risks.models import Risk
from portal.risks.proposals import propose_risks
from portal.scorecards.models import PerformanceRating, ScorecardKpi, SelectionScore
from portal.scorecards.selection import criteria
from portal.scorecards.sla import check_vendor_sla, record_measurement
from portal.vendors.models import Vendor

HUAXIN = "Shenzhen Huaxin Logistics Co., Ltd."
RHEINWERK = "Rheinwerk Datenservice GmbH"
# Four quarters of Rheinwerk's figures, oldest first: a dip in on-time delivery last quarter,
# and a priority-1 response slower than the contract's 4 hours (a response-time breach).
RHEINWERK_QUARTERS = (
    {"on_time_delivery_rate": 97.8, "nps": 44, "incidents": 0, "sla_uptime": 99.95},
    {"on_time_delivery_rate": 98.4, "nps": 47, "incidents": 1, "sla_uptime": 99.93},
    {"on_time_delivery_rate": 96.9, "nps": 45, "incidents": 0, "sla_uptime": 99.91},
    {"on_time_delivery_rate": 91.5, "nps": 39, "incidents": 2, "sla_uptime": 99.6},
)
RHEINWERK_RESPONSE_HOURS = (2.5, 3.0, 3.5, 5.5)


def _reports(vendor: Vendor, today: date) -> int:
    ids = {d.code: d.id for d in db.session.scalars(select(KpiDefinition))}
    quarter = period_containing(today, "quarterly").previous()
    quarters = [quarter]
    for _ in range(len(RHEINWERK_QUARTERS) - 1):
        quarters.append(quarters[-1].previous())
    created = 0
    quarterly = [
        {**figures, "sla_response_hours": hours}
        for figures, hours in zip(RHEINWERK_QUARTERS, RHEINWERK_RESPONSE_HOURS, strict=True)
    ]
    for period, figures in zip(reversed(quarters), quarterly, strict=True):
        exists = db.session.scalar(
            select(KpiReport.id).where(
                KpiReport.vendor_id == vendor.id,
                KpiReport.frequency == "quarterly",
                KpiReport.period_start == period.start,
            )
        )
        if exists is not None:
            continue
        report = KpiReport(
            vendor_id=vendor.id,
            frequency="quarterly",
            period_start=period.start,
            period_end=period.end,
            status="validated",
            validated_at=utcnow(),
        )
        report.values = [
            KpiValue(definition_id=ids[code], value=Decimal(str(value)))
            for code, value in figures.items()
            if code in ids
        ]
        db.session.add(report)
        created += 1
    db.session.flush()
    return created


def _ratings(vendor: Vendor, rater: User, today: date, scores: tuple[float, ...]) -> int:
    kpis = db.session.scalars(select(ScorecardKpi).where(ScorecardKpi.source == "rating")).all()
    period = period_containing(today, "quarterly").previous()
    created = 0
    for score in reversed(scores):
        for kpi in kpis:
            db.session.add(
                PerformanceRating(
                    vendor_id=vendor.id,
                    kpi_id=kpi.id,
                    period_start=period.start,
                    period_end=period.end,
                    score=Decimal(str(score)),
                    rated_by_id=rater.id,
                )
            )
            created += 1
        period = period.previous()
    return created


def load_lifecycle_demo(vendors: dict[str, Vendor], reviewer: User | None, today: date) -> int:
    rheinwerk, huaxin = vendors.get(RHEINWERK), vendors.get(HUAXIN)
    if rheinwerk is None or huaxin is None or reviewer is None:
        return 0
    if db.session.scalar(select(EscalationStep.id).where(EscalationStep.vendor_id == rheinwerk.id)):
        return 0  # loaded before
    for vendor in (rheinwerk, huaxin):
        vendor.owner_id = vendor.owner_id or reviewer.id
    created = _reports(rheinwerk, today)
    created += _ratings(rheinwerk, reviewer, today, (4.5, 4.0, 4.0, 3.0))
    created += _ratings(huaxin, reviewer, today, (4.0,))
    for level, side, name, role, email, hours in (
        (1, "internal", "Rita Reviewer", "Vendor owner", "rita.reviewer@portal.example", 24),
        (2, "vendor", "Anna Schmidt", "Account manager", "anna.schmidt@rheinwerk.example", 48),
        (3, "internal", "Adam Admin", "Head of procurement", "adam.admin@portal.example", 72),
    ):
        db.session.add(
            EscalationStep(
                vendor_id=rheinwerk.id,
                level=level,
                side=side,
                name=name,
                role=role,
                email=email,
                respond_within_hours=hours,
            )
        )
        created += 1
    db.session.flush()
    last_month = date(today.year, today.month, 1) - timedelta(days=1)
    record_measurement(
        rheinwerk,
        "uptime",
        date(last_month.year, last_month.month, 1),
        last_month,
        Decimal("99.2"),
        "Storage outage on the 14th (monitoring)",
        reviewer.id,
    )
    created += len(check_vendor_sla(rheinwerk, today))
    db.session.add_all(
        [
            Risk(
                vendor_id=huaxin.id,
                category="financial",
                title="CNY/EUR exposure on fixed-price lanes",
                likelihood=3,
                impact=3,
                owner_id=reviewer.id,
                mitigation="Quarterly price review clause; hedge above EUR 500k.",
                review_on=today + timedelta(days=45),
                status="open",
            ),
            Risk(
                vendor_id=rheinwerk.id,
                category="security",
                title="Sub-processor outside the EEA",
                likelihood=2,
                impact=5,
                owner_id=reviewer.id,
                mitigation="SCCs signed; annual audit right exercised.",
                review_on=today + timedelta(days=90),
                status="mitigating",
            ),
            DiligenceCheck(
                vendor_id=rheinwerk.id,
                check_type="sanctions_screening",
                outcome="passed",
                owner_id=reviewer.id,
                performed_on=today - timedelta(days=200),
                evidence="EU, UN and OFAC lists: no hits.",
            ),
            DiligenceCheck(
                vendor_id=rheinwerk.id,
                check_type="registry_check",
                outcome="passed",
                owner_id=reviewer.id,
                performed_on=today - timedelta(days=200),
                evidence="Handelsregister extract HRB 104233, managing directors match.",
            ),
            DiligenceCheck(
                vendor_id=huaxin.id,
                check_type="site_visit",
                outcome="pending",
                owner_id=reviewer.id,
            ),
            AgreedAction(
                vendor_id=rheinwerk.id,
                period_code=period_containing(today, "quarterly").previous().code,
                text="Root-cause report on the storage outage and a credit note.",
                owner_name="Anna Schmidt",
                due_on=today + timedelta(days=21),
                created_by_id=reviewer.id,
            ),
        ]
    )
    created += 6
    manual = [c for c in criteria() if not c.auto_rule]
    for criterion, score in zip(manual, (4, 3, 4, 3, 4, 3, 4), strict=False):
        db.session.add(
            SelectionScore(
                vendor_id=huaxin.id, criterion_id=criterion.id, reviewer_id=reviewer.id, score=score
            )
        )
        created += 1
    db.session.flush()
    created += propose_risks(today)
    return created
