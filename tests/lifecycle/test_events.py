"""Issues for the internal owner and the escalation path."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.lifecycle.escalation import StepInvalid, add_step, escalate_due, read_step
from portal.lifecycle.events import IssueRefused, publish, resolve
from portal.lifecycle.models import LifecycleEvent

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def issues(kind=None):
    stmt = select(LifecycleEvent).order_by(LifecycleEvent.id)
    if kind:
        stmt = stmt.where(LifecycleEvent.kind == kind)
    return list(db.session.scalars(stmt))


def test_publish_records_an_issue_for_the_vendors_owner_with_an_audit_row(
    app, vendor_a, reviewer_user
):
    vendor_a.owner_id = reviewer_user.id
    event = publish("sla_breach", vendor_a.id, "Uptime 98 %", "evidence", "/vendors/1/scorecard")
    db.session.commit()
    assert event.owner_id == reviewer_user.id and event.status == "open"
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "issue.opened"))
    assert audit.object_id == str(event.id)


def test_publish_with_the_same_key_returns_the_first_issue(app, vendor_a):
    first = publish("risk_proposed", vendor_a.id, "A", "", None, dedupe_key="k1")
    again = publish("risk_proposed", vendor_a.id, "A", "", None, dedupe_key="k1")
    assert first.id == again.id and len(issues()) == 1
    with pytest.raises(ValueError):
        publish("nonsense", vendor_a.id, "A", "", None)


def _path(vendor):
    for level, side, name, hours in (
        (1, "internal", "Ana Owner", 24),
        (2, "vendor", "Li Wei", 48),
        (3, "internal", "Head of Procurement", 72),
    ):
        add_step(
            vendor,
            read_step(
                {
                    "level": str(level),
                    "side": side,
                    "name": name,
                    "respond_within_hours": str(hours),
                    "email": "",
                }
            ),
        )


def test_an_unresolved_issue_escalates_step_by_step_with_due_times(app, vendor_a):
    _path(vendor_a)
    event = publish("sla_breach", vendor_a.id, "Uptime", "", None, now=NOW)
    assert event.escalation_level == 1 and event.next_escalation_at == NOW + timedelta(hours=24)
    assert escalate_due(NOW + timedelta(hours=23)) == 0
    assert escalate_due(NOW + timedelta(hours=24)) == 1
    assert escalate_due(NOW + timedelta(hours=24)) == 0  # idempotent
    (step2,) = issues("escalation_due")
    assert "level 2: Li Wei (the vendor's side)" in step2.title and "48 h" in step2.detail
    assert event.escalation_level == 2
    assert escalate_due(NOW + timedelta(hours=72)) == 1
    assert escalate_due(NOW + timedelta(hours=1000)) == 0  # the path has ended
    assert [e.title.split(":")[0] for e in issues("escalation_due")] == [
        "Escalated to level 2",
        "Escalated to level 3",
    ]
    # Escalation issues do not escalate themselves.
    assert all(e.next_escalation_at is None for e in issues("escalation_due"))


def test_a_resolved_issue_stops_escalating_and_a_stale_resolve_is_refused(app, vendor_a):
    _path(vendor_a)
    event = publish("sla_breach", vendor_a.id, "Uptime", "", None, now=NOW)
    version = event.version
    resolve(event, version, None, "credited the fees")
    with pytest.raises(IssueRefused):
        resolve(event, version, None, "again")
    assert escalate_due(NOW + timedelta(days=30)) == 0
    assert db.session.scalar(select(func.count(LifecycleEvent.id))) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "side": "internal", "level": "1", "respond_within_hours": "4"}, "name"),
        ({"name": "A", "side": "both", "level": "1", "respond_within_hours": "4"}, "side"),
        ({"name": "A", "side": "vendor", "level": "x", "respond_within_hours": "4"}, "whole"),
        ({"name": "A", "side": "vendor", "level": "1", "respond_within_hours": "0"}, "hour"),
        (
            {
                "name": "A",
                "side": "vendor",
                "level": "1",
                "respond_within_hours": "4",
                "email": "not an address",
            },
            "e-mail",
        ),
    ],
)
def test_bad_escalation_steps_are_refused_with_a_reason(app, form, message):
    with pytest.raises(StepInvalid, match=message):
        read_step(form)
