"""A manager in Chromium: the dashboard, a vendor's scorecard, its quarterly review, and the
review's PDF, downloaded and rendered (page 1 to an image)."""

from __future__ import annotations

import pypdfium2
import pytest
from playwright.sync_api import expect

from tests.e2e.test_sign_in_browser import sign_in

pytestmark = pytest.mark.e2e


def test_a_manager_opens_dashboard_scorecard_and_qbr_and_downloads_the_pdf(
    page, live_portal, tmp_path
):
    sign_in(page, live_portal, "admin")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Vendor dashboard")).to_be_visible()
    expect(page.get_by_role("img", name="Vendors by band")).to_be_visible()
    page.get_by_role("link", name="Rheinwerk Datenservice GmbH").click()
    expect(page.get_by_role("heading", name="Performance scorecard").first).to_be_visible()
    expect(page.get_by_test_id("band")).to_be_visible()
    assert "moved most by" in page.get_by_test_id("explanation").inner_text()
    assert page.get_by_test_id("breach").count() >= 1
    page.get_by_role("link", name="Quarterly review").click()
    expect(page.get_by_role("heading", name="Quarterly business review")).to_be_visible()
    assert page.get_by_test_id("action").count() >= 1
    with page.expect_download() as info:
        page.get_by_test_id("qbr-pdf").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".pdf"
    pdf = pypdfium2.PdfDocument(str(target))
    try:
        first = pdf[0]
        image = first.render(scale=1.5).to_pil().convert("L")
        first.close()
    finally:
        pdf.close()
    image.save(tmp_path / "qbr-page-1.png")
    histogram = image.histogram()
    assert image.size[0] > 800
    assert sum(histogram[:128]) > 3000  # text, tables and the chart are on the page
    assert histogram[255] > image.size[0] * image.size[1] // 2  # and it is a white page
