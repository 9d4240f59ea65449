"""`/vendor/documents/...`: the list, a document's page, its reading progress, download, sending
for review, and flagging a value the vendor believes is wrong."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy import select

from portal.audit.service import record
from portal.auth.access import require_principal, vendor_object, vendor_required
from portal.auth.tenancy import get_for_principal
from portal.core.db import db
from portal.core.htmx import htmx
from portal.core.storage import (
    ObjectMissing,
    StorageUnavailable,
    content_disposition,
    current_storage,
    iter_chunks,
)
from portal.documents.lifecycle import IN_FLIGHT
from portal.documents.models import Document, ExtractedField
from portal.i18n import gettext as _
from portal.requirements.catalog import KINDS
from portal.vendor.blueprint import bp
from portal.vendor.documents import (
    CHECKABLE,
    VendorActionRefused,
    flag_field,
    submit_for_review,
    suggested_kind,
)
from portal.vendor.overview import kind_label, renewed_ids, vendor_documents
from portal.vendor.words import DOCUMENT_STATES, display_value, document_state, field_name

RENEWABLE = ("approved", "expired", "changes_requested", "rejected", "failed")


def _document(document_id: int) -> Document:
    return get_for_principal(Document, document_id, require_principal())


def _page_context(document: Document) -> dict[str, Any]:
    newer = db.session.scalars(
        select(Document)
        .where(Document.supersedes_id == document.id, Document.vendor_id == document.vendor_id)
        .order_by(Document.id.desc())
    ).all()
    return {
        "document": document,
        "words": document_state(document.state),
        "in_flight": document.state in IN_FLIGHT,
        "checkable": document.state in CHECKABLE,
        "suggested_kind": suggested_kind(document) if document.state in CHECKABLE else None,
        "kinds": KINDS,
        "field_name": field_name,
        "display_value": display_value,
        "renewable": document.state in RENEWABLE,
        "newer": newer,
    }


@bp.get("/documents")
@vendor_required
def documents() -> Any:
    rows = vendor_documents(require_principal())
    state = request.args.get("state", "")
    shown = [d for d in rows if d.state == state] if state in DOCUMENT_STATES else rows
    return render_template(
        "vendor/documents.html",
        documents=shown,
        state=state if state in DOCUMENT_STATES else "",
        states=DOCUMENT_STATES,
        state_words=document_state,
        kind_label=kind_label,
        renewed=renewed_ids(rows),
    )


@bp.get("/documents/<int:document_id>")
@vendor_required
@vendor_object("document", "document_id")
def document(document_id: int) -> Any:
    return render_template("vendor/document.html", **_page_context(_document(document_id)))


@bp.get("/documents/<int:document_id>/progress")
@vendor_required
@vendor_object("document", "document_id")
def progress(document_id: int) -> Any:
    """The reading status; it polls itself while the document is being read."""
    document = _document(document_id)
    if not htmx:
        return redirect(url_for("vendor.document", document_id=document.id))
    context = _page_context(document)
    # Once read, the facts at the top (pages, expiry date) change too.
    context["refresh_facts"] = not context["in_flight"]
    return render_template("vendor/_document_status.html", **context)


@bp.get("/documents/<int:document_id>/download")
@vendor_required
@vendor_object("document", "document_id")
def download(document_id: int) -> Any:
    return download_response(_document(document_id))


def download_response(document: Document) -> Any:
    """The stored file as an attachment (audited); also the reviewers' download."""
    storage = current_storage()
    record(
        "document.downloaded",
        vendor_id=document.vendor_id,
        object_type="document",
        object_id=document.id,
    )
    url = storage.download_url(
        document.storage_key, document.original_filename, document.media_type
    )
    if url is not None:
        db.session.commit()
        return redirect(url, 303)
    try:
        handle = storage.open(document.storage_key)
    except ObjectMissing:
        db.session.rollback()
        abort(410, _("The stored file is missing. Please upload it again."))
    except StorageUnavailable:
        db.session.rollback()
        abort(503, _("Document storage is unavailable. Please try again shortly."))
    db.session.commit()
    response = Response(
        stream_with_context(iter_chunks(handle)),
        mimetype=document.media_type,
        direct_passthrough=True,
    )
    response.headers["Content-Disposition"] = content_disposition(document.original_filename)
    response.headers["Content-Length"] = str(document.size)
    # Opened in the browser by mistake, the file still cannot run script or reach the portal.
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(document: Document, exc: VendorActionRefused) -> Any:
    context = _page_context(document)
    context["error"] = exc.message
    if htmx:
        # htmx swaps only successful answers: the refusal is shown in the fragment.
        return render_template("vendor/_document_status.html", **context)
    return render_template("vendor/document.html", **context), exc.status


@bp.post("/documents/<int:document_id>/submit")
@vendor_required
@vendor_object("document", "document_id")
def submit(document_id: int) -> Any:
    document = _document(document_id)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, _("The form is incomplete. Reload the page and try again."))
    kind = request.form.get("kind") or None
    try:
        submit_for_review(document, version, kind)
    except VendorActionRefused as exc:
        db.session.rollback()
        return _refused(_document(document_id), exc)
    db.session.commit()
    flash(_("“%(name)s” was sent for review.", name=document.original_filename), "success")
    if htmx:
        # The kind chosen on sending shows in the facts at the top as well.
        context = {**_page_context(document), "refresh_facts": True}
        return render_template("vendor/_document_status.html", **context)
    return redirect(url_for("vendor.document", document_id=document.id), 303)


@bp.post("/fields/<int:field_id>/flag")
@vendor_required
@vendor_object("field", "field_id")
def flag(field_id: int) -> Any:
    principal = require_principal()
    field = db.session.get(ExtractedField, field_id)
    if field is None:
        abort(404)
    document = get_for_principal(Document, field.document_id, principal)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, _("The form is incomplete. Reload the page and try again."))
    note = request.form.get("note", "")
    if request.form.get("action") == "unflag":
        note = ""
    elif not note.strip():
        error = _("Say what is wrong, for example the correct value.")
        return _field_response(document, field, error, 400)
    try:
        flag_field(field, version, note)
    except VendorActionRefused as exc:
        db.session.rollback()
        db.session.refresh(field)
        return _field_response(document, field, str(exc.message), exc.status)
    db.session.commit()
    return _field_response(document, field, None, 200)


def _field_response(
    document: Document, field: ExtractedField, error: str | None, status: int
) -> Any:
    context = _page_context(document)
    if htmx:
        # htmx swaps only successful answers: the error is shown in the row itself.
        return render_template("vendor/_field_row.html", field=field, field_error=error, **context)
    if error:
        context["field_errors"] = {field.id: error}
        context["typed_notes"] = {field.id: request.form.get("note", "")}
        return render_template("vendor/document.html", **context), status
    if field.vendor_note:
        flash(_("Flag saved. The reviewer will see your note."), "success")
    else:
        flash(_("Flag taken back."), "success")
    return redirect(
        url_for("vendor.document", document_id=document.id, _anchor=f"field-{field.id}"), 303
    )
