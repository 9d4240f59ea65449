"""`/admin/requirements`: the requirements matrix (document kind × vendor category × country ×
criticality × spend), edited by admins, with a preview for a vendor profile."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from portal.auth.access import admin_required, vendor_object
from portal.auth.tenancy import NO_VENDOR, OBJECT_KINDS, register_object_kind
from portal.core.db import db
from portal.diligence.service import CHECK_LABELS
from portal.i18n import gettext as _
from portal.requirements.catalog import KINDS, VENDOR_CATEGORIES
from portal.requirements.editing import (
    RequirementForm,
    all_requirements,
    form_from,
    preview,
    read_profile,
    read_requirement,
    save_requirement,
    vendors_per_requirement,
)
from portal.requirements.models import Requirement
from portal.vendors.models import CRITICALITIES

bp = Blueprint("requirements_admin", __name__, url_prefix="/admin/requirements")


def _lists() -> dict[str, list[str]]:
    return {name: request.form.getlist(name) for name in ("kinds", "categories", "checks")}


def _choices() -> dict[str, Any]:
    return {
        "kinds": KINDS,
        "categories": VENDOR_CATEGORIES,
        "criticalities": CRITICALITIES,
        "checks": CHECK_LABELS,
    }


def _list_page(form: RequirementForm | None = None, status: int = 200) -> Any:
    requirements = all_requirements()
    profile = read_profile(request.args)
    return (
        render_template(
            "admin/requirements.html",
            requirements=requirements,
            applies_to=vendors_per_requirement(requirements),
            form=form,
            profile=profile,
            preview=preview(profile, requirements) if profile else None,
            **_choices(),
        ),
        status,
    )


@bp.get("")
@admin_required
def matrix() -> Any:
    return _list_page()


@bp.post("")
@admin_required
def create() -> Any:
    form = read_requirement(request.form, _lists())
    if not form.ok:
        return _list_page(form, 400)
    requirement = save_requirement(form.values, None)
    db.session.commit()
    flash(_("Requirement “%(name)s” was added.", name=requirement.name), "success")
    return redirect(url_for("requirements_admin.matrix"), 303)


def _requirement(requirement_id: int) -> Requirement:
    requirement = db.session.get(Requirement, requirement_id)
    if requirement is None:
        abort(404)
    return requirement


def _edit_page(requirement: Requirement, form: RequirementForm, status: int) -> Any:
    return (
        render_template("admin/requirement.html", requirement=requirement, form=form, **_choices()),
        status,
    )


@bp.get("/<int:requirement_id>")
@admin_required
@vendor_object("requirement", "requirement_id")
def edit(requirement_id: int) -> Any:
    requirement = _requirement(requirement_id)
    return _edit_page(requirement, form_from(requirement), 200)


@bp.post("/<int:requirement_id>")
@admin_required
@vendor_object("requirement", "requirement_id")
def update(requirement_id: int) -> Any:
    requirement = _requirement(requirement_id)
    form = read_requirement(request.form, _lists())
    if not form.ok:
        return _edit_page(requirement, form, 400)
    save_requirement(form.values, requirement)
    db.session.commit()
    flash(_("Requirement “%(name)s” was saved.", name=requirement.name), "success")
    return redirect(url_for("requirements_admin.matrix"), 303)


def _owner(session: Session, requirement_id: int) -> int | None:
    # The matrix belongs to no vendor: admins only.
    return NO_VENDOR if session.get(Requirement, requirement_id) else None


def init_app(app: Flask) -> None:
    if "requirement" not in OBJECT_KINDS:
        register_object_kind("requirement", _owner)
    app.register_blueprint(bp)
