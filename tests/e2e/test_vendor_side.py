"""The vendor's side in Chromium: sign in through the development provider, see the checklist,
upload a scanned certificate and a contract, watch them being read, flag a wrong value, send for
review, switch to Chinese; another vendor sees none of it. And the upload without JavaScript.

Extraction runs for real: a `portal worker` process reads the files (OCR for the scan, then the
certificate's fields).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.fixtures.scan import scanned_pdf
from tests.support.documents import text_pdf

pytestmark = pytest.mark.e2e

CERTIFICATE_LINES = [
    "CERTIFICATE",
    "ISO/IEC 27001:2022",
    "This is to certify that Shenzhen Huaxin Logistics Co., Ltd.",
    "operates an information security management system.",
    "Certificate No. HX-4411-ISMS",
    "Issue date: 1 April 2025",
    "Valid until: 31 March 2028",
]
CONTRACT_LINES = [
    "LOGISTICS SERVICES AGREEMENT",
    "between Vendor Portal Demo AG and Shenzhen Huaxin Logistics Co., Ltd.",
    "This Agreement is governed by the laws of Singapore.",
    "Either party may terminate this Agreement with 60 days written notice.",
    "Invoices are payable within 45 days.",
]
FINISHED = ("extracted", "failed")


@pytest.fixture
def worker(live_portal, tmp_path):
    """`portal worker` on the live portal's database, storage and queue."""
    settings = live_portal.server.app.config["PORTAL"]
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "PORTAL_INSTANCE_PATH": settings.instance_path,
        "PORTAL_SECRET_KEY": settings.secret_key,
        "PORTAL_DATABASE_URL": settings.database_url,
        "PORTAL_STORAGE_URL": settings.storage_url,
        "PORTAL_QUEUE_URL": settings.queue_url,
        "OMP_THREAD_LIMIT": "1",
    }
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "portal", "worker", "--threads", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture
def files(tmp_path):
    scan = tmp_path / "ISO 27001 certificate (scan).pdf"
    scan.write_bytes(scanned_pdf(text_pdf([CERTIFICATE_LINES]), seed=3, skew=0.4, noise=4.0))
    contract = tmp_path / "Logistics agreement 2026.pdf"
    contract.write_bytes(text_pdf([CONTRACT_LINES]))
    return scan, contract


def new_page(browser, **options):
    """Another browser (context) that, like the `page` fixture, only reaches loopback."""
    context = browser.new_context(**options)

    def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def sign_in(page, portal, subject):
    page.goto(portal.url + "/")
    page.get_by_role("link", name="Sign in (development provider)").click()
    page.get_by_role("button", name=f"Authorize as {subject}").click()
    page.wait_for_url(portal.url + "/")


def choose_language(page, code):
    page.locator("#language-select").select_option(code)
    page.locator(".language-picker button").click()
    lang = "zh-Hans" if code == "zh" else code
    page.wait_for_selector(f"html[lang='{lang}']")


def wait_until_read(page):
    """The status section polls itself (htmx) until reading is done, then stops."""
    status = page.get_by_test_id("document-status")
    page.wait_for_function(
        "states => states.includes(document.querySelector('[data-testid=document-status]')"
        ".dataset.state)",
        arg=list(FINISHED),
        timeout=180_000,
    )
    assert status.get_attribute("hx-trigger") is None  # no longer polling
    return status.get_attribute("data-state")


def flag_field(page, name, note):
    row = page.locator(f"[data-testid=field][data-name={name}]")
    row.locator("summary").click()
    row.get_by_role("textbox").fill(note)
    row.get_by_role("button", name="Flag as wrong").click()
    page.locator(f"[data-testid=field][data-name={name}] [data-testid=flag-note]").wait_for()


def send_for_review(page, kind):
    page.locator("#submit-kind").select_option(kind)
    page.get_by_test_id("submit-for-review").click()
    page.wait_for_selector("[data-testid=document-status][data-state=in_review]")


def test_a_vendor_uploads_checks_flags_and_submits_and_another_vendor_sees_none_of_it(
    browser, page, live_portal, worker, files
):
    scan, contract = files
    sign_in(page, live_portal, "vendor-huaxin")
    # The organisation prefers Chinese; this person reads English.
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    choose_language(page, "en")
    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_be_visible()
    assert page.locator("[data-testid=checklist-item][data-status=changes_requested]").count() == 1
    assert "policy number is cut off" in page.get_by_test_id("reviewer-request").inner_text()

    # Both files in one go; upload.js sends them one by one with a progress bar each.
    page.get_by_role("navigation").get_by_role("link", name="Upload").click()
    page.locator("#files").set_input_files([str(scan), str(contract)])
    page.get_by_role("button", name="Upload", exact=True).click()
    received = page.locator("[data-testid=live-results] [data-testid=upload-ok]")
    received.nth(1).wait_for()
    assert received.count() == 2

    # The scanned certificate: read with OCR, then checked by the vendor.
    received.filter(has_text=scan.name).get_by_role("link").click()
    assert wait_until_read(page) == "extracted"
    # What was read from the scan, shown the way the reader writes dates.
    expiry = page.locator("[data-testid=field][data-name=expiry_date] [data-testid=field-value]")
    assert expiry.inner_text() == "Mar 31, 2028"
    assert page.locator("#submit-kind").input_value() == "iso27001_certificate"
    # The vendor believes the issue date is wrong, and says so.
    flag_field(page, "issue_date", "Issued on 2 April 2025, see the stamp.")
    page.reload()
    assert "2 April 2025" in page.locator("[data-testid=field][data-name=issue_date]").inner_text()
    send_for_review(page, "iso27001_certificate")
    # The facts at the top follow (sent out of band with the new status).
    assert page.get_by_test_id("document-kind").inner_text() == "ISO/IEC 27001 certificate"
    certificate_url = page.url

    # The contract.
    page.goto(live_portal.url + "/vendor/documents")
    page.get_by_role("link", name=contract.name).click()
    assert wait_until_read(page) == "extracted"
    send_for_review(page, "service_agreement")

    # The interface in Chinese.
    page.goto(certificate_url)
    choose_language(page, "zh")
    assert page.get_by_test_id("state").inner_text() == "审核中"
    expect(page.get_by_role("navigation").get_by_role("link", name="上传")).to_be_visible()

    # Another vendor sees none of it.
    other, other_page = new_page(browser)
    sign_in(other_page, live_portal, "vendor-rheinwerk")
    other_page.goto(live_portal.url + "/vendor/documents")
    listing = other_page.get_by_test_id("documents").inner_text()
    assert scan.name not in listing and contract.name not in listing
    response = other_page.goto(certificate_url)
    assert response.status == 404
    assert scan.name not in other_page.content()
    download = other_page.request.get(certificate_url + "/download")
    assert download.status == 404
    other.close()


def test_the_upload_works_without_javascript(browser, live_portal, worker, files):
    scan, contract = files
    context, page = new_page(browser, java_script_enabled=False)
    sign_in(page, live_portal, "vendor-atlantico")
    choose_language(page, "en")
    page.goto(live_portal.url + "/vendor/upload")
    page.locator("#files").set_input_files([str(contract), str(scan)])
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url(re.compile(r".*/vendor/upload$"))
    results = page.get_by_test_id("upload-results")
    assert results.locator("[data-testid=upload-ok]").count() == 2
    results.get_by_role("link", name=contract.name).click()
    # Without JavaScript the page refreshes itself (noscript meta refresh) until it is read.
    page.wait_for_selector("[data-testid=document-status][data-state=extracted]", timeout=180_000)
    context.close()
