"""The signed-in vendor member, their account and organisation, for the vendor views."""

from __future__ import annotations

from datetime import date

from werkzeug.exceptions import NotFound

from portal.auth.access import require_principal
from portal.auth.models import User
from portal.core.db import db, utcnow
from portal.vendors.models import Vendor


def current_vendor() -> Vendor:
    principal = require_principal()
    vendor = db.session.get(Vendor, principal.vendor_id) if principal.vendor_id else None
    if vendor is None:
        raise NotFound()
    return vendor


def current_user() -> User | None:
    return db.session.get(User, require_principal().user_id)


def today() -> date:
    return utcnow().date()
