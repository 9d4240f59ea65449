"""Sign in through the development provider's real pages, in Chromium, and sign out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def sign_in(page, portal, subject):
    page.goto(portal.url + "/")
    assert "/auth/login" in page.url
    # The sign-in page explains which demo user to pick.
    expect(page.get_by_role("heading", name="Development sign-in")).to_be_visible()
    expect(page.locator("code", has_text=subject).first).to_be_visible()
    page.get_by_role("link", name="Sign in (development provider)").click()
    page.get_by_role("button", name=f"Authorize as {subject}").click()
    page.wait_for_url(portal.url + "/")


def sign_out(page, portal):
    # The button's words are in the person's language (a demo vendor prefers Chinese).
    page.locator("form[action='/auth/logout'] button").click()
    # The provider's own end-session page, then back to ours.
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(r".*/auth/signed-out.*"))
    expect(page.get_by_test_id("signed-out")).to_be_visible()
    page.goto(portal.url + "/")
    assert "/auth/login" in page.url


@pytest.mark.parametrize(
    ("subject", "who", "role", "vendor"),
    [
        ("vendor-huaxin", "li.wei@huaxin.example", "vendor", "Shenzhen Huaxin Logistics Co., Ltd."),
        ("reviewer", "rita.reviewer@portal.example", "reviewer", None),
    ],
)
def test_sign_in_through_the_development_provider_and_sign_out(
    page, live_portal, subject, who, role, vendor
):
    sign_in(page, live_portal, subject)
    assert page.get_by_test_id("who").inner_text() == who
    if vendor:
        # A vendor lands on their organisation's home page.
        assert page.get_by_test_id("vendor").inner_text() == vendor
        expect(page.get_by_test_id("checklist")).to_be_visible()
    else:
        assert page.get_by_test_id("role").inner_text() == role
        assert page.get_by_test_id("vendor").count() == 0
    sign_out(page, live_portal)
