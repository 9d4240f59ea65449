"""Admins tune the scorecards on /admin/scorecards: line weights, targets and worst values,
selection criteria and score bands — the sum rule, stale edits, audit, and the scores shown."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.kpis.periods import parse_period
from portal.scorecards.models import ScorecardKpi, ScorecardSetting, SelectionCriterion
from portal.scorecards.performance import latest_ended, rate, scorecard
from portal.scorecards.tuning import source_key
from tests.support.lifecycle import validated_report

Q4 = parse_period("2025-Q4")
URL = "/admin/scorecards"


def _version(key):
    db.session.expire_all()
    return db.session.get(ScorecardSetting, key).version


def line_form(**changes):
    """The stored lines as the page posts them, with `changes` (code → {field: text})."""
    db.session.expire_all()
    data = {"version": str(_version("performance"))}
    for kpi in db.session.scalars(select(ScorecardKpi)):
        key = f"kpi-{kpi.id}"
        fields = {
            "name": kpi.name,
            "source": source_key(kpi),
            "weight": f"{kpi.weight.normalize():f}",
            "target": f"{kpi.target.normalize():f}",
            "worst": f"{kpi.worst.normalize():f}",
            "active": "1" if kpi.active else None,
        }
        fields.update(changes.get(kpi.code, {}))
        data.update({f"{key}-{k}": v for k, v in fields.items() if v is not None})
    for k, v in changes.get("new", {}).items():
        data[f"new-{k}"] = v
    return data


def criteria_form(**changes):
    db.session.expire_all()
    data = {"version": str(_version("selection"))}
    for item in db.session.scalars(select(SelectionCriterion)):
        key = f"criterion-{item.id}"
        fields = {
            "criterion_group": item.criterion_group,
            "name": item.name,
            "description": item.description or "",
            "weight": f"{item.weight.normalize():f}",
            "auto_rule": item.auto_rule or "",
            "active": "1" if item.active else None,
        }
        fields.update(changes.get(item.name, {}))
        data.update({f"{key}-{k}": v for k, v in fields.items() if v is not None})
    for group, values in changes.get("new", {}).items():
        data.update({f"new-{group}-{k}": v for k, v in values.items()})
    return data


def kpi(code):
    db.session.expire_all()
    return db.session.scalar(select(ScorecardKpi).where(ScorecardKpi.code == code))


def audit(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_line_weights_summing_to_99_or_101_are_refused_and_100_is_saved_with_audit(
    login_as, admin_user
):
    client = login_as(admin_user)
    for weight, total in (("24", "99"), ("26", "101")):
        response = client.post(f"{URL}/lines", data=line_form(on_time_delivery={"weight": weight}))
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert f"they sum to {total}" in html
        # What was typed is still there, and nothing was written.
        line = kpi("on_time_delivery")
        assert f'value="{weight}"' in html and line.weight == Decimal(25)
    assert audit("scorecard_kpi.changed") == []
    response = client.post(
        f"{URL}/lines",
        data=line_form(on_time_delivery={"weight": "24"}, nps={"weight": "11", "target": "60"}),
    )
    assert response.status_code == 303
    assert kpi("on_time_delivery").weight == Decimal(24) and kpi("nps").weight == Decimal(11)
    changes = {row.object_id: row.details["changes"] for row in audit("scorecard_kpi.changed")}
    assert changes == {
        str(kpi("on_time_delivery").id): {"weight": ["25", "24"]},
        str(kpi("nps").id): {"weight": ["10", "11"], "target": ["50", "60"]},
    }
    assert audit("scorecard_kpi.changed")[0].actor_user_id == admin_user.id


def test_a_bad_number_is_shown_beside_its_field_and_keeps_the_rest_typed(login_as, admin_user):
    client = login_as(admin_user)
    nps = kpi("nps")
    data = line_form(nps={"target": "lots", "name": "NPS (customers)"}, uptime={"worst": "99.9"})
    response = client.post(f"{URL}/lines", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="kpi-{nps.id}-target"[^>]*aria-invalid="true"', html)
    assert f'id="kpi-{nps.id}-target-error"' in html and "Enter a number." in html
    assert "must differ from the target" in html
    assert 'value="NPS (customers)"' in html and 'value="lots"' in html
    assert kpi("nps").name == "Net Promoter Score"


def test_a_changed_target_changes_the_vendors_score_and_explanation(
    app, login_as, admin_user, vendor_a
):
    validated_report(vendor_a, Q4.start, Q4.end, on_time_delivery_rate="91.5", nps="50")
    before = scorecard(vendor_a, Q4, with_previous=False)
    assert before.line("on_time_delivery").points == Decimal(50)
    assert any("On-time delivery cost the most" in s for s in before.explanation)
    response = login_as(admin_user).post(
        f"{URL}/lines", data=line_form(on_time_delivery={"target": "91.5"})
    )
    assert response.status_code == 303
    after = scorecard(vendor_a, Q4, with_previous=False)
    assert after.line("on_time_delivery").points == Decimal(100)
    assert after.score == Decimal(100) and after.score > before.score
    assert not any("cost the most" in s for s in after.explanation)
    page = login_as(admin_user).get(f"/vendors/{vendor_a.id}/scorecard?period=2025-Q4")
    assert "<strong>100.0</strong>" in page.get_data(as_text=True)


def test_an_added_line_scores_and_a_deactivated_line_leaves_the_scorecard(
    app, login_as, admin_user, reviewer_user, vendor_a
):
    client = login_as(admin_user)
    data = line_form(
        quality={"weight": "5"},
        nps={"active": None},
        new={
            "name": "Communication",
            "source": "rating",
            "weight": "20",
            "target": "5",
            "worst": "0",
            "active": "1",
        },
    )
    assert client.post(f"{URL}/lines", data=data).status_code == 303
    added = kpi("communication")
    assert added.source == "rating" and added.source_code == "communication" and added.active
    assert len(audit("scorecard_kpi.added")) == 1
    rate(vendor_a, added, Q4, Decimal(4), None, reviewer_user.id)
    db.session.commit()
    card = scorecard(vendor_a, Q4, with_previous=False)
    assert card.line("communication").points == Decimal(80)
    # Communication (weight 20, 80 points) beside the counted events (weight 20, none: 100).
    assert card.score == Decimal(90)
    assert "nps" not in {line.code for line in card.lines}


def test_counted_events_alone_cannot_be_the_scorecard(login_as, admin_user):
    off = {"active": None}
    data = line_form(
        on_time_delivery=off,
        uptime=off,
        nps=off,
        quality=off,
        responsiveness=off,
        incidents={"weight": "50"},
        missed_reminders={"weight": "25"},
        rejected_documents={"weight": "25"},
    )
    response = login_as(admin_user).post(f"{URL}/lines", data=data)
    assert response.status_code == 400
    assert "counted events alone never make a score" in response.get_data(as_text=True)
    assert kpi("quality").active


@pytest.mark.parametrize("section", ["lines", "criteria", "bands"])
def test_a_stale_save_gets_409_and_writes_nothing(login_as, admin_user, section):
    forms = {
        "lines": lambda w: line_form(nps={"weight": w}, quality={"weight": str(25 - int(w))}),
        "criteria": lambda w: criteria_form(
            **{
                "Price competitiveness": {"weight": w},
                "Payment terms and currency": {"weight": str(19 - int(w))},
            }
        ),
        "bands": lambda w: (
            {"version": str(_version("bands")), "preferred": f"8{w[-1]}"}
            | {"approved": "70", "watch": "50"}
        ),
    }
    first, second = login_as(admin_user), login_as(admin_user)
    stale = forms[section]("9")
    assert first.post(f"{URL}/{section}", data=forms[section]("8")).status_code == 303
    rows_before = db.session.scalar(select(func.count(AuditEvent.id)))
    snapshot = _snapshot()
    response = second.post(f"{URL}/{section}", data=stale)
    assert response.status_code == 409
    assert "Someone saved these settings since you opened the page" in response.get_data(
        as_text=True
    )
    assert _snapshot() == snapshot
    assert db.session.scalar(select(func.count(AuditEvent.id))) == rows_before


def _snapshot():
    db.session.expire_all()
    return (
        [(k.code, k.weight, k.target, k.active) for k in db.session.scalars(select(ScorecardKpi))],
        [(c.name, c.weight) for c in db.session.scalars(select(SelectionCriterion))],
        [(s.key, s.value, s.version) for s in db.session.scalars(select(ScorecardSetting))],
    )


def test_selection_criteria_follow_the_sum_rule_and_can_be_added_and_deactivated(
    login_as, admin_user, reviewer_user, vendor_a
):
    client = login_as(admin_user)
    too_much = criteria_form(
        new={"network": {"name": "Local language support", "weight": "4", "active": "1"}}
    )
    response = client.post(f"{URL}/criteria", data=too_much)
    assert response.status_code == 400
    assert "they sum to 104" in response.get_data(as_text=True)
    assert 'value="Local language support"' in response.get_data(as_text=True)
    data = criteria_form(
        **{
            "Price competitiveness": {"weight": "8", "auto_rule": "liability_cap"},
            "Payment terms and currency": {"active": None},
        },
        new={"network": {"name": "Local language support", "weight": "11", "active": "1"}},
    )
    assert client.post(f"{URL}/criteria", data=data).status_code == 303
    added = db.session.scalar(
        select(SelectionCriterion).where(SelectionCriterion.name == "Local language support")
    )
    assert added.criterion_group == "network" and added.weight == Decimal(11)
    price = db.session.scalar(
        select(SelectionCriterion).where(SelectionCriterion.name == "Price competitiveness")
    )
    assert price.auto_rule == "liability_cap"
    (changed,) = [r for r in audit("selection_criterion.changed") if r.object_id == str(price.id)]
    assert changed.details["changes"]["auto_rule"] == [None, "liability_cap"]
    page = login_as(reviewer_user).get(f"/vendors/{vendor_a.id}/selection").get_data(as_text=True)
    assert "Local language support" in page and "Payment terms and currency" not in page


def test_bands_must_fall_strictly_within_0_to_100(login_as, admin_user):
    client = login_as(admin_user)
    version = str(_version("bands"))
    for values, field, message in (
        (("85", "85", "50"), "approved", "Must be lower than the Preferred threshold"),
        (("85", "70", "75"), "watch", "Must be lower than the Approved threshold"),
        (("101", "70", "50"), "preferred", "Enter a score from 0 to 100."),
        (("85", "70", "-1"), "watch", "Enter a score from 0 to 100."),
    ):
        data = dict(zip(("preferred", "approved", "watch"), values, strict=True))
        response = client.post(f"{URL}/bands", data=data | {"version": version})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, values
        assert message in html and f'id="{field}-error"' in html
        assert db.session.get(ScorecardSetting, "bands").value is None


def test_a_changed_band_moves_a_vendor_on_the_dashboard_and_reset_restores_the_default(
    app, login_as, admin_user, vendor_a
):
    quarter = latest_ended(date.today())
    quality = kpi("quality")
    rate(vendor_a, quality, quarter, Decimal("2.75"), None, admin_user.id)
    vendor_a.status = "active"
    db.session.commit()
    client = login_as(admin_user)

    def band_on_dashboard():
        html = client.get("/dashboard").get_data(as_text=True)
        row = next(r for r in html.split('data-testid="vendor-row"') if vendor_a.legal_name in r)
        return re.search(r'class="band band-(\w+)"', row).group(1)

    # Quality 50 points (weight 15) beside counted events without any (weight 20): 78.6.
    assert scorecard(vendor_a, quarter).score == Decimal("78.6")
    assert band_on_dashboard() == "approved"  # with the default 85/70/50
    data = {"version": str(_version("bands")), "preferred": "75", "approved": "60", "watch": "40"}
    assert client.post(f"{URL}/bands", data=data).status_code == 303
    assert band_on_dashboard() == "preferred"
    (row,) = audit("score_bands.changed")
    assert row.details == {
        "before": None,
        "after": {"preferred": "75", "approved": "60", "watch": "40"},
    }
    qbr = client.get(f"/vendors/{vendor_a.id}/qbr/{quarter.code}").get_data(as_text=True)
    assert "band-preferred" in qbr
    reset = {"version": str(_version("bands")), "action": "reset"}
    assert client.post(f"{URL}/bands", data=reset).status_code == 303
    assert band_on_dashboard() == "approved"
    assert "PORTAL_SCORE_BANDS" in client.get(URL).get_data(as_text=True)


def test_staff_read_the_settings_admins_change_them_and_vendors_are_refused(
    login_as, admin_user, reviewer_user, vendor_a_user
):
    reviewer = login_as(reviewer_user)
    page = reviewer.get(URL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "On-time delivery" in html
    assert 'name="kpi-' not in html and "Save the lines" not in html
    assert reviewer.post(f"{URL}/lines", data=line_form()).status_code == 403
    vendor = login_as(vendor_a_user)
    assert vendor.get(URL).status_code == 403
    for section in ("lines", "criteria", "bands"):
        assert vendor.post(f"{URL}/{section}", data={"version": "1"}).status_code == 403
    admin_page = login_as(admin_user).get(URL).get_data(as_text=True)
    assert 'name="new-name"' in admin_page and "Save the criteria" in admin_page
