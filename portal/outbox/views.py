"""`/admin/outbox`: read the messages the portal sends, see why one failed, try it again.

The rows and their delivery live in `portal.core.outbox`; these pages only read them and ask for
a retry. A message's HTML is served on its own URL under a `sandbox` CSP, never inlined.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from portal.auth.access import admin_required, vendor_object
from portal.auth.tenancy import NO_VENDOR, OBJECT_KINDS, register_object_kind
from portal.core import outbox
from portal.core.db import db
from portal.i18n import gettext as _

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")
PAGE_SIZE = 50
SANDBOX = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _message(message_id: int) -> outbox.MailMessage:
    message = outbox.get_message(message_id)
    if message is None:
        abort(404)
    return message


@bp.get("")
@admin_required
def messages() -> Any:
    status = request.args.get("status", "")
    if status and status not in outbox.STATUSES:
        status = ""
    category = request.args.get("category", "").strip()[:50]
    recipient = request.args.get("recipient", "").strip()[:320]
    before_id = request.args.get("before", type=int)
    rows = outbox.list_messages(
        status=status or None,
        category=category or None,
        recipient=recipient or None,
        before_id=before_id,
        limit=PAGE_SIZE + 1,
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render_template(
        "outbox/messages.html",
        messages=rows,
        next_before=rows[-1].id if more else None,
        status=status,
        category=category,
        recipient=recipient,
        statuses=outbox.STATUSES,
        transport=outbox.transport_description(),
    )


@bp.get("/<int:message_id>")
@admin_required
@vendor_object("mail_message", "message_id")
def message(message_id: int) -> Any:
    return render_template("outbox/message.html", message=_message(message_id))


@bp.get("/<int:message_id>/html")
@admin_required
@vendor_object("mail_message", "message_id")
def message_html(message_id: int) -> Any:
    """The message's HTML as sent, in a sandbox: no script, no same-origin, no form posts."""
    body = _message(message_id).html_body
    if body is None:
        abort(404)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": SANDBOX}
    return body, 200, headers


@bp.post("/<int:message_id>/retry")
@admin_required
@vendor_object("mail_message", "message_id")
def retry(message_id: int) -> Any:
    _message(message_id)
    if outbox.retry_message(message_id):
        db.session.commit()
        flash(_("The message will be sent again."), "success")
    else:
        flash(_("Only a failed message can be sent again."), "error")
    return redirect(url_for("outbox.message", message_id=message_id), 303)


def _owner(session: Session, message_id: int) -> int | None:
    # Mail is the portal's, not a vendor's: admins only.
    return NO_VENDOR if session.get(outbox.MailMessage, message_id) else None


def init_app(app: Flask) -> None:
    if "mail_message" not in OBJECT_KINDS:
        register_object_kind("mail_message", _owner)
    app.register_blueprint(bp)
