"""`/admin/scorecards`: the performance lines, the selection criteria and the score bands.
Staff read the page; admins change it (each set saved whole, stale saves refused)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from flask import abort, flash, redirect, render_template, request, url_for

from portal.auth.access import admin_required, require_principal, staff_required
from portal.core.db import db
from portal.i18n import gettext as _
from portal.lifecycle.blueprint import bp
from portal.scorecards.band_form import BandsForm, band_labels, bands_form, read_bands, save_bands
from portal.scorecards.models import AUTO_RULES, CRITERION_GROUPS
from portal.scorecards.performance import bands, configured_bands
from portal.scorecards.selection import AUTO_LABELS, GROUP_LABELS
from portal.scorecards.settings import StaleSettings, current_version, stored_bands
from portal.scorecards.tuning import (
    CRITERION_FIELDS,
    LINE_FIELDS,
    TableForm,
    all_criteria,
    all_lines,
    blank_row,
    criteria_form,
    is_stale,
    lines_form,
    read_criteria,
    read_lines,
    save_criteria,
    save_lines,
    source_choices,
    stale_message,
)


def _page(
    lines: TableForm | None = None,
    criteria: TableForm | None = None,
    band_form: BandsForm | None = None,
    status: int = 200,
) -> Any:
    return (
        render_template(
            "scorecards/admin.html",
            lines=lines or lines_form(all_lines()),
            criteria=criteria or criteria_form(all_criteria()),
            band_form=band_form or bands_form(bands()),
            stored_bands=stored_bands(),
            configured_bands=configured_bands(),
            band_labels=band_labels(),
            sources=source_choices(),
            groups={g: GROUP_LABELS[g] for g in CRITERION_GROUPS},
            auto_rules={rule: AUTO_LABELS[rule] for rule in AUTO_RULES},
            can_edit=require_principal().is_admin,
            new_line=blank_row("new", LINE_FIELDS),
            new_criteria={g: blank_row(f"new-{g}", CRITERION_FIELDS) for g in CRITERION_GROUPS},
        ),
        status,
    )


@bp.get("/admin/scorecards")
@staff_required
def scorecard_settings() -> Any:
    return _page()


def _refuse_stale() -> NoReturn:
    db.session.rollback()
    abort(409, stale_message())


def _save_table(
    read: Callable[[Mapping[str, str]], TableForm],
    save: Callable[[TableForm, int | None], int],
    set_key: str,
    anchor: str,
) -> Any:
    """One set saved whole: stale → 409, invalid → the page again with what was typed."""
    table = read(request.form)
    if is_stale(table, set_key):
        _refuse_stale()
    if not table.ok:
        lines, criteria = (table, None) if set_key == "performance" else (None, table)
        return _page(lines=lines, criteria=criteria, status=400)
    try:
        changed = save(table, require_principal().user_id)
    except StaleSettings:
        _refuse_stale()
    db.session.commit()
    flash(_("Saved: %(count)d changed.", count=changed), "success")
    return redirect(url_for("lifecycle.scorecard_settings", _anchor=anchor), 303)


@bp.post("/admin/scorecards/lines")
@admin_required
def save_scorecard_lines() -> Any:
    return _save_table(read_lines, save_lines, "performance", "lines")


@bp.post("/admin/scorecards/criteria")
@admin_required
def save_selection_criteria() -> Any:
    return _save_table(read_criteria, save_criteria, "selection", "criteria")


@bp.post("/admin/scorecards/bands")
@admin_required
def save_score_bands() -> Any:
    form = read_bands(request.form, reset=request.form.get("action") == "reset")
    if form.version != current_version("bands"):
        _refuse_stale()
    if not form.ok:
        return _page(band_form=form, status=400)
    try:
        save_bands(form, require_principal().user_id)
    except StaleSettings:
        _refuse_stale()
    db.session.commit()
    flash(_("Score bands saved."), "success")
    return redirect(url_for("lifecycle.scorecard_settings", _anchor="bands"), 303)
