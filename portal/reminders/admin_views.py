"""`/admin/reminders`: the reminder policy of every document type, edited by admins, and the
ledger: which reminders went to whom, and the daily runs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for

from portal.auth.access import admin_required, require_principal
from portal.core.db import db
from portal.i18n import gettext as _
from portal.reminders.models import DEFAULT_POLICY_KEY
from portal.reminders.policy import (
    DOCUMENT_TYPES,
    PolicyInvalid,
    effective_policies,
    reset_policy,
    save_policy,
)
from portal.reminders.queries import recent_runs, reminder_history

bp = Blueprint("reminders_admin", __name__, url_prefix="/admin/reminders")


def _page(
    errors: dict[str, object] | None = None, failed: str | None = None, status: int = 200
) -> Any:
    return (
        render_template(
            "reminders/policies.html",
            policies=effective_policies(),
            default_key=DEFAULT_POLICY_KEY,
            errors=errors or {},
            failed=failed,
            submitted=request.form if failed else None,
        ),
        status,
    )


@bp.get("")
@admin_required
def policies() -> Any:
    return _page()


@bp.post("")
@admin_required
def save() -> Any:
    form = request.form
    doc_type = form.get("doc_type", "")
    if doc_type != DEFAULT_POLICY_KEY and doc_type not in DOCUMENT_TYPES:
        return _page({"doc_type": _("Unknown document type.")}, doc_type, 400)
    if form.get("action") == "reset":
        if reset_policy(doc_type):
            db.session.commit()
        flash(_("The %(type)s policy follows the default again.", type=doc_type), "success")
        return redirect(url_for("reminders_admin.policies"), 303)
    try:
        save_policy(
            doc_type,
            offsets_days=form.get("offsets_days", ""),
            repeat_after_expiry_days=form.get("repeat_after_expiry_days", ""),
            renewal_offsets_days=form.get("renewal_offsets_days", ""),
            escalation_days=form.get("escalation_days", ""),
            notify_vendor=form.get("notify_vendor") == "1",
            notify_owner=form.get("notify_owner") == "1",
            enabled=form.get("enabled") == "1",
            actor_user_id=require_principal().user_id,
        )
    except PolicyInvalid as exc:
        db.session.rollback()
        return _page(exc.errors, doc_type, 400)
    db.session.commit()
    flash(_("The reminder policy was saved."), "success")
    return redirect(url_for("reminders_admin.policies"), 303)


HISTORY_PAGE_SIZE = 50


@bp.get("/history")
@admin_required
def history() -> Any:
    recipient = request.args.get("recipient", "").strip()[:320]
    before_id = request.args.get("before", type=int)
    rows = reminder_history(
        recipient=recipient or None,
        before_id=before_id,
        limit=HISTORY_PAGE_SIZE + 1,
    )
    more = len(rows) > HISTORY_PAGE_SIZE
    rows = rows[:HISTORY_PAGE_SIZE]
    return render_template(
        "reminders/history.html",
        reminders=rows,
        runs=recent_runs(14) if before_id is None else [],
        next_before=rows[-1].id if more else None,
        recipient=recipient,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
