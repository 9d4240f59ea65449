"""Reminder policies as admins edit them: validated, audited, per document type."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.reminders.policy import (
    DEFAULT_OFFSETS,
    PolicyInvalid,
    effective_policies,
    load_policies,
    reset_policy,
    save_policy,
)


def test_without_any_policy_the_built_in_default_applies(app):
    policies = load_policies()
    assert policies.default.offsets_days == DEFAULT_OFFSETS == (90, 60, 30, 14, 7, 1, 0)
    assert policies.default.repeat_after_expiry_days == 7
    assert policies.own == ()
    listed = effective_policies()
    assert [p.doc_type for p in listed][:2] == ["*", "business_licence"]
    assert len(listed) == 9 and not any(p.customised for p in listed)


def test_saving_a_policy_normalises_it_and_writes_an_audit_row(app, create_user):
    admin = create_user(role="admin")
    policy = save_policy(
        "contract",
        offsets_days="30; 90, 60,,90",
        repeat_after_expiry_days="0",
        renewal_offsets_days=[120, "30"],
        escalation_days="21",
        notify_vendor=False,
        actor_user_id=admin.id,
    )
    db.session.commit()
    assert policy.offsets_days == (90, 60, 30)
    assert policy.renewal_offsets_days == (120, 30)
    assert (policy.repeat_after_expiry_days, policy.escalation_days) == (0, 21)
    assert load_policies().for_type("contract") == policy
    assert load_policies().for_type("certification") == load_policies().default
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reminder_policy.saved")
    ).all()
    assert event.object_id == "contract" and event.details["after"]["offsets_days"] == [90, 60, 30]
    assert event.details["before"] is None

    assert reset_policy("contract")
    db.session.commit()
    assert load_policies().for_type("contract") == load_policies().default


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"offsets_days": "90, sixty"}, "offsets_days"),
        ({"offsets_days": "-5"}, "offsets_days"),
        ({"offsets_days": "1200"}, "offsets_days"),
        ({"offsets_days": ",".join(str(n) for n in range(30))}, "offsets_days"),
        ({"offsets_days": "", "repeat_after_expiry_days": 0}, "offsets_days"),
        ({"offsets_days": "30", "repeat_after_expiry_days": "weekly"}, "repeat_after_expiry_days"),
        ({"offsets_days": "30", "escalation_days": "0"}, "escalation_days"),
        ({"offsets_days": "30", "renewal_offsets_days": "x"}, "renewal_offsets_days"),
    ],
)
def test_bad_policy_values_are_refused_field_by_field(app, values, field):
    with pytest.raises(PolicyInvalid) as error:
        save_policy("certification", **values)
    assert field in error.value.errors
    db.session.rollback()
    assert load_policies().own == ()


def test_an_unknown_document_type_is_refused(app):
    with pytest.raises(PolicyInvalid) as error:
        save_policy("passport", offsets_days="30")
    assert set(error.value.errors) == {"doc_type"}
