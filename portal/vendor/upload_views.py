"""`/vendor/upload` and `/vendor/documents/<id>/renew`: several files in one form (works without
JavaScript); with JavaScript, static/js/upload.js sends them one by one with progress."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from portal.auth.access import rate_key, require_principal, vendor_object, vendor_required
from portal.auth.tenancy import get_for_principal
from portal.core.db import db
from portal.core.htmx import htmx
from portal.core.security import body_limit, rate_limited
from portal.documents.filetypes import ALLOWED_EXTENSIONS
from portal.documents.models import Document
from portal.requirements.catalog import KINDS
from portal.requirements.checklist import vendor_checklist
from portal.vendor.blueprint import bp
from portal.vendor.context import current_user, current_vendor, today
from portal.vendor.overview import kind_label
from portal.vendor.uploads import (
    FULL_SIZE_FILES_PER_SENDING,
    MAX_FILES_PER_SENDING,
    FileOutcome,
    IncomingFile,
    NothingToUpload,
    upload_files,
)

# After a 413, read (and drop) at most this much of the rest of the body, so that the browser
# sees the explanation rather than a reset connection.
DRAIN_LIMIT = 512 * 1024 * 1024


def _sending_limit() -> int:
    settings = current_app.config["PORTAL"]
    return int(settings.max_upload_bytes * FULL_SIZE_FILES_PER_SENDING + 1024 * 1024)


def _limits() -> dict[str, Any]:
    settings = current_app.config["PORTAL"]
    return {
        "max_file_mb": settings.max_upload_mb,
        "max_file_bytes": settings.max_upload_bytes,
        "max_sending_mb": settings.max_upload_mb * FULL_SIZE_FILES_PER_SENDING,
        "max_files": MAX_FILES_PER_SENDING,
        "extensions": ALLOWED_EXTENSIONS,
        "accept": ",".join("." + ext for ext in ALLOWED_EXTENSIONS),
    }


def _kind_choices() -> tuple[list[str], list[str]]:
    """Kinds this vendor still needs first, then every other kind."""
    needed: list[str] = []
    for item in vendor_checklist(current_vendor(), today()):
        if not item.satisfied or item.status == "expiring":
            needed.extend(k for k in item.kinds if k not in needed)
    others = [k for k in KINDS if k not in needed]
    return needed, others


def _form(
    renewing: Document | None = None,
    outcomes: list[FileOutcome] | None = None,
    error: object = None,
    status: int = 200,
) -> Any:
    needed, others = _kind_choices()
    chosen = request.values.get("kind", "")
    return (
        render_template(
            "vendor/upload.html",
            renewing=renewing,
            outcomes=outcomes or [],
            error=error,
            needed_kinds=needed,
            other_kinds=others,
            kinds=KINDS,
            chosen_kind=chosen if chosen in KINDS else "",
            kind_label=kind_label,
            **_limits(),
        ),
        status,
    )


def _incoming() -> list[IncomingFile]:
    return [
        IncomingFile(storage.filename or "", storage.stream)
        for storage in request.files.getlist("files")
    ]


def _answer(outcomes: list[FileOutcome], renewing: Document | None) -> Any:
    if any(o.ok for o in outcomes):
        db.session.commit()
    else:
        db.session.rollback()
    if htmx:
        # One file per request from upload.js: its result, with the status of its outcome.
        return render_template("vendor/_upload_results.html", outcomes=outcomes), (
            outcomes[0].status if len(outcomes) == 1 else 200
        )
    if renewing is not None and outcomes[0].ok and outcomes[0].document is not None:
        return redirect(url_for("vendor.document", document_id=outcomes[0].document.id), 303)
    failed = [o for o in outcomes if not o.ok]
    status = 201 if not failed else (200 if len(failed) < len(outcomes) else failed[0].status)
    return _form(renewing, outcomes, status=status)


def _receive(renewing: Document | None) -> Any:
    kind = None if renewing is not None else (request.form.get("kind") or None)
    try:
        outcomes = upload_files(
            current_vendor(),
            current_user(),
            _incoming(),
            kind=kind,
            supersedes_id=renewing.id if renewing is not None else None,
        )
    except NothingToUpload as exc:
        if htmx:
            refused = [FileOutcome("", message=exc.message, status=400)]
            return render_template("vendor/_upload_results.html", outcomes=refused), 400
        return _form(renewing, error=exc.message, status=400)
    return _answer(outcomes, renewing)


@bp.get("/upload")
@vendor_required
def upload_form() -> Any:
    return _form()


@bp.post("/upload")
@vendor_required
@body_limit(_sending_limit)
@rate_limited("upload", key=rate_key)
def upload() -> Any:
    return _receive(None)


def _renewal_target(document_id: int) -> Document:
    return get_for_principal(Document, document_id, require_principal())


@bp.get("/documents/<int:document_id>/renew")
@vendor_required
@vendor_object("document", "document_id")
def renew_form(document_id: int) -> Any:
    return _form(renewing=_renewal_target(document_id))


@bp.post("/documents/<int:document_id>/renew")
@vendor_required
@vendor_object("document", "document_id")
@body_limit(_sending_limit)
@rate_limited("upload", key=rate_key)
def renew(document_id: int) -> Any:
    return _receive(_renewal_target(document_id))


def _drain_body() -> None:
    stream = request.environ.get("wsgi.input")
    remaining = min(request.content_length or 0, DRAIN_LIMIT)
    if stream is None:
        return
    try:
        while remaining > 0:
            chunk = stream.read(min(remaining, 1024 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    except OSError:
        pass


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> Any:
    """The whole sending was over the limit: say so plainly, in the vendor's language."""
    _drain_body()
    if htmx:
        from portal.i18n import gettext as _

        limits = _limits()
        message = _("The file is larger than the limit of %(mb)d MB.", mb=limits["max_file_mb"])
        refused = [FileOutcome("", message=message, status=413)]
        return render_template("vendor/_upload_results.html", outcomes=refused), 413
    return render_template("vendor/upload_too_large.html", **_limits()), 413
