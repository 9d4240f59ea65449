"""Tenant scoping for services: every query on vendor data goes through these.

    stmt = tenant_filter(select(Document), Document.vendor_id, principal)
    document = get_for_principal(Document, document_id, principal)   # 404 across tenants

Object kinds (for `@vendor_object`) say how to find the vendor that owns an object; each feature
registers its own with `register_object_kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, false, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from werkzeug.exceptions import NotFound

from portal.auth.access import Principal
from portal.core.db import db

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])

# Returned by an owner lookup for an object that exists but belongs to no vendor (staff-only).
NO_VENDOR = 0


@dataclass(frozen=True)
class ObjectKind:
    name: str
    # The owning vendor's id; None when the object does not exist; NO_VENDOR when it has no owner.
    owner: Callable[[Session, int], int | None]


OBJECT_KINDS: dict[str, ObjectKind] = {}


def register_object_kind(name: str, owner: Callable[[Session, int], int | None]) -> None:
    OBJECT_KINDS[name] = ObjectKind(name, owner)


def object_owner(kind: str, object_id: Any) -> int | None:
    """The vendor owning object `kind`/`object_id`; None when there is no such object."""
    try:
        spec = OBJECT_KINDS[kind]
    except KeyError:
        raise LookupError(f"object kind {kind!r} is not registered") from None
    try:
        number = int(object_id)
    except (TypeError, ValueError):
        return None
    return spec.owner(db.session, number)


def may_see_vendor(principal: Principal, vendor_id: int | None) -> bool:
    """Staff see every vendor; a vendor user only their own; pending users none."""
    if principal.is_staff:
        return True
    return (
        principal.is_vendor
        and principal.vendor_id is not None
        and vendor_id is not None
        and vendor_id == principal.vendor_id
    )


def tenant_filter(stmt: S, vendor_column: InstrumentedAttribute[Any], principal: Principal) -> S:
    """Restrict a query to the rows the principal may see, in SQL."""
    if principal.is_staff:
        return stmt
    if principal.is_vendor and principal.vendor_id is not None:
        return stmt.where(vendor_column == principal.vendor_id)
    return stmt.where(false())


def get_for_principal(
    model: type[T],
    object_id: int,
    principal: Principal,
    vendor_column: InstrumentedAttribute[Any] | None = None,
) -> T:
    """Load one row the principal may see, or raise 404 (also across tenants)."""
    column = vendor_column if vendor_column is not None else model.vendor_id  # type: ignore[attr-defined]
    stmt = tenant_filter(select(model).where(model.id == object_id), column, principal)  # type: ignore[attr-defined]
    row = db.session.scalar(stmt)
    if row is None:
        raise NotFound()
    return row


def _register_builtin_kinds() -> None:
    from portal.auth.models import AccessRequest, Invitation, User
    from portal.documents.models import Document, ExtractedField
    from portal.vendors.models import Vendor, VendorContact

    def by_column(model: Any, column: Any) -> Callable[[Session, int], int | None]:
        def owner(session: Session, object_id: int) -> int | None:
            found = session.execute(select(column).where(model.id == object_id)).first()
            if found is None:
                return None
            return found[0] if found[0] is not None else NO_VENDOR

        return owner

    register_object_kind("vendor", by_column(Vendor, Vendor.id))
    register_object_kind("contact", by_column(VendorContact, VendorContact.vendor_id))
    register_object_kind("document", by_column(Document, Document.vendor_id))

    def field_owner(session: Session, object_id: int) -> int | None:
        stmt = (
            select(Document.vendor_id)
            .join(ExtractedField, ExtractedField.document_id == Document.id)
            .where(ExtractedField.id == object_id)
        )
        return session.scalar(stmt)

    register_object_kind("field", field_owner)
    # Staff-only objects: a vendor never owns them.
    register_object_kind("user", by_column(User, User.vendor_id))
    register_object_kind("invitation", by_column(Invitation, Invitation.vendor_id))
    register_object_kind(
        "access_request", lambda s, i: NO_VENDOR if s.get(AccessRequest, i) else None
    )


_register_builtin_kinds()
