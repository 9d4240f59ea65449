"""The access declarations a vendor page will use, on a route of this test's own."""

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.access import rate_key, vendor_object, vendor_required
from portal.core.db import db
from portal.core.security import rate_limited
from portal.documents.models import Document


@pytest.fixture
def document_route(app, vendor_a):
    def show(document_id):
        return db.session.get(Document, document_id).original_filename

    def upload():
        return "stored", 201

    app.add_url_rule(
        "/t/documents/<int:document_id>", "t_document", vendor_object("document")(show)
    )
    app.add_url_rule(
        "/t/upload",
        "t_upload",
        vendor_required(rate_limited("upload", key=rate_key)(upload)),
        methods=["POST"],
    )
    document = Document(
        vendor_id=vendor_a.id,
        original_filename="secret-financials.pdf",
        storage_key="k/1",
        sha256="0" * 64,
        size=1,
        media_type="application/pdf",
    )
    db.session.add(document)
    db.session.commit()
    return f"/t/documents/{document.id}"


def test_owner_and_staff_see_the_document_others_get_404_and_a_denial_is_audited(
    document_route, login_as, vendor_a_user, vendor_b_user, reviewer_user, pending_user
):
    assert login_as(vendor_a_user).get(document_route).data == b"secret-financials.pdf"
    assert login_as(reviewer_user).get(document_route).status_code == 200
    other = login_as(vendor_b_user).get(document_route)
    assert other.status_code == 404 and b"secret-financials" not in other.data
    assert login_as(pending_user).get(document_route).status_code == 403
    assert login_as(vendor_a_user).get("/t/documents/999999").status_code == 404
    denial = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access.denied")
    ).all()
    assert [
        (d.actor_user_id, d.object_type, d.details["reason"], d.details["status"]) for d in denial
    ] == [
        (vendor_b_user.id, "document", "tenant", 404),
        (pending_user.id, None, "role", 403),
    ]


def test_upload_limit_counts_per_vendor_and_leaves_other_vendors_alone(
    app, document_route, login_as, vendor_a_user, create_user, vendor_b_user
):
    app.extensions["portal.rate_limiter"].limits["upload"] = (2, 60)
    colleague = create_user(role="vendor", vendor_id=vendor_a_user.vendor_id)
    first, second = login_as(vendor_a_user), login_as(colleague)
    assert [first.post("/t/upload").status_code, second.post("/t/upload").status_code] == [201, 201]
    refused = first.post("/t/upload")
    assert refused.status_code == 429 and b"Too many requests" in refused.data
    assert login_as(vendor_b_user).post("/t/upload").status_code == 201
