"""`/admin/kpis`: KPI definitions (the built-in four and the admins' own) and how often each
vendor reports."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from portal.auth.access import admin_required, vendor_object
from portal.core.db import db
from portal.i18n import LANGUAGE_NAMES, LOCALES
from portal.i18n import gettext as _
from portal.kpis.blueprint import bp
from portal.kpis.definitions import UNIT_LABELS, DefinitionForm, read_definition, save_definition
from portal.kpis.models import KpiDefinition
from portal.kpis.service import DUE_WINDOW, schedule_for, set_schedule
from portal.kpis.words import FREQUENCIES
from portal.requirements.catalog import VENDOR_CATEGORIES
from portal.vendors.models import Vendor


def _definitions() -> list[KpiDefinition]:
    return list(
        db.session.scalars(select(KpiDefinition).order_by(KpiDefinition.position, KpiDefinition.id))
    )


def _page(form: DefinitionForm | None = None, status: int = 200) -> Any:
    vendors = list(db.session.scalars(select(Vendor).order_by(Vendor.legal_name)))
    return (
        render_template(
            "kpis/admin_definitions.html",
            definitions=_definitions(),
            form=form,
            units=UNIT_LABELS,
            categories=VENDOR_CATEGORIES,
            languages=[lang for lang in LOCALES if lang != "en"],
            language_names=LANGUAGE_NAMES,
            vendors=vendors,
            schedules={v.id: schedule_for(v) for v in vendors},
            frequencies=FREQUENCIES,
        ),
        status,
    )


@bp.get("/admin/kpis")
@admin_required
def admin_definitions() -> Any:
    return _page()


@bp.post("/admin/kpis")
@admin_required
def create_definition() -> Any:
    form = read_definition(request.form, request.form.getlist("categories"), None)
    if not form.ok:
        return _page(form, 400)
    definition = save_definition(form.values, None)
    db.session.commit()
    flash(_("KPI “%(name)s” was added.", name=definition.name), "success")
    return redirect(url_for("kpis.admin_definitions"), 303)


def _definition(kpi_id: int) -> KpiDefinition:
    definition = db.session.get(KpiDefinition, kpi_id)
    if definition is None:
        abort(404)
    return definition


def _edit_page(definition: KpiDefinition, form: DefinitionForm | None, status: int) -> Any:
    return (
        render_template(
            "kpis/admin_definition.html",
            definition=definition,
            form=form,
            units=UNIT_LABELS,
            categories=VENDOR_CATEGORIES,
            languages=[lang for lang in LOCALES if lang != "en"],
            language_names=LANGUAGE_NAMES,
        ),
        status,
    )


@bp.get("/admin/kpis/<int:kpi_id>")
@admin_required
@vendor_object("kpi_definition", "kpi_id")
def edit_definition(kpi_id: int) -> Any:
    return _edit_page(_definition(kpi_id), None, 200)


@bp.post("/admin/kpis/<int:kpi_id>")
@admin_required
@vendor_object("kpi_definition", "kpi_id")
def update_definition(kpi_id: int) -> Any:
    definition = _definition(kpi_id)
    form = read_definition(request.form, request.form.getlist("categories"), definition)
    if not form.ok:
        return _edit_page(definition, form, 400)
    save_definition(form.values, definition)
    db.session.commit()
    flash(_("KPI “%(name)s” was saved.", name=definition.name), "success")
    return redirect(url_for("kpis.admin_definitions"), 303)


@bp.post("/admin/vendors/<int:vendor_id>/kpi-schedule")
@admin_required
@vendor_object("vendor", "vendor_id")
def set_vendor_schedule(vendor_id: int) -> Any:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        abort(404)
    frequency = request.form.get("frequency", "")
    if frequency not in DUE_WINDOW:
        abort(400, _("Choose monthly or quarterly."))
    set_schedule(vendor, frequency)
    db.session.commit()
    flash(
        _(
            "Reporting frequency of %(vendor)s: %(frequency)s.",
            vendor=vendor.legal_name,
            frequency=str(FREQUENCIES[frequency]),
        ),
        "success",
    )
    return redirect(url_for("kpis.admin_definitions", _anchor="schedules"), 303)
