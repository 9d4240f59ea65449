"""Admins edit the requirements matrix; the vendors' checklists follow it."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.core.db import db
from portal.requirements.models import Requirement


def test_the_matrix_shows_the_default_requirements_by_category(login_as, admin_user, vendor_a):
    page = login_as(admin_user).get("/admin/requirements").get_data(as_text=True)
    assert page.count('data-testid="requirement"') == 7
    assert "ISO/IEC 27001 certificate, SOC 2 report" in page
    assert "not EEA" in page  # the standard contractual clauses


def test_a_new_requirement_reaches_the_vendors_checklist(
    login_as, admin_user, vendor_a, vendor_a_user
):
    response = login_as(admin_user).post(
        "/admin/requirements",
        data={
            "name": "ISO 9001 for manufacturers in China",
            "kinds": ["iso9001_certificate"],
            "categories": ["manufacturing"],
            "countries": "cn, HK",
            "min_criticality": "medium",
            "active": "1",
        },
    )
    assert response.status_code == 303
    requirement = db.session.scalar(select(Requirement).where(Requirement.name.like("ISO 9001%")))
    assert requirement.countries == ["CN", "HK"] and requirement.categories == ["manufacturing"]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "requirement.created"))
    vendor_page = login_as(vendor_a_user).get("/vendor/")
    assert "ISO 9001 for manufacturers" not in vendor_page.get_data(as_text=True)
    vendor_a.category = "manufacturing"
    db.session.commit()
    vendor_page = login_as(vendor_a_user).get("/vendor/")
    assert "ISO 9001 for manufacturers" in vendor_page.get_data(as_text=True)


def test_requirement_form_errors(login_as, admin_user):
    response = login_as(admin_user).post(
        "/admin/requirements",
        data={
            "name": "",
            "countries": "DE, Germany",
            "excluded_countries": "DE",
            "min_annual_spend_eur": "lots",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "Enter a name.",
        "Choose at least one kind of document that satisfies it, or a due diligence check.",
        "Unknown country codes: GERMANY",
        "A country cannot be both required and excluded.",
        "Enter an amount in euros, or leave it empty.",
    ):
        assert message in page


def test_deactivating_a_requirement_takes_it_off_checklists(
    login_as, admin_user, vendor_a, vendor_a_user
):
    licence = db.session.scalar(select(Requirement).where(Requirement.name == "Business licence"))
    client = login_as(admin_user)
    form = client.get(f"/admin/requirements/{licence.id}").get_data(as_text=True)
    assert 'value="business_licence" checked' in form
    client.post(
        f"/admin/requirements/{licence.id}",
        data={"name": "Business licence", "kinds": ["business_licence"]},
    )
    db.session.refresh(licence)
    assert licence.active is False
    page = login_as(vendor_a_user).get("/vendor/").get_data(as_text=True)
    assert "Business licence" not in page


def test_the_preview_shows_what_a_vendor_profile_would_need(login_as, admin_user):
    page = (
        login_as(admin_user)
        .get(
            "/admin/requirements?category=data_processor&country=CN&criticality=high&spend=2000000"
        )
        .get_data(as_text=True)
    )
    preview = page.split('data-testid="preview"', 1)[1].split("</ul>", 1)[0]
    for name in (
        "Business licence",
        "Information security certification",
        "Data processing agreement",
        "EU standard contractual clauses",
        "Service agreement",
        "Audited financial statements",
    ):
        assert name in preview
    assert "Insurance certificate" not in preview


def test_only_admins_edit_the_matrix(login_as, reviewer_user, vendor_a_user):
    for user in (reviewer_user, vendor_a_user):
        client = login_as(user)
        assert client.get("/admin/requirements").status_code == 403
        assert client.post("/admin/requirements", data={"name": "x"}).status_code == 403
