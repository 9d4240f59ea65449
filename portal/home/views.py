"""`/`: where a signed-in person lands (vendor and staff pages come from their own features)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for

from portal.auth.access import login_required, require_principal
from portal.core.db import db
from portal.vendors.models import Vendor

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index() -> Any:
    principal = require_principal()
    if principal.kind == "pending":
        return redirect(url_for("auth.access_request"))
    if principal.is_vendor:
        from portal.vendor.home_views import home

        return home()  # the vendor's home page, also at /vendor/
    vendor = db.session.get(Vendor, principal.vendor_id) if principal.vendor_id else None
    return render_template("home.html", vendor=vendor)
