"""Jira Cloud: `POST {site}/rest/api/3/issue` with basic auth (account e-mail + API token) and the
description in Atlassian Document Format; API version 2 takes a plain-text description (Jira
Server / Data Center with the same fields). Jira answers 201 `{"id", "key", "self"}`, or 400
`{"errorMessages": [...], "errors": {field: message}}`.

Each issue carries the labels `vendor-portal` and the event's marker, so a retry after an
uncertain attempt (a timeout, a 5xx) first searches for the marker instead of opening a second
issue."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote, urlencode

from portal.integrations.base import Announcement, Outcome, Sender, Target, clip, footer
from portal.integrations.http import Response, SendError

label = "Jira"
opens_tickets = True
API_VERSIONS = ("3", "2")


def headers(target: Target) -> dict[str, str]:
    email = target.options.get("email", "")
    token = base64.b64encode(f"{email}:{target.secret}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _site(target: Target) -> str:
    return (target.base_url or "").rstrip("/")


def _api(target: Target) -> str:
    return f"{_site(target)}/rest/api/{target.options.get('api_version', '3')}"


def adf_description(item: Announcement) -> dict[str, Any]:
    """The description as an Atlassian Document Format document (API v3)."""
    content: list[dict[str, Any]] = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}]}
        for line in item.detail.splitlines()
        if line.strip()
    ]
    facts = {"type": "text", "text": footer(item), "marks": [{"type": "em"}]}
    content.append({"type": "paragraph", "content": [facts]})
    if item.url:
        content.append(
            {
                "type": "paragraph",
                "content": [
                    {
                        "type": "text",
                        "text": "Open in Vendor Portal",
                        "marks": [{"type": "link", "attrs": {"href": item.url}}],
                    }
                ],
            }
        )
    return {"type": "doc", "version": 1, "content": content}


def text_description(item: Announcement) -> str:
    lines = [item.detail, "", footer(item)]
    if item.url:
        lines.append(f"[Open in Vendor Portal|{item.url}]")
    return "\n".join(lines)


def payload(item: Announcement, target: Target) -> dict[str, Any]:
    version = target.options.get("api_version", "3")
    fields: dict[str, Any] = {
        "project": {"key": target.options.get("project_key", "")},
        "issuetype": {"name": target.options.get("issue_type") or "Task"},
        # A summary is one line of at most 255 characters.
        "summary": clip(" ".join(f"{item.kind_label}: {item.title}".split()), 255),
        "description": adf_description(item) if version == "3" else text_description(item),
        "labels": ["vendor-portal", item.marker],
    }
    return {"fields": fields}


def _sent(send: Sender, method: str, url: str, target: Target, body: Any = None) -> Response:
    return send(method, url, payload=body, headers=headers(target))


def deliver(target: Target, item: Announcement, send: Sender) -> Outcome:
    response = _sent(send, "POST", f"{_api(target)}/issue", target, payload(item, target))
    body = response.json()
    if not isinstance(body, dict) or not body.get("key"):
        raise SendError("Jira answered without an issue key", temporary=True, uncertain=True)
    key = str(body["key"])
    return Outcome(ticket_key=key, ticket_url=f"{_site(target)}/browse/{quote(key)}")


def find_existing(target: Target, item: Announcement, send: Sender) -> Outcome | None:
    version = target.options.get("api_version", "3")
    path = "/search/jql" if version == "3" else "/search"
    query = urlencode({"jql": f'labels = "{item.marker}"', "fields": "key", "maxResults": "1"})
    response = _sent(send, "GET", f"{_api(target)}{path}?{query}", target)
    body = response.json()
    issues = body.get("issues") if isinstance(body, dict) else None
    if not issues:
        return None
    key = str(issues[0]["key"])
    return Outcome(ticket_key=key, ticket_url=f"{_site(target)}/browse/{quote(key)}")


def check(target: Target, send: Sender) -> str:
    me = _sent(send, "GET", f"{_api(target)}/myself", target).json() or {}
    project_key = target.options.get("project_key", "")
    project = _sent(send, "GET", f"{_api(target)}/project/{quote(project_key)}", target).json()
    name = project.get("name", project_key) if isinstance(project, dict) else project_key
    who = me.get("displayName") or me.get("emailAddress") or "the account"
    return f"signed in as {who}; project {name} is reachable (no issue was created)"
