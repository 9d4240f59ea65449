"""Admin pages for people: users and roles, invitations, access requests: `/admin/...`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from portal.auth import access_requests, accounts, invitations
from portal.auth.access import admin_required, require_principal, vendor_object
from portal.auth.models import AccessRequest, Invitation, User
from portal.core.db import db
from portal.i18n import gettext as _
from portal.vendors.models import Vendor

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _acting_user() -> User | None:
    return db.session.get(User, require_principal().user_id)


def _get(model: Any, object_id: int) -> Any:
    row = db.session.get(model, object_id)
    if row is None:
        raise NotFound()
    return row


def _vendors() -> list[Vendor]:
    return list(db.session.scalars(select(Vendor).order_by(Vendor.legal_name)))


@bp.get("/users")
@admin_required
def users() -> Any:
    rows = db.session.scalars(select(User).order_by(User.role.desc(), User.email)).all()
    return render_template("auth/admin/users.html", users=rows, vendors=_vendors())


@bp.post("/users/<int:user_id>/role")
@admin_required
@vendor_object("user", "user_id")
def set_role(user_id: int) -> Any:
    user = _get(User, user_id)
    role = request.form.get("role", "")
    vendor_id = request.form.get("vendor_id", type=int) if role == "vendor" else None
    if vendor_id is not None and db.session.get(Vendor, vendor_id) is None:
        flash(_("Choose an existing vendor."), "error")
        return redirect(url_for("admin.users"), 303)
    if user.id == require_principal().user_id and role != "admin":
        flash(_("You cannot remove your own admin role."), "error")
        return redirect(url_for("admin.users"), 303)
    try:
        accounts.set_role(user, role, vendor_id)
    except accounts.AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.users"), 303)
    db.session.commit()
    flash(_("Role of %(who)s updated.", who=user.email or user.subject), "success")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/disable")
@admin_required
@vendor_object("user", "user_id")
def disable(user_id: int) -> Any:
    user = _get(User, user_id)
    if user.id == require_principal().user_id:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("admin.users"), 303)
    accounts.set_disabled(user, request.form.get("disabled", "1") == "1")
    db.session.commit()
    return redirect(url_for("admin.users"), 303)


@bp.route("/invitations", methods=["GET", "POST"])
@admin_required
def invitation_list() -> Any:
    new_link = None
    status = 200
    if request.method == "POST":
        vendor = db.session.get(Vendor, request.form.get("vendor_id", type=int) or 0)
        email = request.form.get("email", "")
        if vendor is None:
            flash(_("Choose the vendor organisation to invite to."), "error")
            status = 400
        else:
            try:
                created = invitations.create_invitation(vendor, email, _acting_user())
            except ValueError:
                flash(_("Enter a valid e-mail address."), "error")
                status = 400
            else:
                db.session.commit()
                base = current_app.config["PORTAL"].base_url
                new_link = base + url_for("auth.invitation", token=created.token)
    rows = db.session.scalars(select(Invitation).order_by(Invitation.created_at.desc())).all()
    return render_template(
        "auth/admin/invitations.html",
        invitations=rows,
        vendors=_vendors(),
        new_link=new_link,
        status_of=invitations.invitation_status,
    ), status


@bp.post("/invitations/<int:invitation_id>/revoke")
@admin_required
@vendor_object("invitation", "invitation_id")
def revoke_invitation(invitation_id: int) -> Any:
    invitations.revoke_invitation(_get(Invitation, invitation_id))
    db.session.commit()
    return redirect(url_for("admin.invitation_list"), 303)


@bp.get("/access-requests")
@admin_required
def access_request_list() -> Any:
    return render_template(
        "auth/admin/access_requests.html",
        requests=access_requests.pending_requests(),
        vendors=_vendors(),
    )


def _decide_access_request(decide: Callable[[], None]) -> Any:
    """Run an admin's decision; a request someone else decided first answers 409."""
    try:
        decide()
    except access_requests.AlreadyDecided as exc:
        db.session.rollback()
        abort(409, str(exc))
    except access_requests.AccessRequestError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
    return redirect(url_for("admin.access_request_list"), 303)


@bp.post("/access-requests/<int:access_request_id>/approve")
@admin_required
@vendor_object("access_request", "access_request_id")
def approve_access_request(access_request_id: int) -> Any:
    item = _get(AccessRequest, access_request_id)
    role = request.form.get("role", "vendor")
    vendor = db.session.get(Vendor, request.form.get("vendor_id", type=int) or 0)
    return _decide_access_request(
        lambda: access_requests.approve_request(item, _acting_user(), role, vendor)
    )


@bp.post("/access-requests/<int:access_request_id>/decline")
@admin_required
@vendor_object("access_request", "access_request_id")
def decline_access_request(access_request_id: int) -> Any:
    item = _get(AccessRequest, access_request_id)
    note = request.form.get("note")
    return _decide_access_request(
        lambda: access_requests.decline_request(item, _acting_user(), note)
    )
