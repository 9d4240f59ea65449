"""`/review`: the queue, a document beside its page images, field verdicts and decisions."""

from __future__ import annotations

from datetime import datetime
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
    url_for,
)
from flask_babel import get_locale
from sqlalchemy import select

from portal.auth.access import require_principal, staff_required, vendor_object
from portal.core.db import db, utcnow
from portal.core.htmx import htmx
from portal.documents.fields import StaleField
from portal.documents.models import Document, ExtractedField, FieldRevision
from portal.i18n import gettext as _
from portal.requirements.catalog import KINDS
from portal.review import claims, decisions
from portal.review.claims import ReviewRefused
from portal.review.fields import input_value, review_field, value_kind
from portal.review.pages import (
    PageImage,
    PageUnavailable,
    has_page_images,
    page_image,
    page_png,
    page_texts,
)
from portal.review.queue import (
    QUEUE_STATES,
    SORTS,
    BadCursor,
    QueueFilters,
    next_candidates,
    review_queue,
)
from portal.vendor.documents_views import download_response
from portal.vendor.words import display_value, field_name
from portal.vendors.models import Vendor

bp = Blueprint("review", __name__, url_prefix="/review")

# Margin around the evidence in the magnified view, in points.
ZOOM_MARGIN = 24


def _int_arg(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and low <= value <= high else None


def _float_arg(name: str) -> float | None:
    value = request.args.get(name, type=float)
    return value if value is not None and 0 <= value <= 1 else None


def _filters() -> QueueFilters:
    state = request.args.get("state", "waiting")
    sort = request.args.get("sort", "age")
    kind = request.args.get("kind") or None
    country = (request.args.get("country") or "").strip().upper()[:2] or None
    return QueueFilters(
        state=state if state in QUEUE_STATES else "waiting",
        kind=kind if kind in KINDS else None,
        vendor_id=_int_arg("vendor", 1, 2**31),
        vendor_name=(request.args.get("vendor_name") or "").strip()[:100] or None,
        country=country if country and country.isalpha() else None,
        below_confidence=_float_arg("confidence"),
        expiring_within_days=_int_arg("expiring", 0, 3650),
        mine=request.args.get("mine") == "1",
        sort=sort if sort in SORTS else "age",
    )


@bp.get("")
@staff_required
def queue() -> Any:
    principal = require_principal()
    filters = _filters()
    try:
        page = review_queue(filters, principal.user_id, utcnow(), request.args.get("after"))
    except BadCursor:
        abort(400, _("This page link is not valid any more. Start from the first page."))
    vendor = db.session.get(Vendor, filters.vendor_id) if filters.vendor_id else None
    return render_template(
        "review/queue.html",
        page=page,
        filters=filters,
        kinds=KINDS,
        vendor=vendor,
        now=utcnow(),
        first_page=request.args.get("after") is None,
        user_id=principal.user_id,
    )


@bp.post("/next")
@staff_required
def next_document() -> Any:
    """Claim the next free document of the queue (as filtered) and open it."""
    principal = require_principal()
    filters = QueueFilters(
        sort=request.form.get("sort", "age") if request.form.get("sort") in SORTS else "age"
    )
    for document_id in next_candidates(filters, principal.user_id, utcnow()):
        document = db.session.get_one(Document, document_id)
        try:
            claims.claim(document, principal.user_id)
        except ReviewRefused:
            db.session.rollback()
            continue
        db.session.commit()
        return redirect(url_for("review.document", document_id=document_id), 303)
    flash(_("Nothing is waiting for review."), "info")
    return redirect(url_for("review.queue"), 303)


def _document(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        abort(404)
    return document


def ordered_fields(document: Document) -> list[ExtractedField]:
    """Values still to check first, lowest confidence first."""
    return sorted(
        document.fields,
        key=lambda f: (f.review_status != "pending", f.confidence or 0.0, f.id),
    )


def _selected(document: Document, fields: list[ExtractedField]) -> ExtractedField | None:
    wanted = request.args.get("field", type=int)
    for field in fields:
        if field.id == wanted:
            return field
    return next((f for f in fields if f.page), fields[0] if fields else None)


def _viewer(document: Document, field: ExtractedField | None, page_number: int) -> dict[str, Any]:
    """The page to show and the box to draw, or why there is no image (and the text)."""
    context: dict[str, Any] = {"page_number": page_number, "image": None, "box": None}
    pages = max(document.pages or 1, 1)
    context["page_count"] = pages
    if has_page_images(document):
        try:
            image: PageImage = page_image(document, page_number)
            context["image"] = image
        except PageUnavailable as exc:
            context["image_problem"] = str(exc)
    else:
        context["image_problem"] = _("This kind of document has no page images.")
    if field is not None and field.bbox and field.page == page_number and len(field.bbox) == 4:
        x0, y0, x1, y1 = (float(v) for v in field.bbox)
        context["box"] = {"x": x0, "y": y0, "w": max(x1 - x0, 1.0), "h": max(y1 - y0, 1.0)}
        context["zoom"] = {
            "x": x0 - ZOOM_MARGIN,
            "y": y0 - ZOOM_MARGIN / 2,
            "w": (x1 - x0) + 2 * ZOOM_MARGIN,
            "h": (y1 - y0) + ZOOM_MARGIN,
        }
    if context["image"] is None:
        try:
            texts = page_texts(document)
            context["text"] = texts[page_number - 1] if page_number <= len(texts) else ""
        except PageUnavailable as exc:
            context["text_problem"] = str(exc)
    return context


def _page_context(document: Document, error: str | None = None) -> dict[str, Any]:
    principal = require_principal()
    fields = ordered_fields(document)
    selected = _selected(document, fields)
    page_number = _int_arg("page", 1, 100_000) or (
        selected.page if selected and selected.page else 1
    )
    now = utcnow()
    return {
        "document": document,
        "vendor": document.vendor,
        "fields": fields,
        "selected": selected,
        "viewer": _viewer(document, selected, page_number),
        "field_name": field_name,
        "display_value": display_value,
        "value_kind": value_kind,
        "input_value": input_value,
        "kinds": KINDS,
        "pending": sum(1 for f in fields if f.review_status == "pending"),
        "held_by_other": claims.held_by_other(document, principal.user_id, now),
        "mine": document.claimed_by_id == principal.user_id
        and document.claim_expires_at is not None
        and document.claim_expires_at > now,
        "two_approvals": decisions.needs_two_approvals(document.vendor.criticality),
        "user_id": principal.user_id,
        "error": error,
    }


@bp.get("/documents/<int:document_id>")
@staff_required
@vendor_object("document", "document_id")
def document(document_id: int) -> Any:
    return render_template("review/document.html", **_page_context(_document(document_id)))


@bp.get("/documents/<int:document_id>/viewer")
@staff_required
@vendor_object("document", "document_id")
def viewer(document_id: int) -> Any:
    """The page viewer alone (htmx swaps it when another field or page is chosen)."""
    document = _document(document_id)
    if not htmx:
        args: dict[str, Any] = dict(request.args)
        return redirect(url_for("review.document", document_id=document_id, **args), 303)
    return render_template("review/_viewer.html", **_page_context(document))


@bp.get("/documents/<int:document_id>/download")
@staff_required
@vendor_object("document", "document_id")
def download(document_id: int) -> Any:
    return download_response(_document(document_id))


@bp.get("/documents/<int:document_id>/page-image")
@staff_required
@vendor_object("document", "document_id")
def page_image_file(document_id: int) -> Any:
    document = _document(document_id)
    number = _int_arg("page", 1, 100_000) or 1
    try:
        png = page_png(page_image(document, number))
    except PageUnavailable as exc:
        abort(exc.status, str(exc))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


def _refused(document: Document, exc: ReviewRefused | StaleField) -> Any:
    db.session.rollback()
    db.session.refresh(document)
    message = str(getattr(exc, "message", None) or _("The value changed since you opened it."))
    if isinstance(exc, StaleField):
        message = _(
            "Someone changed this value since you opened the page. Reload and decide again."
        )
    status = getattr(exc, "status", 409)
    if htmx:
        # htmx swaps only successful answers: the refusal goes to the page's alert area.
        response = Response(render_template("review/_error.html", error=message), 200)
        response.headers["X-Review-Status"] = str(status)
        response.headers["HX-Retarget"] = "#review-errors"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render_template("review/document.html", **_page_context(document, message)), status


def _version() -> int:
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, _("The form is incomplete. Reload the page and try again."))
    return version


@bp.post("/documents/<int:document_id>/claim")
@staff_required
@vendor_object("document", "document_id")
def claim(document_id: int) -> Any:
    document = _document(document_id)
    try:
        claims.claim(document, require_principal().user_id, request.form.get("take_over") == "1")
    except ReviewRefused as exc:
        return _refused(document, exc)
    db.session.commit()
    return redirect(url_for("review.document", document_id=document_id), 303)


@bp.post("/documents/<int:document_id>/release")
@staff_required
@vendor_object("document", "document_id")
def release(document_id: int) -> Any:
    document = _document(document_id)
    claims.release(document, require_principal().user_id)
    db.session.commit()
    flash(_("The document is back in the queue."), "success")
    return redirect(url_for("review.queue"), 303)


@bp.post("/fields/<int:field_id>/review")
@staff_required
@vendor_object("field", "field_id")
def field_review(field_id: int) -> Any:
    field = db.session.get(ExtractedField, field_id)
    if field is None:
        abort(404)
    document = field.document
    version = _version()
    action = request.form.get("action", "")
    try:
        review_field(
            field,
            version,
            require_principal().user_id,
            action,
            text=request.form.get("value", ""),
            note=request.form.get("note"),
            locale=str(get_locale() or "en"),
        )
    except (ReviewRefused, StaleField) as exc:
        return _refused(document, exc)
    db.session.commit()
    if htmx:
        return render_template("review/_fields.html", **_page_context(document))
    return redirect(
        url_for("review.document", document_id=document.id, field=field.id, _anchor="fields"), 303
    )


@bp.get("/fields/<int:field_id>/history")
@staff_required
@vendor_object("field", "field_id")
def field_history(field_id: int) -> Any:
    field = db.session.get(ExtractedField, field_id)
    if field is None:
        abort(404)
    revisions = db.session.scalars(
        select(FieldRevision)
        .where(FieldRevision.field_id == field.id)
        .order_by(FieldRevision.version)
    ).all()
    context = {
        "field": field,
        "document": field.document,
        "revisions": revisions,
        "field_name": field_name,
        "display_value": display_value,
    }
    template = "review/_field_history.html" if htmx else "review/field_history.html"
    return render_template(template, **context)


def _decided(document: Document, outcome: str) -> Any:
    messages = {
        "approved": _("Approved."),
        "first_approval": _("First approval recorded. A second reviewer must approve it too."),
        "changes_requested": _("Changes requested; the vendor's contacts were e-mailed."),
        "rejected": _("Rejected; the vendor's contacts were e-mailed."),
    }
    flash(messages[outcome], "success")
    if document.vendor.status == "active" and outcome == "approved":
        flash(_("%(vendor)s is active.", vendor=document.vendor.legal_name), "success")
    return redirect(url_for("review.queue"), 303)


@bp.post("/documents/<int:document_id>/approve")
@staff_required
@vendor_object("document", "document_id")
def approve(document_id: int) -> Any:
    document = _document(document_id)
    version = _version()
    try:
        decision = decisions.approve(
            document, version, require_principal().user_id, request.form.get("note")
        )
    except ReviewRefused as exc:
        return _refused(document, exc)
    db.session.commit()
    return _decided(document, decision.outcome)


@bp.post("/documents/<int:document_id>/request-changes")
@staff_required
@vendor_object("document", "document_id")
def request_changes(document_id: int) -> Any:
    document = _document(document_id)
    version = _version()
    try:
        decision = decisions.request_changes(
            document, version, require_principal().user_id, request.form.get("reason", "")
        )
    except ReviewRefused as exc:
        return _refused(document, exc)
    db.session.commit()
    return _decided(document, decision.outcome)


@bp.post("/documents/<int:document_id>/reject")
@staff_required
@vendor_object("document", "document_id")
def reject(document_id: int) -> Any:
    document = _document(document_id)
    version = _version()
    try:
        decision = decisions.reject(
            document, version, require_principal().user_id, request.form.get("reason", "")
        )
    except ReviewRefused as exc:
        return _refused(document, exc)
    db.session.commit()
    return _decided(document, decision.outcome)


def age(value: datetime | None, now: datetime) -> str:
    if value is None:
        return ""
    hours = int((now - value).total_seconds() // 3600)
    if hours < 48:
        return str(_("%(num)d h", num=hours))
    return str(_("%(num)d d", num=hours // 24))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["review_age"] = age
