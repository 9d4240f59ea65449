"""Who receives reminders, as SQL selects the due query joins documents with.

- the vendor side: its contacts who take reminders, in their language (the vendor's language
  when they have none); when it has no such contact, its vendor users;
- the vendor's internal owner (a reviewer or admin);
- the admins (escalations).

Addresses are compared trimmed and in lower case.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    cast,
    exists,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from portal.auth.models import User
from portal.vendors.models import Vendor, VendorContact


def _email(column: Any) -> ColumnElement[str]:
    return func.lower(func.trim(column))


def vendor_recipients() -> Select[Any]:
    """The vendor's contacts who take reminders; its users when it has no such contact."""
    contacts = (
        select(
            VendorContact.vendor_id.label("vendor_id"),
            _email(VendorContact.email).label("email"),
            VendorContact.name.label("name"),
            literal("contact", String()).label("kind"),
            VendorContact.id.label("contact_id"),
            cast(null(), Integer()).label("user_id"),
            func.coalesce(func.nullif(VendorContact.language, ""), Vendor.preferred_language).label(
                "language"
            ),
        )
        .join(Vendor, Vendor.id == VendorContact.vendor_id)
        .where(VendorContact.receives_reminders.is_(True), func.trim(VendorContact.email) != "")
    )
    any_contact = aliased(VendorContact)
    users = (
        select(
            User.vendor_id.label("vendor_id"),
            _email(User.email).label("email"),
            User.name.label("name"),
            literal("vendor_user", String()).label("kind"),
            cast(null(), Integer()).label("contact_id"),
            User.id.label("user_id"),
            func.coalesce(User.locale, Vendor.preferred_language).label("language"),
        )
        .join(Vendor, Vendor.id == User.vendor_id)
        .where(
            User.role == "vendor",
            User.disabled.is_(False),
            User.email.is_not(None),
            func.trim(User.email) != "",
            ~exists().where(
                any_contact.vendor_id == User.vendor_id,
                any_contact.receives_reminders.is_(True),
                func.trim(any_contact.email) != "",
            ),
        )
    )
    return union_all(contacts, users).subquery("vendor_recipients").select()


def _staff(kind: str) -> list[Any]:
    return [
        _email(User.email).label("email"),
        User.name.label("name"),
        literal(kind, String()).label("kind"),
        cast(null(), Integer()).label("contact_id"),
        User.id.label("user_id"),
        func.coalesce(User.locale, "en").label("language"),
    ]


def _active_staff() -> ColumnElement[bool]:
    return and_(User.disabled.is_(False), User.email.is_not(None), func.trim(User.email) != "")


def owner_recipients() -> Select[Any]:
    """Each vendor's internal owner."""
    return (
        select(Vendor.id.label("vendor_id"), *_staff("owner"))
        .join(User, User.id == Vendor.owner_id)
        .where(_active_staff(), User.role.in_(("reviewer", "admin")))
    )


def admin_recipients() -> Select[Any]:
    return select(*_staff("admin")).where(_active_staff(), User.role == "admin")
