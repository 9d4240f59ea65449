"""`/admin/integrations`: channels to Slack, Teams, WeCom, Jira and Asana, their test button,
and the delivery log (with retry). Admins only; no page ever shows a stored secret."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.audit.service import record
from portal.auth.access import admin_required, vendor_object
from portal.auth.tenancy import NO_VENDOR, OBJECT_KINDS, register_object_kind
from portal.core.db import db
from portal.i18n import gettext as _
from portal.integrations import channels as service
from portal.integrations.delivery import retry_delivery
from portal.integrations.events import EVENT_KINDS
from portal.integrations.models import CHANNEL_KINDS, DELIVERY_STATUSES, Channel, Delivery
from portal.integrations.service import wake_workers
from portal.requirements.catalog import VENDOR_CATEGORIES

bp = Blueprint("integrations_admin", __name__, url_prefix="/admin/integrations")
PAGE_SIZE = 50


def _choices() -> dict[str, Any]:
    return {
        "event_kinds": EVENT_KINDS,
        "categories": VENDOR_CATEGORIES,
        "providers": service.PROVIDERS,
    }


def _lists() -> dict[str, list[str]]:
    return {name: request.form.getlist(name) for name in ("events", "categories")}


def _user_id() -> int | None:
    principal = g.get("principal")
    return principal.user_id if principal else None


@bp.get("")
@admin_required
def channels() -> Any:
    counts = dict(
        db.session.execute(
            select(Delivery.channel_id, func.count(Delivery.id))
            .where(Delivery.status == "failed")
            .group_by(Delivery.channel_id)
        ).all()
    )
    return render_template(
        "integrations/channels.html",
        channels=service.all_channels(),
        failed=counts,
        kinds=CHANNEL_KINDS,
        **_choices(),
    )


def _form_page(channel: Channel | None, form: service.ChannelForm, status: int) -> Any:
    return (
        render_template("integrations/channel.html", channel=channel, form=form, **_choices()),
        status,
    )


@bp.get("/channels/new")
@admin_required
def new_channel() -> Any:
    kind = request.args.get("kind", "")
    if kind not in CHANNEL_KINDS:
        return redirect(url_for("integrations_admin.channels"), 303)
    form = service.ChannelForm(
        values={"kind": kind, "enabled": True, "events": [], "categories": []}
    )
    return _form_page(None, form, 200)


@bp.post("/channels")
@admin_required
def create_channel() -> Any:
    if request.form.get("kind") not in CHANNEL_KINDS:
        flash(_("Choose the tool the channel posts to."), "error")
        return redirect(url_for("integrations_admin.channels"), 303)
    form = service.read_form(request.form, _lists(), None)
    if not form.ok:
        return _form_page(None, form, 400)
    channel = service.save_channel(form, None, _user_id())
    db.session.commit()
    flash(_("Channel “%(name)s” was added.", name=channel.name), "success")
    return redirect(url_for("integrations_admin.edit_channel", channel_id=channel.id), 303)


def _channel(channel_id: int) -> Channel:
    channel = db.session.get(Channel, channel_id)
    if channel is None:
        abort(404)
    return channel


@bp.get("/channels/<int:channel_id>")
@admin_required
@vendor_object("integration_channel", "channel_id")
def edit_channel(channel_id: int) -> Any:
    channel = _channel(channel_id)
    return _form_page(channel, service.form_from(channel), 200)


@bp.post("/channels/<int:channel_id>")
@admin_required
@vendor_object("integration_channel", "channel_id")
def update_channel(channel_id: int) -> Any:
    channel = _channel(channel_id)
    form = service.read_form(request.form, _lists(), channel)
    if not form.ok:
        return _form_page(channel, form, 400)
    try:
        service.save_channel(form, channel, _user_id())
    except service.StaleChannel:
        db.session.rollback()
        channel = _channel(channel_id)
        form.errors["version"] = _(
            "Someone else changed this channel while you were editing it. Your changes were "
            "not saved; the form now shows the current settings."
        )
        current = service.form_from(channel)
        current.errors = form.errors
        return _form_page(channel, current, 409)
    db.session.commit()
    flash(_("Channel “%(name)s” was saved.", name=channel.name), "success")
    return redirect(url_for("integrations_admin.edit_channel", channel_id=channel.id), 303)


@bp.post("/channels/<int:channel_id>/test")
@admin_required
@vendor_object("integration_channel", "channel_id")
def test_channel(channel_id: int) -> Any:
    channel = _channel(channel_id)
    result = service.send_test(channel)
    db.session.commit()
    if result.ok:
        flash(_("Test succeeded: %(message)s.", message=result.message), "success")
    else:
        flash(_("Test failed: %(message)s", message=result.message), "error")
    return redirect(url_for("integrations_admin.edit_channel", channel_id=channel.id), 303)


@bp.get("/deliveries")
@admin_required
def deliveries() -> Any:
    query = select(Delivery).order_by(Delivery.id.desc()).limit(PAGE_SIZE)
    status = request.args.get("status", "")
    if status in DELIVERY_STATUSES:
        query = query.where(Delivery.status == status)
    channel_id = request.args.get("channel", "")
    if channel_id.isdigit():
        query = query.where(Delivery.channel_id == int(channel_id))
    before = request.args.get("before", "")
    if before.isdigit():
        query = query.where(Delivery.id < int(before))
    rows = list(db.session.scalars(query))
    return render_template(
        "integrations/deliveries.html",
        deliveries=rows,
        channels=service.all_channels(),
        statuses=DELIVERY_STATUSES,
        status=status,
        channel_id=channel_id,
        next_before=rows[-1].id if len(rows) == PAGE_SIZE else None,
        event_kinds=EVENT_KINDS,
    )


@bp.post("/deliveries/<int:delivery_id>/retry")
@admin_required
@vendor_object("integration_delivery", "delivery_id")
def retry(delivery_id: int) -> Any:
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None:
        abort(404)
    if retry_delivery(delivery_id):
        record(
            "integration.delivery_retried",
            vendor_id=delivery.vendor_id,
            object_type="integration_delivery",
            object_id=delivery_id,
        )
        db.session.commit()
        wake_workers([delivery_id])
        flash(_("The delivery will be tried again."), "success")
    else:
        flash(_("Only failed deliveries can be retried."), "error")
    return redirect(url_for("integrations_admin.deliveries"), 303)


def _channel_owner(session: Session, channel_id: int) -> int | None:
    return NO_VENDOR if session.get(Channel, channel_id) else None


def _delivery_owner(session: Session, delivery_id: int) -> int | None:
    # The delivery log is the admins' (it may name any vendor).
    return NO_VENDOR if session.get(Delivery, delivery_id) else None


def init_app(app: Flask) -> None:
    if "integration_channel" not in OBJECT_KINDS:
        register_object_kind("integration_channel", _channel_owner)
        register_object_kind("integration_delivery", _delivery_owner)
    app.register_blueprint(bp)
