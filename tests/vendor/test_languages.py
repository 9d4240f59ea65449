"""The interface language: the person's choice (stored on the account), the organisation's
preferred language, the browser's Accept-Language; dates and numbers written per language."""

import re

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.core.db import db
from portal.kpis.models import KpiDefinition, KpiReport, KpiValue
from tests.vendor.test_translations import catalog, vendor_msgids

TEXT = re.compile(r"<[^>]+>")


def lang_of(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_browser_language_is_used_before_anyone_chooses(login_as):
    page = login_as(None).get("/auth/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert lang_of(page.get_data(as_text=True)) == "zh-Hans"
    assert catalog("zh").get("Vendor Portal").string in page.get_data(as_text=True)


def test_the_organisations_language_beats_the_browsers(login_as, vendor_a, vendor_a_user):
    vendor_a.preferred_language = "es"
    db.session.commit()
    page = login_as(vendor_a_user).get("/vendor/", headers={"Accept-Language": "de"})
    assert lang_of(page.get_data(as_text=True)) == "es"


def test_a_persons_choice_is_stored_on_the_account_and_wins(login_as, vendor_a, vendor_a_user):
    vendor_a.preferred_language = "zh"
    db.session.commit()
    client = login_as(vendor_a_user)
    response = client.post(
        "/language", data={"locale": "de", "next": "/vendor/documents?state=failed"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/vendor/documents?state=failed"
    assert db.session.get(User, vendor_a_user.id).locale == "de"
    page = login_as(vendor_a_user).get(
        "/vendor/", headers={"Accept-Language": "fr"}
    )  # a new browser
    assert lang_of(page.get_data(as_text=True)) == "de"


def test_an_anonymous_choice_is_kept_in_the_browser(login_as):
    client = login_as(None)
    client.post("/language", data={"locale": "fr", "next": "/auth/login"})
    page = client.get("/auth/login", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert lang_of(page) == "fr"


@pytest.mark.parametrize(
    ("form", "location"),
    [
        ({"locale": "de", "next": "https://evil.example/"}, "/"),
        ({"locale": "de", "next": "//evil.example/x"}, "/"),
        ({"locale": "de", "next": "/vendor/documents/1/submit"}, "/"),  # no page to GET there
        ({"locale": "klingon", "next": "/vendor/"}, "/vendor/"),
    ],
)
def test_the_picker_only_goes_back_to_pages_of_this_site(login_as, vendor_a_user, form, location):
    response = login_as(vendor_a_user).post("/language", data=form)
    assert response.status_code == 303 and response.headers["Location"] == location
    if form["locale"] == "klingon":
        assert db.session.get(User, vendor_a_user.id).locale is None


def test_every_page_has_the_language_picker(login_as, vendor_a_user):
    page = login_as(vendor_a_user).get("/vendor/profile").get_data(as_text=True)
    assert '<label for="language-select">' in page
    assert '<option value="zh" lang="zh-Hans"' in page


@pytest.mark.parametrize(
    ("language", "date_text", "percent_text"),
    [
        ("en", "Mar 31, 2028", "97.5%"),
        ("zh", "2028年3月31日", "97.5%"),
        ("de", "31.03.2028", "97,5 %"),
        ("fr", "31 mars 2028", "97,5 %"),
        ("es", "31 mar 2028", "97,5 %"),
    ],
)
def test_dates_and_numbers_are_written_the_way_the_language_writes_them(
    login_as, vendor_a, vendor_a_user, make_document, language, date_text, percent_text
):
    from datetime import date

    vendor_a.preferred_language = language
    document = make_document(vendor_a, fields={"expiry_date": "2028-03-31"})
    rate = db.session.scalar(
        select(KpiDefinition).where(KpiDefinition.code == "on_time_delivery_rate")
    )
    report = KpiReport(
        vendor_id=vendor_a.id,
        frequency="quarterly",
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
        status="validated",
    )
    report.values.append(KpiValue(definition_id=rate.id, value=97.5))
    db.session.add(report)
    db.session.commit()
    client = login_as(vendor_a_user)
    page = client.get(f"/vendor/documents/{document.id}").get_data(as_text=True)
    assert date_text in page
    kpis = client.get("/vendor/kpis/2025-Q4").get_data(as_text=True)
    assert percent_text.replace(" ", "\u00a0") in kpis or percent_text in kpis


VENDOR_PAGES = (
    "/vendor/",
    "/vendor/documents",
    "/vendor/documents/{document}",
    "/vendor/documents/{document}/renew",
    "/vendor/upload",
    "/vendor/profile",
    "/vendor/kpis",
    "/vendor/kpis/2025-Q4",
)


@pytest.mark.parametrize("language", ["zh", "de", "fr", "es"])
def test_no_english_sentence_is_left_on_a_vendor_page(
    login_as, vendor_a, vendor_a_user, make_document, language
):
    from datetime import date

    from portal.kpis.models import KpiSchedule

    vendor_a.preferred_language = language
    vendor_a.category = "data_processor"
    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2025, 1, 1))
    )
    document = make_document(
        vendor_a,
        state="changes_requested",
        kind="insurance_certificate",
        fields={"expiry_date": "2028-03-31"},
    )
    client = login_as(vendor_a_user)
    english = [
        m
        for m in vendor_msgids()
        if len(m) > 14
        and "%" not in m
        and catalog(language).get(m)
        and catalog(language).get(m).string != m
    ]
    for url in VENDOR_PAGES:
        response = client.get(url.format(document=document.id))
        assert response.status_code == 200, url
        text = TEXT.sub(" ", response.get_data(as_text=True))
        left = [m for m in english if m in text]
        assert left == [], (url, left)
