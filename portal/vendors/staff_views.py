"""`/staff/vendors`: vendors by status, a vendor's page, suspension (admins), CSV exports."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from portal.auth.access import admin_required, staff_required, vendor_object
from portal.core.db import db, utcnow
from portal.i18n import gettext as _
from portal.vendor.words import VENDOR_STATUSES as STATUS_WORDS
from portal.vendors import staff
from portal.vendors.models import VENDOR_STATUSES, Vendor

bp = Blueprint("staff_vendors", __name__, url_prefix="/staff")


def _vendor(vendor_id: int) -> Vendor:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        abort(404)
    return vendor


@bp.get("/vendors")
@staff_required
def vendors() -> Any:
    status = request.args.get("status", "")
    return render_template(
        "staff/vendors.html",
        vendors=staff.vendors_by_status(status or None),
        counts=staff.status_counts(),
        status=status if status in VENDOR_STATUSES else "",
        statuses=VENDOR_STATUSES,
        status_words=STATUS_WORDS,
    )


@bp.get("/vendors/<int:vendor_id>")
@staff_required
@vendor_object("vendor", "vendor_id")
def vendor(vendor_id: int) -> Any:
    today = utcnow().date()
    page = staff.vendor_page(_vendor(vendor_id), today)
    return render_template("staff/vendor.html", page=page, today=today, status_words=STATUS_WORDS)


def _change(vendor_id: int, suspend: bool) -> Any:
    vendor = _vendor(vendor_id)
    reason = request.form.get("reason", "")
    try:
        if suspend:
            staff.suspend(vendor, reason)
        else:
            staff.reinstate(vendor, reason, utcnow().date())
    except staff.StatusRefused as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("staff_vendors.vendor", vendor_id=vendor_id), 303)
    db.session.commit()
    flash(
        _("%(vendor)s is now “%(status)s”.", vendor=vendor.legal_name, status=vendor.status),
        "success",
    )
    return redirect(url_for("staff_vendors.vendor", vendor_id=vendor_id), 303)


@bp.post("/vendors/<int:vendor_id>/suspend")
@admin_required
@vendor_object("vendor", "vendor_id")
def suspend(vendor_id: int) -> Any:
    return _change(vendor_id, suspend=True)


@bp.post("/vendors/<int:vendor_id>/reinstate")
@admin_required
@vendor_object("vendor", "vendor_id")
def reinstate(vendor_id: int) -> Any:
    return _change(vendor_id, suspend=False)


def _export(name: str, chunks: Any) -> Response:
    staff.record_export(name)
    db.session.commit()
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    stamp = utcnow().strftime("%Y%m%d")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/exports/vendors.csv")
@staff_required
def export_vendors() -> Any:
    return _export("vendors", staff.vendors_csv())


@bp.get("/exports/documents.csv")
@staff_required
def export_documents() -> Any:
    return _export("documents", staff.documents_csv())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
