"""`portal demo` gives the vendor home something to show, and is safe to run twice."""

from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.db import db
from portal.core.storage import current_storage
from portal.demo.data import load_demo
from portal.documents.models import Document
from portal.vendors.models import VendorContact


def test_demo_vendor_home_shows_documents_in_several_states(app, login_as):
    load_demo()
    counts = (
        db.session.scalar(select(func.count(Document.id))),
        db.session.scalar(select(func.count(VendorContact.id))),
    )
    load_demo()
    assert (
        db.session.scalar(select(func.count(Document.id))),
        db.session.scalar(select(func.count(VendorContact.id))),
    ) == counts
    for document in db.session.scalars(select(Document)):
        assert current_storage().exists(document.storage_key)
    li_wei = db.session.scalar(select(User).where(User.subject == "vendor-huaxin"))
    page = login_as(li_wei).get("/vendor/").get_data(as_text=True)
    assert 'data-testid="reviewer-request"' in page  # changes requested, with the reason
    assert "policy number is cut off" in page
    assert 'data-testid="to-check"' in page  # read, waiting for the vendor
    assert 'data-testid="kpi-due"' in page
    assert 'lang="zh-Hans"' in page  # the organisation's language
