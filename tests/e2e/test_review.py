"""The reviewer's workbench in Chromium: a reviewer signs in, works the queue, corrects a
misread expiry date by looking at the highlighted evidence, approves the vendor's remaining
document; the vendor becomes active and the e-mails are in the outbox."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.core.db import db
from portal.core.outbox import MailMessage
from portal.demo.review import NORDLICHT, _expiry
from portal.documents.models import Document
from portal.vendors.models import Vendor
from tests.e2e.test_vendor_side import sign_in

pytestmark = pytest.mark.e2e


def test_a_reviewer_corrects_a_date_from_the_evidence_and_onboards_the_vendor(page, live_portal):
    app = live_portal.server.app
    expiry = _expiry(date.today())
    sign_in(page, live_portal, "reviewer")

    page.get_by_role("link", name="Review queue").click()
    rows = page.get_by_test_id("queue-row")
    assert rows.count() >= 3
    assert "Versicherungsbestaetigung-Nordlicht.pdf" in rows.first.inner_text()  # oldest first

    # The next document is claimed and opened; its least certain value is selected and its
    # evidence is boxed on the rendered page.
    with page.expect_response(lambda r: "/page-image" in r.url) as image:
        page.get_by_test_id("next-document").click()
    assert image.value.status == 200
    assert image.value.headers["content-type"] == "image/png"
    assert page.get_by_test_id("claim").inner_text() == "you"
    expiry_row = page.locator("[data-testid=review-field][data-name=expiry_date]")
    assert page.locator("[data-testid=review-field]").first.get_attribute("data-name") == (
        "expiry_date"
    )
    box = page.get_by_test_id("evidence-box")
    expect(box).to_be_visible()
    expect(page.get_by_test_id("evidence-zoom")).to_be_visible()
    # What the box frames is what the page says: the real date, not the one read.
    assert f"{expiry:%d.%m.%Y}" in expiry_row.inner_text()
    assert (
        expiry.replace(year=expiry.year - 1).strftime("%Y")
        in expiry_row.get_by_test_id("field-value").inner_text()
    )

    # Another value: the box moves (htmx swaps the viewer).
    page.locator("[data-testid=review-field][data-name=document_number]").get_by_test_id(
        "select-field"
    ).click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=evidence-box]').getAttribute('y') < 130"
    )

    # Keyboard: back up to the expiry date, open its correction with "c", type the date.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("c")
    value = expiry_row.get_by_test_id("correct-value")
    expect(value).to_be_visible()
    value.fill(expiry.isoformat())
    expiry_row.get_by_test_id("correct-save").click()
    page.wait_for_selector(
        "[data-testid=review-field][data-name=expiry_date][data-status=corrected]"
    )
    assert (
        expiry.strftime("%Y")
        in page.locator(
            "[data-testid=review-field][data-name=expiry_date] [data-testid=field-value]"
        ).inner_text()
    )

    page.get_by_test_id("approve").click()
    page.wait_for_url(live_portal.url + "/review")
    assert "Approved." in page.locator(".flash").first.inner_text()

    # The vendor's other document: filter the queue by the vendor, open it, approve it.
    with app.app_context():
        vendor_id = db.session.scalar(select(Vendor.id).where(Vendor.legal_name == NORDLICHT))
        db.remove()
    page.locator("input[name=vendor_name]").fill("nordlicht")
    page.get_by_role("button", name="Apply").click()
    assert page.get_by_test_id("queue-row").count() == 1
    page.get_by_role("link", name="Handelsregisterauszug-Nordlicht.pdf").click()
    page.get_by_test_id("approve").click()
    page.wait_for_url(live_portal.url + "/review")
    assert f"{NORDLICHT} is active." in page.locator("main").inner_text()

    page.goto(f"{live_portal.url}/staff/vendors/{vendor_id}")
    assert page.get_by_test_id("vendor-status").get_attribute("data-status") == "active"
    assert "onboarding" in page.get_by_test_id("status-history").inner_text()

    with app.app_context():
        insurance = db.session.scalar(
            select(Document).where(
                Document.original_filename == "Versicherungsbestaetigung-Nordlicht.pdf"
            )
        )
        assert (insurance.state, insurance.expiry_date) == ("approved", expiry)
        mails = {m.to_addr: m for m in db.session.scalars(select(MailMessage))}
        vendor_mail = mails["jonas.becker@nordlicht.example"]
        owner_mail = mails["rita.reviewer@portal.example"]
        assert vendor_mail.language == "de" and "aktiver Lieferant" in vendor_mail.subject
        assert NORDLICHT in owner_mail.subject and "active vendor" in owner_mail.subject
        assert (vendor_mail.status, owner_mail.status) == ("pending", "pending")
        db.remove()
