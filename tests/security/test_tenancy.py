"""Queries are scoped to the caller's organisation in SQL (SECURITY.md check 10)."""

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from portal.auth.sessions import principal_for
from portal.auth.tenancy import get_for_principal, object_owner, tenant_filter
from portal.core.db import db
from portal.documents.models import Document

pytestmark = pytest.mark.both_backends


def _document(vendor, name):
    document = Document(
        vendor_id=vendor.id,
        original_filename=name,
        storage_key=f"k/{name}",
        sha256="0" * 64,
        size=1,
        media_type="application/pdf",
    )
    db.session.add(document)
    db.session.commit()
    return document


@pytest.fixture
def documents(vendor_a, vendor_b):
    return {
        "a": [_document(vendor_a, "a1.pdf"), _document(vendor_a, "a2.pdf")],
        "b": [_document(vendor_b, "b1.pdf")],
    }


def _names(principal):
    stmt = tenant_filter(select(Document.original_filename), Document.vendor_id, principal)
    return sorted(db.session.scalars(stmt))


def test_lists_and_counts_see_only_the_callers_vendor(
    documents, vendor_a_user, vendor_b_user, reviewer_user, pending_user
):
    assert _names(principal_for(vendor_a_user)) == ["a1.pdf", "a2.pdf"]
    assert _names(principal_for(vendor_b_user)) == ["b1.pdf"]
    assert _names(principal_for(reviewer_user)) == ["a1.pdf", "a2.pdf", "b1.pdf"]
    assert _names(principal_for(pending_user)) == []
    count = tenant_filter(
        select(func.count()).select_from(Document), Document.vendor_id, principal_for(vendor_b_user)
    )
    assert db.session.scalar(count) == 1


def test_the_scope_is_in_the_sql_not_applied_afterwards(vendor_a_user):
    stmt = tenant_filter(select(Document), Document.vendor_id, principal_for(vendor_a_user))
    assert "vendor_id" in str(stmt.whereclause)


def test_loading_another_vendors_object_is_a_404(documents, vendor_a_user, vendor_b_user):
    own = get_for_principal(Document, documents["a"][0].id, principal_for(vendor_a_user))
    assert own.original_filename == "a1.pdf"
    with pytest.raises(NotFound):
        get_for_principal(Document, documents["a"][0].id, principal_for(vendor_b_user))


def test_object_owner_knows_documents_and_missing_objects(documents, vendor_a):
    assert object_owner("document", documents["a"][0].id) == vendor_a.id
    assert object_owner("document", 999_999) is None
    assert object_owner("document", "not-a-number") is None
