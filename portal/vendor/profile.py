"""The vendor's own profile and contacts: checked input, every change audited with what changed.

Category, criticality, spend and status are set by the portal's staff, never from these forms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from sqlalchemy import select

from portal.audit.service import record
from portal.core.db import db
from portal.i18n import LOCALES
from portal.i18n import lazy_gettext as _l
from portal.vendors.models import Vendor, VendorContact

EMAIL = re.compile(
    r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$"
)
PHONE = re.compile(r"^[0-9+()./\- ]{4,50}$")
# Territory codes that are not countries (regions, the EU, "unknown").
NOT_COUNTRIES = frozenset(("EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"))


def countries(locale: str | None) -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with their names in the reader's language, sorted by name."""
    names = Locale.parse(locale or "en").territories
    return sorted(
        (
            (code, name)
            for code, name in names.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
        ),
        key=lambda item: item[1],
    )


def _text(form: Mapping[str, str], name: str, limit: int) -> str | None:
    value = " ".join(form.get(name, "").split()) if limit <= 300 else form.get(name, "").strip()
    value = "".join(c for c in value if c.isprintable() or c == "\n")
    return value or None


@dataclass
class FormResult:
    values: dict[str, Any]
    errors: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_profile(form: Mapping[str, str]) -> FormResult:
    values: dict[str, Any] = {
        "legal_name": _text(form, "legal_name", 300),
        "registration_number": _text(form, "registration_number", 100),
        "country": (form.get("country") or "").strip().upper(),
        "address": _text(form, "address", 2000),
        "postal_address": _text(form, "postal_address", 2000),
        "preferred_language": form.get("preferred_language", ""),
    }
    result = FormResult(values)
    if not values["legal_name"]:
        result.errors["legal_name"] = _l("Enter your organisation's legal name.")
    elif len(values["legal_name"]) > 300:
        result.errors["legal_name"] = _l("Keep it under %(n)d characters.", n=300)
    if values["registration_number"] and len(values["registration_number"]) > 100:
        result.errors["registration_number"] = _l("Keep it under %(n)d characters.", n=100)
    if values["country"] not in dict(countries("en")):
        result.errors["country"] = _l("Choose a country from the list.")
    for name in ("address", "postal_address"):
        if values[name] and len(values[name]) > 2000:
            result.errors[name] = _l("Keep it under %(n)d characters.", n=2000)
    if values["preferred_language"] not in LOCALES:
        result.errors["preferred_language"] = _l("Choose a language from the list.")
    return result


def update_profile(vendor: Vendor, values: Mapping[str, Any]) -> dict[str, Any]:
    """Apply checked values; returns {field: [before, after]} of what changed (audited)."""
    changed = {}
    for name in (
        "legal_name",
        "registration_number",
        "country",
        "address",
        "postal_address",
        "preferred_language",
    ):
        before = getattr(vendor, name)
        if values[name] != before:
            changed[name] = [before, values[name]]
            setattr(vendor, name, values[name])
    if changed:
        db.session.flush()
        record(
            "vendor.profile_changed",
            vendor_id=vendor.id,
            object_type="vendor",
            object_id=vendor.id,
            changes=changed,
        )
    return changed


def read_contact(form: Mapping[str, str]) -> FormResult:
    values: dict[str, Any] = {
        "name": _text(form, "name", 300),
        "email": (form.get("email") or "").strip(),
        "phone": _text(form, "phone", 50),
        "position": _text(form, "position", 200),
        "language": form.get("language", ""),
        "receives_reminders": form.get("receives_reminders") in ("1", "on", "true"),
        "is_primary": form.get("is_primary") in ("1", "on", "true"),
    }
    result = FormResult(values)
    if not values["name"]:
        result.errors["name"] = _l("Enter the person's name.")
    elif len(values["name"]) > 300:
        result.errors["name"] = _l("Keep it under %(n)d characters.", n=300)
    if not EMAIL.match(values["email"]) or len(values["email"]) > 320:
        result.errors["email"] = _l("Enter an e-mail address like name@example.com.")
    if values["phone"] and not PHONE.match(values["phone"]):
        result.errors["phone"] = _l("Use digits, spaces and + ( ) - only.")
    if values["position"] and len(values["position"]) > 200:
        result.errors["position"] = _l("Keep it under %(n)d characters.", n=200)
    if values["language"] not in LOCALES:
        result.errors["language"] = _l("Choose a language from the list.")
    return result


class ContactRefused(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


def _contacts(vendor: Vendor) -> list[VendorContact]:
    return list(
        db.session.scalars(
            select(VendorContact)
            .where(VendorContact.vendor_id == vendor.id)
            .order_by(VendorContact.id)
        )
    )


def _keep_one_recipient(vendor: Vendor, leaving: VendorContact | None) -> None:
    others = [c for c in _contacts(vendor) if c is not leaving and c.receives_reminders]
    if not others:
        raise ContactRefused(
            _l(
                "At least one contact must receive reminders, or nobody is told when a document "
                "is about to expire."
            )
        )


def _make_primary(vendor: Vendor, contact: VendorContact) -> None:
    for other in _contacts(vendor):
        if other is not contact and other.is_primary:
            other.is_primary = False


def save_contact(
    vendor: Vendor, values: Mapping[str, Any], contact: VendorContact | None = None
) -> VendorContact:
    """Add a contact (contact=None) or change one of this vendor's; audited."""
    creating = contact is None
    if contact is None:
        if not _contacts(vendor):
            # The first contact is the primary one and gets the reminders.
            values = {**values, "is_primary": True, "receives_reminders": True}
        contact = VendorContact(vendor_id=vendor.id)
        db.session.add(contact)
    elif contact.receives_reminders and not values["receives_reminders"]:
        _keep_one_recipient(vendor, contact)
    before = {k: getattr(contact, k, None) for k in values}
    for name, value in values.items():
        setattr(contact, name, value)
    db.session.flush()
    if contact.is_primary:
        _make_primary(vendor, contact)
    record(
        "vendor.contact_added" if creating else "vendor.contact_changed",
        vendor_id=vendor.id,
        object_type="contact",
        object_id=contact.id,
        changes={k: [before[k], values[k]] for k in values if creating or before[k] != values[k]},
    )
    return contact


def delete_contact(vendor: Vendor, contact: VendorContact) -> None:
    if contact.receives_reminders:
        _keep_one_recipient(vendor, contact)
    record(
        "vendor.contact_removed",
        vendor_id=vendor.id,
        object_type="contact",
        object_id=contact.id,
        name=contact.name,
        email=contact.email,
    )
    db.session.delete(contact)
    db.session.flush()
