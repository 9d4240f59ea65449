"""The vendor's profile and contacts: checked input, audited changes, nothing staff-owned."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.vendors.models import VendorContact

PROFILE = {
    "legal_name": "Alpha Logistics (Shenzhen) Ltd",
    "registration_number": "91440300MA5F0XXX1K",
    "country": "CN",
    "address": "1 Harbour Road\nShenzhen",
    "postal_address": "PO Box 12, Shenzhen",
    "preferred_language": "zh",
}


def test_profile_changes_are_saved_and_audited(login_as, vendor_a, vendor_a_user):
    response = login_as(vendor_a_user).post("/vendor/profile", data=PROFILE)
    assert response.status_code == 303
    db.session.refresh(vendor_a)
    assert vendor_a.legal_name == "Alpha Logistics (Shenzhen) Ltd"
    assert vendor_a.address == "1 Harbour Road\nShenzhen"
    assert vendor_a.postal_address == "PO Box 12, Shenzhen"
    assert vendor_a.preferred_language == "zh"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "vendor.profile_changed")
    )
    assert event.details["changes"]["legal_name"] == [
        "Alpha Logistics Ltd",
        "Alpha Logistics (Shenzhen) Ltd",
    ]


def test_profile_errors_are_shown_next_to_the_field(login_as, vendor_a, vendor_a_user):
    response = login_as(vendor_a_user).post(
        "/vendor/profile", data={**PROFILE, "legal_name": " ", "country": "XX"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="legal_name-error"' in page and 'aria-invalid="true"' in page
    assert "Choose a country from the list." in page
    db.session.refresh(vendor_a)
    assert vendor_a.legal_name == "Alpha Logistics Ltd"


def test_a_vendor_cannot_set_what_staff_decide(login_as, vendor_a, vendor_a_user):
    login_as(vendor_a_user).post(
        "/vendor/profile",
        data={
            **PROFILE,
            "status": "active",
            "category": "general",
            "criticality": "low",
            "annual_spend_eur": "1",
            "owner_id": "1",
        },
    )
    db.session.refresh(vendor_a)
    assert vendor_a.status == "invited" and vendor_a.criticality == "medium"
    assert vendor_a.annual_spend_eur is None and vendor_a.owner_id is None


def contact_form(**changes):
    return {
        "name": "Wang Fang",
        "email": "wang.fang@alpha.example",
        "phone": "+86 755 1234 5678",
        "position": "Compliance manager",
        "language": "zh",
        "receives_reminders": "1",
        **changes,
    }


def test_the_first_contact_is_primary_and_receives_reminders(login_as, vendor_a, vendor_a_user):
    client = login_as(vendor_a_user)
    response = client.post("/vendor/contacts", data=contact_form(receives_reminders=""))
    assert response.status_code == 303
    (contact,) = vendor_a.contacts
    assert contact.is_primary and contact.receives_reminders and contact.language == "zh"
    page = client.get("/vendor/profile").get_data(as_text=True)
    assert "wang.fang@alpha.example" in page and "Primary" in page


def test_contacts_are_checked(login_as, vendor_a_user):
    response = login_as(vendor_a_user).post(
        "/vendor/contacts", data=contact_form(email="not an address", phone="call me")
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an e-mail address like name@example.com." in page
    assert "Use digits, spaces and + ( ) - only." in page
    assert db.session.scalar(select(VendorContact)) is None


def test_changing_and_removing_contacts_keeps_one_reminder_recipient(
    login_as, vendor_a, vendor_a_user
):
    client = login_as(vendor_a_user)
    client.post("/vendor/contacts", data=contact_form())
    client.post(
        "/vendor/contacts",
        data=contact_form(
            name="Li Na", email="li.na@alpha.example", receives_reminders="", is_primary="1"
        ),
    )
    first, second = sorted(vendor_a.contacts, key=lambda c: c.id)
    db.session.refresh(first)
    assert second.is_primary and not first.is_primary  # one primary contact
    # The only reminder recipient cannot stop receiving them, nor be removed.
    refused = client.post(f"/vendor/contacts/{first.id}", data=contact_form(receives_reminders=""))
    assert refused.status_code == 409
    assert "At least one contact must receive reminders" in refused.get_data(as_text=True)
    assert client.post(f"/vendor/contacts/{first.id}/delete").status_code == 409
    # Once someone else gets them, it can.
    client.post(
        f"/vendor/contacts/{second.id}",
        data=contact_form(name="Li Na", email="li.na@alpha.example", is_primary="1"),
    )
    assert client.post(f"/vendor/contacts/{first.id}/delete").status_code == 303
    assert [c.name for c in db.session.scalars(select(VendorContact))] == ["Li Na"]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "contact").order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "vendor.contact_added",
        "vendor.contact_added",
        "vendor.contact_changed",
        "vendor.contact_removed",
    ]
