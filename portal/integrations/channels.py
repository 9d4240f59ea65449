"""Channels as admins edit them: reading the form, checking destinations, saving with a version
check (a stale form gets a conflict, not a silent overwrite), the test button."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from portal.audit.service import record
from portal.core.config import settings
from portal.core.db import db
from portal.integrations import asana, http, jira, secrets, slack, teams, wecom
from portal.integrations.base import Provider, Target
from portal.integrations.events import EVENT_KINDS
from portal.integrations.models import CHANNEL_KINDS, CHAT_KINDS, Channel
from portal.requirements.catalog import VENDOR_CATEGORIES

PROVIDERS: dict[str, Provider] = {
    "slack": slack,
    "teams": teams,
    "wecom": wecom,
    "jira": jira,
    "asana": asana,
}
JIRA_PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9_]{1,9}$")
GID = re.compile(r"^[0-9]{1,30}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StaleChannel(Exception):
    """The channel changed since the form was loaded."""


def provider(kind: str) -> Provider:
    return PROVIDERS[kind]


def target_of(channel: Channel, key_material: str) -> Target:
    """The channel with its secret readable (raises SecretUnavailable)."""
    if channel.secret_env:
        secret = secrets.read_env(channel.secret_env)
    elif channel.secret_ciphertext:
        secret = secrets.decrypt(channel.secret_ciphertext, key_material)
    else:
        raise secrets.SecretUnavailable("the channel has no secret")
    return Target(channel.kind, secret, channel.base_url, dict(channel.options or {}))


def redact(text: str, target: Target) -> str:
    """Error text with the secret taken out: the whole of it, and for a webhook URL its path,
    query and every long part of them (providers may echo any of these)."""
    pieces = {target.secret}
    if "://" in target.secret:
        parts = urlsplit(target.secret)
        pieces |= {parts.path, parts.query}
        pieces |= set(re.split(r"[/?&=]", f"{parts.path}?{parts.query}"))
    for piece in sorted(pieces, key=len, reverse=True):
        if len(piece) >= 8:
            text = text.replace(piece, "[secret]")
    return text


@dataclass
class ChannelForm:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    secret: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def form_from(channel: Channel) -> ChannelForm:
    return ChannelForm(
        values={
            "name": channel.name,
            "kind": channel.kind,
            "enabled": channel.enabled,
            "events": list(channel.events or []),
            "categories": list(channel.categories or []),
            "base_url": channel.base_url or "",
            "version": channel.version,
            **{k: str(v) for k, v in (channel.options or {}).items()},
        }
    )


OPTION_FIELDS = {
    "teams": ("format",),
    "jira": ("email", "project_key", "issue_type", "api_version"),
    "asana": ("project_gid", "workspace_gid"),
}


def _check_url(form: ChannelForm, name: str, url: str) -> None:
    try:
        http.check_destination(url, production=settings().is_production, must_resolve=False)
    except http.DestinationRefused as exc:
        form.errors[name] = str(exc)


def read_form(
    data: Mapping[str, str], lists: Mapping[str, list[str]], channel: Channel | None
) -> ChannelForm:
    """Check what the admin sent; `channel` is the one being edited (None: a new one)."""
    form = ChannelForm()
    values = form.values
    errors = form.errors
    values["name"] = data.get("name", "").strip()
    kind = channel.kind if channel else data.get("kind", "")
    values["kind"] = kind
    values["enabled"] = data.get("enabled") == "1"
    values["events"] = [e for e in lists.get("events", []) if e in EVENT_KINDS]
    values["categories"] = [c for c in lists.get("categories", []) if c in VENDOR_CATEGORIES]
    values["base_url"] = data.get("base_url", "").strip()
    if not 1 <= len(values["name"]) <= 100:
        errors["name"] = "Give the channel a name (at most 100 characters)."
    elif db.session.scalar(
        select(func.count(Channel.id)).where(
            Channel.name == values["name"], Channel.id != (channel.id if channel else -1)
        )
    ):
        errors["name"] = "Another channel has this name."
    if kind not in CHANNEL_KINDS:
        errors["kind"] = "Choose a tool."
        return form
    if not values["events"]:
        errors["events"] = "Choose at least one event."
    for option in OPTION_FIELDS.get(kind, ()):
        values[option] = data.get(option, "").strip()
    secret = data.get("secret", "").strip()
    form.secret = secret
    if not secret and channel is None:
        errors["secret"] = (
            "Enter the webhook URL." if kind in CHAT_KINDS else "Enter the API token."
        )
    if secret:
        _check_secret(form, kind, secret)
    _check_options(form, kind)
    if channel is not None:
        try:
            values["version"] = int(data.get("version", ""))
        except ValueError:
            errors["version"] = "The form is incomplete; reload the page."
    return form


def _check_secret(form: ChannelForm, kind: str, secret: str) -> None:
    if len(secret) > 2000:
        form.errors["secret"] = "This is too long."  # noqa: S105 (a message)
        return
    name = secrets.env_reference(secret)
    if name is not None:
        problem = secrets.check_env_name(name)
        if problem:
            form.errors["secret"] = problem.capitalize() + "."
            return
        secret = secrets.read_env(name)
    if kind in CHAT_KINDS:
        _check_url(form, "secret", secret)


def _check_options(form: ChannelForm, kind: str) -> None:
    values, errors = form.values, form.errors
    if kind == "teams" and values.get("format") not in teams.FORMATS:
        values["format"] = "adaptive"
    if kind in CHAT_KINDS:
        values["base_url"] = ""
    if kind == "jira":
        if not values["base_url"]:
            errors["base_url"] = "Enter your Jira site, such as https://your-team.atlassian.net."
        else:
            _check_url(form, "base_url", values["base_url"])
        if not EMAIL.match(values.get("email", "")):
            errors["email"] = "Enter the e-mail address of the Jira account the token belongs to."
        values["project_key"] = values.get("project_key", "").upper()
        if not JIRA_PROJECT_KEY.match(values["project_key"]):
            errors["project_key"] = "Enter the project key, such as VEND."
        values["issue_type"] = values.get("issue_type") or "Task"
        if len(values["issue_type"]) > 60:
            errors["issue_type"] = "At most 60 characters."
        if values.get("api_version") not in jira.API_VERSIONS:
            values["api_version"] = "3"
    if kind == "asana":
        if values["base_url"]:
            _check_url(form, "base_url", values["base_url"])
        if not GID.match(values.get("project_gid", "")):
            errors["project_gid"] = "Enter the project's numeric id (from its URL)."
        if values.get("workspace_gid") and not GID.match(values["workspace_gid"]):
            errors["workspace_gid"] = "The workspace id is a number."


def _snapshot(channel: Channel) -> dict[str, Any]:
    """What the audit log keeps of a channel: everything but the secret."""
    return {
        "name": channel.name,
        "kind": channel.kind,
        "enabled": channel.enabled,
        "events": list(channel.events or []),
        "categories": list(channel.categories or []),
        "base_url": channel.base_url,
        "options": dict(channel.options or {}),
        "secret": channel.secret_hint,
    }


def save_channel(form: ChannelForm, channel: Channel | None, user_id: int | None) -> Channel:
    """Create or update (the caller commits). Raises StaleChannel on a version mismatch."""
    values = form.values
    before = _snapshot(channel) if channel else None
    if channel is None:
        channel = Channel(kind=values["kind"], version=1)
        db.session.add(channel)
    elif values.get("version") != channel.version:
        raise StaleChannel()
    else:
        channel.version += 1
    channel.name = values["name"]
    channel.enabled = values["enabled"]
    channel.events = values["events"]
    channel.categories = values["categories"]
    channel.base_url = values["base_url"] or None
    channel.options = {k: values[k] for k in OPTION_FIELDS.get(channel.kind, ()) if values.get(k)}
    channel.updated_by_id = user_id
    if form.secret:
        stored = secrets.store(form.secret, settings().integration_key_material)
        channel.secret_ciphertext = stored.ciphertext
        channel.secret_env = stored.env_name
        channel.secret_hint = stored.hint
    db.session.flush()
    record(
        "integration.channel_saved",
        object_type="integration_channel",
        object_id=channel.id,
        before=before,
        after=_snapshot(channel),
        secret_changed=bool(form.secret),
    )
    return channel


@dataclass(frozen=True)
class TestResult:
    ok: bool
    message: str


def send_test(channel: Channel) -> TestResult:
    """The "send a test" button: runs now, through the same checks as every delivery."""
    config = settings()
    try:
        target = target_of(channel, config.integration_key_material)
    except secrets.SecretUnavailable as exc:
        return TestResult(False, str(exc))
    send = partial(
        http.send, production=config.is_production, timeout=config.integration_timeout_seconds
    )
    try:
        result = TestResult(True, provider(channel.kind).check(target, send))
    except http.DestinationRefused as exc:
        result = TestResult(False, f"refused: {exc}")
    except http.SendError as exc:
        result = TestResult(False, redact(str(exc), target))
    record(
        "integration.channel_tested",
        object_type="integration_channel",
        object_id=channel.id,
        ok=result.ok,
        message=result.message,
    )
    return result


def all_channels() -> list[Channel]:
    return list(db.session.scalars(select(Channel).order_by(Channel.name)))
