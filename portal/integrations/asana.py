"""Asana: `POST {api}/tasks` (api: https://app.asana.com/api/1.0) with a personal access token as
a bearer token and `{"data": {"name", "notes", "projects": [gid], "workspace": gid}}`. Asana
answers 201 `{"data": {"gid", "permalink_url", ...}}`, or `{"errors": [{"message"}]}`.

The task's notes end with the event's marker, so a retry after an uncertain attempt first looks
through the project's recently changed tasks instead of creating a second one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from portal.integrations.base import Announcement, Outcome, Sender, Target, clip, footer
from portal.integrations.http import SendError

label = "Asana"
opens_tickets = True
DEFAULT_API = "https://app.asana.com/api/1.0"


def headers(target: Target) -> dict[str, str]:
    return {"Authorization": f"Bearer {target.secret}"}


def _api(target: Target) -> str:
    return (target.base_url or DEFAULT_API).rstrip("/")


def _tag(item: Announcement) -> str:
    return f"[{item.marker}]"


def payload(item: Announcement, target: Target) -> dict[str, Any]:
    notes = [item.detail, "", footer(item)]
    if item.url:
        notes.append(f"Open in Vendor Portal: {item.url}")
    notes.append(_tag(item))
    data: dict[str, Any] = {
        "name": clip(" ".join(f"{item.kind_label}: {item.title}".split()), 250),
        "notes": "\n".join(notes),
        "projects": [target.options.get("project_gid", "")],
    }
    if workspace := target.options.get("workspace_gid"):
        data["workspace"] = workspace
    return {"data": data}


def _outcome(task: dict[str, Any]) -> Outcome:
    gid = str(task.get("gid", ""))
    return Outcome(ticket_key=gid, ticket_url=task.get("permalink_url") or None)


def deliver(target: Target, item: Announcement, send: Sender) -> Outcome:
    query = urlencode({"opt_fields": "gid,permalink_url"})
    url = f"{_api(target)}/tasks?{query}"
    response = send("POST", url, payload=payload(item, target), headers=headers(target))
    body = response.json()
    task = body.get("data") if isinstance(body, dict) else None
    if not isinstance(task, dict) or not task.get("gid"):
        raise SendError("Asana answered without a task", temporary=True, uncertain=True)
    return _outcome(task)


def find_existing(target: Target, item: Announcement, send: Sender) -> Outcome | None:
    since = (datetime.now(UTC) - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    project = quote(str(target.options.get("project_gid", "")))
    query = urlencode(
        {"opt_fields": "gid,notes,permalink_url", "modified_since": since, "limit": "100"}
    )
    response = send(
        "GET", f"{_api(target)}/projects/{project}/tasks?{query}", headers=headers(target)
    )
    body = response.json()
    for task in (body.get("data") if isinstance(body, dict) else None) or []:
        if isinstance(task, dict) and _tag(item) in str(task.get("notes", "")):
            return _outcome(task)
    return None


def check(target: Target, send: Sender) -> str:
    me = send("GET", f"{_api(target)}/users/me", headers=headers(target)).json() or {}
    project_gid = quote(str(target.options.get("project_gid", "")))
    project = send("GET", f"{_api(target)}/projects/{project_gid}", headers=headers(target)).json()
    name = (project.get("data") or {}).get("name", project_gid) if isinstance(project, dict) else ""
    who = (me.get("data") or {}).get("name") if isinstance(me, dict) else None
    who = who or "the account"
    return f"signed in as {who}; project {name} is reachable (no task was created)"
