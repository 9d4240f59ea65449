"""Every control on the vendor's pages has a label; the pages need no JavaScript to work."""

from datetime import date
from html.parser import HTMLParser

import pytest

from portal.core.db import db
from portal.kpis.models import KpiSchedule

PAGES = (
    "/vendor/",
    "/vendor/documents",
    "/vendor/documents/{document}",
    "/vendor/documents/{document}/renew",
    "/vendor/upload",
    "/vendor/profile",
    "/vendor/contacts/{contact}",
    "/vendor/kpis",
    "/vendor/kpis/2025-Q4",
)


class Controls(HTMLParser):
    """Form controls, the ids labels point at, and controls wrapped in a label."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag == "script" and "src" not in attributes:
            self.inline_script = True
        if tag in ("input", "select", "textarea"):
            if attributes.get("type") in ("hidden", "submit", "button"):
                return
            self.controls.append({**attributes, "_wrapped": "1" if self.open_labels else None})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


@pytest.fixture
def vendor_pages(login_as, vendor_a, vendor_a_user, make_document):
    from portal.vendors.models import VendorContact

    db.session.add(
        KpiSchedule(vendor_id=vendor_a.id, frequency="quarterly", starts_on=date(2025, 1, 1))
    )
    contact = VendorContact(vendor_id=vendor_a.id, name="Wang Fang", email="w@alpha.example")
    db.session.add(contact)
    db.session.commit()
    document = make_document(vendor_a, state="extracted", fields={"expiry_date": "2028-03-31"})
    client = login_as(vendor_a_user)
    return {
        url: client.get(url.format(document=document.id, contact=contact.id)).get_data(as_text=True)
        for url in PAGES
    }


def test_every_control_on_the_vendor_pages_has_a_label(vendor_pages):
    unlabelled = []
    for url, page in vendor_pages.items():
        parser = Controls()
        parser.feed(page)
        assert parser.controls, url
        for control in parser.controls:
            labelled = (
                control.get("_wrapped")
                or control.get("aria-label")
                or control.get("id") in parser.label_for
            )
            if not labelled:
                unlabelled.append((url, control.get("name")))
    assert unlabelled == []


def test_the_vendor_pages_run_no_inline_script_and_every_form_posts_without_javascript(
    vendor_pages,
):
    for url, page in vendor_pages.items():
        parser = Controls()
        parser.feed(page)
        assert not parser.inline_script, url
        # Every htmx form is also a plain form with its own action.
        assert page.count("hx-post=") <= page.count('method="post"'), url
