"""WeCom (企业微信) group robots: `POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`
with `{"msgtype": "markdown", "markdown": {"content": …}}` (at most 4096 bytes of UTF-8). The
answer is HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`; any other errcode is a failure
(45009: too many messages — retried; 93000: invalid webhook — not)."""

from __future__ import annotations

from typing import Any

from portal.integrations.base import Announcement, Outcome, Sender, Target
from portal.integrations.http import Response, SendError

label = "WeCom"
opens_tickets = False
MAX_CONTENT_BYTES = 4096
# Rate limit and "system busy": worth another try later.
TEMPORARY_ERRCODES = frozenset({-1, 45009, 45033})


def _clip_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore") + "…"


def _plain(text: str) -> str:
    # WeCom markdown has no escaping; keep user text from opening links or headings.
    return text.replace("[", "［").replace("]", "］").replace("<", "‹").replace(">", "›")


def payload(item: Announcement) -> dict[str, Any]:
    lines = [f"**{_plain(item.kind_label)}: {_plain(item.title)}**"]
    if item.vendor_name:
        lines.append(f'> <font color="comment">{_plain(item.vendor_name)}</font>')
    lines.append(_plain(item.detail))
    if item.url:
        lines.append(f"[Open in Vendor Portal]({item.url})")
    return {"msgtype": "markdown", "markdown": {"content": _clip_bytes("\n".join(lines), 4096)}}


def judge(response: Response) -> None:
    body = response.json()
    if not isinstance(body, dict) or "errcode" not in body:
        raise SendError("WeCom answered without an errcode", temporary=True)
    code = body.get("errcode")
    if code != 0:
        message = str(body.get("errmsg", ""))[:200]
        raise SendError(f"WeCom errcode {code}: {message}", temporary=code in TEMPORARY_ERRCODES)


def deliver(target: Target, item: Announcement, send: Sender) -> Outcome:
    judge(send("POST", target.secret, payload=payload(item)))
    return Outcome()


def find_existing(target: Target, item: Announcement, send: Sender) -> Outcome | None:
    return None


def check(target: Target, send: Sender) -> str:
    body = {"msgtype": "markdown", "markdown": {"content": "**Vendor Portal**: test message"}}
    judge(send("POST", target.secret, payload=body))
    return "a test message was posted"
