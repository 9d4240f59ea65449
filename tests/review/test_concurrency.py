"""Two reviewers deciding the same document (or value) at the same moment, on PostgreSQL with
real threads: one wins, the other gets 409, and only the winner's audit row exists
(SECURITY.md check 13)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.review import decisions
from tests.review.conftest import audit_rows

pytestmark = pytest.mark.parametrize("backend_name", ["postgres"], indirect=True)


def _race(clients, url_and_data, hold, monkeypatch, target):
    """Both clients post at once; the winner keeps its transaction open for `hold` seconds so
    that the other really waits on the row lock."""
    original = getattr(decisions, target) if target else None
    if target:

        def slow(*args, **kwargs):
            time.sleep(hold)
            return original(*args, **kwargs)

        monkeypatch.setattr(decisions, target, slow)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    bodies: list[bytes] = []
    errors: list[BaseException] = []

    def run(client, url, data):
        try:
            barrier.wait()
            response = client.post(url, data=data)
            statuses.append(response.status_code)
            bodies.append(response.data)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(client, *url_and_data[i]))
        for i, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    return sorted(statuses), bodies


def test_two_reviewers_approving_at_once_one_wins_one_gets_409_one_audit_row(
    app, backend, login_as, create_user, create_vendor, in_review, monkeypatch
):
    rita, sam = create_user(role="reviewer"), create_user(role="reviewer")
    document = in_review(create_vendor(status="onboarding"))
    url = f"/review/documents/{document.id}/approve"
    statuses, bodies = _race(
        [login_as(rita), login_as(sam)],
        [(url, {"version": 1}), (url, {"version": 1})],
        0.5,
        monkeypatch,
        "after_document_approved",
    )
    assert statuses == [303, 409]
    # The loser is told plainly that the document was decided while they looked at it.
    assert any(b'role="alert"' in body and b"decided" in body for body in bodies)
    db.session.expire_all()
    assert db.session.get(Document, document.id).state == "approved"
    assert len(audit_rows("document.decided", document.id)) == 1
    # The loser left nothing behind: one claim, one set of accepted values.
    assert len(audit_rows("document.claimed", document.id)) == 1
    assert db.session.scalar(select(func.count(FieldRevision.id))) == 2


def test_approve_against_reject_at_once_leaves_one_decision(
    app, backend, login_as, create_user, create_vendor, in_review, monkeypatch
):
    rita, sam = create_user(role="reviewer"), create_user(role="reviewer")
    document = in_review(create_vendor())
    base = f"/review/documents/{document.id}"
    statuses, _bodies = _race(
        [login_as(rita), login_as(sam)],
        [
            (f"{base}/approve", {"version": 1}),
            (f"{base}/reject", {"version": 1, "reason": "Wrong holder name."}),
        ],
        0.5,
        monkeypatch,
        "after_document_approved",
    )
    assert statuses[0] == 303 and statuses[1] == 409
    db.session.expire_all()
    decided = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "document.decided", AuditEvent.object_id == str(document.id)
        )
    ).all()
    assert len(decided) == 1
    assert db.session.get(Document, document.id).state == decided[0].details["decision"]


def test_two_reviewers_correcting_the_same_value_at_once_one_gets_409(
    app, backend, login_as, create_user, create_vendor, in_review, monkeypatch
):
    rita, sam = create_user(role="reviewer"), create_user(role="reviewer")
    document = in_review(create_vendor())
    field = db.session.scalar(
        select(ExtractedField).where(
            ExtractedField.document_id == document.id, ExtractedField.name == "expiry_date"
        )
    )
    url = f"/review/fields/{field.id}/review"
    statuses, _bodies = _race(
        [login_as(rita), login_as(sam)],
        [
            (url, {"version": 1, "action": "correct", "value": "2029-01-31"}),
            (url, {"version": 1, "action": "correct", "value": "2030-01-31"}),
        ],
        0,
        monkeypatch,
        None,
    )
    assert statuses == [303, 409]
    assert len(audit_rows("field.changed", field.id)) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count(FieldRevision.id))) == 1
