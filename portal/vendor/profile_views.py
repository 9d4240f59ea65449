"""`/vendor/profile` and `/vendor/contacts/...`: the organisation's details and its people."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale

from portal.auth.access import require_principal, vendor_object, vendor_required
from portal.auth.tenancy import get_for_principal
from portal.core.db import db
from portal.i18n import LANGUAGE_NAMES
from portal.i18n import gettext as _
from portal.vendor.blueprint import bp
from portal.vendor.context import current_vendor
from portal.vendor.profile import (
    ContactRefused,
    FormResult,
    countries,
    delete_contact,
    read_contact,
    read_profile,
    save_contact,
    update_profile,
)
from portal.vendors.models import VendorContact


def _page(
    profile: FormResult | None = None,
    contact_form: FormResult | None = None,
    contact_error: object = None,
    status: int = 200,
) -> Any:
    vendor = current_vendor()
    return (
        render_template(
            "vendor/profile.html",
            vendor=vendor,
            contacts=list(vendor.contacts),
            profile=profile,
            contact_form=contact_form,
            contact_error=contact_error,
            countries=countries(str(get_locale())),
            languages=LANGUAGE_NAMES,
        ),
        status,
    )


@bp.get("/profile")
@vendor_required
def profile() -> Any:
    return _page()


@bp.post("/profile")
@vendor_required
def save_profile() -> Any:
    form = read_profile(request.form)
    if not form.ok:
        return _page(profile=form, status=400)
    changed = update_profile(current_vendor(), form.values)
    db.session.commit()
    if changed:
        flash(_("Your organisation's details were saved."), "success")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("vendor.profile"), 303)


@bp.post("/contacts")
@vendor_required
def add_contact() -> Any:
    form = read_contact(request.form)
    if not form.ok:
        return _page(contact_form=form, status=400)
    contact = save_contact(current_vendor(), form.values)
    db.session.commit()
    flash(_("%(name)s was added.", name=contact.name), "success")
    return redirect(url_for("vendor.profile", _anchor="contacts"), 303)


def _contact(contact_id: int) -> VendorContact:
    return get_for_principal(VendorContact, contact_id, require_principal())


def _contact_page(
    contact: VendorContact, form: FormResult | None, error: object, status: int
) -> Any:
    return (
        render_template(
            "vendor/contact.html",
            contact=contact,
            form=form,
            error=error,
            languages=LANGUAGE_NAMES,
        ),
        status,
    )


@bp.get("/contacts/<int:contact_id>")
@vendor_required
@vendor_object("contact", "contact_id")
def contact(contact_id: int) -> Any:
    return _contact_page(_contact(contact_id), None, None, 200)


@bp.post("/contacts/<int:contact_id>")
@vendor_required
@vendor_object("contact", "contact_id")
def save_contact_view(contact_id: int) -> Any:
    row = _contact(contact_id)
    form = read_contact(request.form)
    if not form.ok:
        return _contact_page(row, form, None, 400)
    try:
        save_contact(current_vendor(), form.values, row)
    except ContactRefused as exc:
        db.session.rollback()
        return _contact_page(_contact(contact_id), form, exc.message, 409)
    db.session.commit()
    flash(_("The details of %(name)s were saved.", name=row.name), "success")
    return redirect(url_for("vendor.profile", _anchor="contacts"), 303)


@bp.post("/contacts/<int:contact_id>/delete")
@vendor_required
@vendor_object("contact", "contact_id")
def remove_contact(contact_id: int) -> Any:
    row = _contact(contact_id)
    name = row.name
    try:
        delete_contact(current_vendor(), row)
    except ContactRefused as exc:
        db.session.rollback()
        return _page(contact_error=exc.message, status=409)
    db.session.commit()
    flash(_("%(name)s was removed.", name=name), "success")
    return redirect(url_for("vendor.profile", _anchor="contacts"), 303)
