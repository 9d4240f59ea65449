"""The staff pages: the QBR PDF renders (CJK name included), charts are accessible SVG,
forms refuse bad input with a reason, vendors never see any of it."""

from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
from sqlalchemy import select

from portal.core.db import db
from portal.kpis.periods import parse_period
from portal.lifecycle.models import AgreedAction, LifecycleEvent
from portal.risks.models import Risk
from portal.scorecards.models import ScorecardKpi, SelectionScore
from portal.scorecards.performance import rate
from tests.support.lifecycle import approved_document, validated_report

Q4 = parse_period("2025-Q4")


@pytest.fixture
def chinese_vendor(create_vendor):
    vendor = create_vendor(
        legal_name="深圳星河物流有限公司", country="CN", status="active", category="logistics"
    )
    validated_report(
        vendor,
        Q4.start,
        Q4.end,
        on_time_delivery_rate="96",
        nps="40",
        sla_uptime="99.95",
        incidents="1",
    )
    db.session.add(
        Risk(
            vendor_id=vendor.id,
            category="financial",
            title="Currency exposure <b>",
            likelihood=4,
            impact=3,
            status="open",
        )
    )
    db.session.commit()
    return vendor


def test_the_qbr_pdf_renders_and_page_one_is_an_image_with_ink(
    login_as, reviewer_user, chinese_vendor
):
    client = login_as(reviewer_user)
    page = client.get(f"/vendors/{chinese_vendor.id}/qbr/2025-Q4")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "深圳星河物流有限公司" in html and "Currency exposure &lt;b&gt;" in html
    assert 'role="img"' in html and "<title id=" in html and "Table of this chart" in html
    response = client.get(f"/vendors/{chinese_vendor.id}/qbr/2025-Q4/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(response.data)
    try:
        first = pdf[0]
        textpage = first.get_textpage()
        text = textpage.get_text_range()
        image = first.render(scale=1).to_pil().convert("L")
        textpage.close()
        first.close()
    finally:
        pdf.close()
    assert "深圳星河物流有限公司" in text
    assert "Quarterly business review 2025-Q4" in text
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert image.size[0] > 500 and dark > 2000  # text and the chart were drawn


def test_agreed_actions_are_recorded_and_shown(login_as, reviewer_user, chinese_vendor):
    client = login_as(reviewer_user)
    url = f"/vendors/{chinese_vendor.id}/qbr/2025-Q4/actions"
    assert client.post(url, data={"text": ""}).status_code == 400
    assert (
        client.post(url, data={"text": "Fix the dashboards", "due_on": "soon"}).status_code == 400
    )
    response = client.post(
        url, data={"text": "Fix the dashboards", "owner_name": "Li", "due_on": "2026-03-31"}
    )
    assert response.status_code == 303
    action = db.session.scalar(select(AgreedAction))
    assert action.period_code == "2025-Q4" and action.due_on == date(2026, 3, 31)
    assert "Fix the dashboards" in client.get(f"/vendors/{chinese_vendor.id}/qbr/2025-Q4").get_data(
        as_text=True
    )


def test_the_dashboard_counts_vendors_by_band_and_links_the_scorecard(
    login_as, admin_user, chinese_vendor
):
    rating = db.session.scalar(select(ScorecardKpi).where(ScorecardKpi.code == "quality"))
    rate(chinese_vendor, rating, Q4, Decimal(4), None, admin_user.id)
    db.session.commit()
    html = login_as(admin_user).get("/dashboard").get_data(as_text=True)
    assert "Vendors by band" in html and f"/vendors/{chinese_vendor.id}/scorecard" in html
    scorecard = login_as(admin_user).get(f"/vendors/{chinese_vendor.id}/scorecard?period=2025-Q4")
    text = scorecard.get_data(as_text=True)
    assert scorecard.status_code == 200 and 'data-testid="band"' in text


def test_a_manager_scores_a_candidate_and_compares_the_category(
    login_as, reviewer_user, chinese_vendor, create_vendor
):
    other = create_vendor(legal_name="Rival Freight BV", country="NL", category="logistics")
    approved_document(other, "iso27001_certificate", "certification", expiry=date(2030, 1, 1))
    client = login_as(reviewer_user)
    page = client.get(f"/vendors/{chinese_vendor.id}/selection").get_data(as_text=True)
    assert "Automatic:" in page and "No: no valid ISO/IEC 27001" in page
    criterion = db.session.scalars(select(SelectionScore.criterion_id)).first()
    assert criterion is None
    bad = client.post(f"/vendors/{chinese_vendor.id}/selection", data={"score-5": "9"})
    assert bad.status_code == 400 and "from 0 to 5" in bad.get_data(as_text=True)
    assert (
        client.post(
            f"/vendors/{chinese_vendor.id}/selection",
            data={"score-5": "4", "comment-5": "Strong references"},
        ).status_code
        == 303
    )
    compare = client.get("/selection?category=logistics").get_data(as_text=True)
    assert "Rival Freight BV" in compare and "深圳星河物流有限公司" in compare
    assert "Yes: valid ISO/IEC 27001" in client.get(f"/vendors/{other.id}/selection").get_data(
        as_text=True
    )


def test_a_stale_risk_edit_gets_409_and_changes_nothing(login_as, reviewer_user, chinese_vendor):
    risk = db.session.scalar(select(Risk))
    client = login_as(reviewer_user)
    form = {
        "title": "Currency",
        "category": "financial",
        "likelihood": "2",
        "impact": "2",
        "status": "mitigating",
        "version": str(risk.version),
    }
    assert client.post(f"/risks/{risk.id}", data=form).status_code == 303
    assert client.post(f"/risks/{risk.id}", data={**form, "likelihood": "5"}).status_code == 409
    db.session.expire_all()
    assert db.session.get(Risk, risk.id).likelihood == 2


def test_recording_a_measurement_below_the_contract_opens_an_issue(
    login_as, reviewer_user, chinese_vendor
):
    approved_document(
        chinese_vendor,
        "service_agreement",
        "contract",
        {"sla_uptime": 99.9},
        expiry=date(2030, 1, 1),
    )
    client = login_as(reviewer_user)
    response = client.post(
        f"/vendors/{chinese_vendor.id}/measurements",
        data={
            "metric": "uptime",
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "value": "98.7",
        },
    )
    assert response.status_code == 303
    issue = db.session.scalar(select(LifecycleEvent))
    assert issue.kind == "sla_breach"
    assert (
        client.post(
            f"/vendors/{chinese_vendor.id}/measurements",
            data={
                "metric": "uptime",
                "period_start": "2026-01-01",
                "period_end": "2026-01-31",
                "value": "101",
            },
        ).status_code
        == 400
    )
    issues = client.get("/issues").get_data(as_text=True)
    assert "SLA breach" in issues


def test_vendors_never_see_scorecards_risks_or_reviews_even_their_own(
    login_as, vendor_a, vendor_a_user
):
    client = login_as(vendor_a_user)
    for path in (
        f"/vendors/{vendor_a.id}/scorecard",
        f"/vendors/{vendor_a.id}/risks",
        f"/vendors/{vendor_a.id}/qbr/2025-Q4",
        f"/vendors/{vendor_a.id}/qbr/2025-Q4/pdf",
        "/dashboard",
        "/risks",
        "/issues",
        "/selection",
    ):
        assert client.get(path).status_code == 403, path


def test_unknown_periods_are_404(login_as, reviewer_user, vendor_a):
    client = login_as(reviewer_user)
    assert client.get(f"/vendors/{vendor_a.id}/qbr/2025-Q9").status_code == 404
    assert client.get(f"/vendors/{vendor_a.id}/qbr/2025-11").status_code == 404
