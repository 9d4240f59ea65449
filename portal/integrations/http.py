"""The one HTTP client of the integrations: destination checks (SSRF), timeouts, no redirects.

- Production: https only, and every address the host resolves to must be public (no loopback,
  private, link-local — 169.254.169.254 —, shared, reserved or multicast ranges).
- Development and tests: https anywhere public, or http/https to a loopback address.
- The connection goes to the address that was checked (no second DNS lookup an attacker could
  answer differently), with TLS verified against the host name.
- Redirects are never followed: a 3xx is a failure naming the status.
- Nothing here logs or returns a URL, a header or a body that was sent: webhook URLs and tokens
  are secrets. Errors name the host only.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

MAX_RESPONSE_BYTES = 256 * 1024
USER_AGENT = "VendorPortal/0.1 (+integrations)"


class DestinationRefused(ValueError):
    """A URL the portal will not call (scheme, address range, credentials in the URL)."""


class SendError(Exception):
    """A request that did not succeed. `temporary`: worth retrying; `uncertain`: the far side
    may have acted on it (a timeout after sending, a 5xx); `retry_after`: seconds it asked for."""

    def __init__(
        self,
        message: str,
        *,
        temporary: bool,
        uncertain: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.temporary = temporary
        self.uncertain = uncertain
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # path and query
    address: str  # the checked IP address the connection goes to


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def text(self, limit: int = 300) -> str:
        return self.body.decode("utf-8", "replace").strip()[:limit]


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address_allowed(address: IPAddress, production: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return not production
    return address.is_global and not address.is_multicast


def check_destination(url: str, *, production: bool, must_resolve: bool = True) -> Destination:
    """Refuse what the portal must not call; resolve the host and return the address to use.

    `must_resolve=False` (saving a channel): a name that does not resolve yet passes with no
    address; it is checked again before every request."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http"):
        raise DestinationRefused("the URL must start with https://")
    if parts.username or parts.password:
        raise DestinationRefused("the URL must not contain a user name or password")
    host = parts.hostname
    if not host:
        raise DestinationRefused("the URL has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise DestinationRefused("the URL has an invalid port") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        if not must_resolve and parts.scheme == "https":
            return Destination(parts.scheme, host, port, _target(parts.path, parts.query), "")
        raise DestinationRefused(f"the host {host} cannot be resolved") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise DestinationRefused(f"the host {host} cannot be resolved")
    refused = [a for a in addresses if not _address_allowed(a, production)]
    if refused:
        where = "a loopback" if all(a.is_loopback for a in refused) else "a private or reserved"
        raise DestinationRefused(
            f"the host {host} resolves to {where} address ({refused[0]}); only public "
            "addresses may be called" + ("" if production else " (or loopback in development)")
        )
    if parts.scheme == "http" and (production or not all(a.is_loopback for a in addresses)):
        raise DestinationRefused(
            "the URL must start with https:// (http:// only to loopback in development and tests)"
        )
    return Destination(
        parts.scheme, host, port, _target(parts.path, parts.query), str(addresses[0])
    )


def _target(path: str, query: str) -> str:
    return (path or "/") + (f"?{query}" if query else "")


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; TLS is verified against the URL's host name."""

    def __init__(self, destination: Destination, timeout: float) -> None:
        super().__init__(
            destination.host,
            destination.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
        self._address = destination.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, destination: Destination, timeout: float) -> None:
        super().__init__(destination.host, destination.port, timeout=timeout)
        self._address = destination.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (RFC 9110: delay-seconds or an HTTP date); None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def send(
    method: str,
    url: str,
    *,
    production: bool,
    timeout: float,
    payload: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One request, checked and bounded. Raises DestinationRefused or SendError; a 2xx returns.

    The caller judges the body (providers report some errors inside a 200)."""
    destination = check_destination(url, production=production)
    connection_class = (
        _PinnedHTTPSConnection if destination.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(destination, timeout)
    body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    sent_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if body is not None:
        sent_headers["Content-Type"] = "application/json; charset=utf-8"
    sent_headers.update(headers or {})
    where = destination.host
    request_sent = False
    try:
        connection.request(method, destination.target, body=body, headers=sent_headers)
        request_sent = True
        raw = connection.getresponse()
        data = raw.read(MAX_RESPONSE_BYTES)
        response = Response(raw.status, data, {k.lower(): v for k, v in raw.getheaders()})
    except TimeoutError:
        raise SendError(
            f"{where} did not answer within {timeout:g} s",
            temporary=True,
            uncertain=request_sent,
        ) from None
    except ssl.SSLError as exc:
        raise SendError(f"TLS with {where} failed: {exc.reason}", temporary=True) from None
    except (OSError, http.client.HTTPException) as exc:
        reason = type(exc).__name__
        raise SendError(
            f"{where} could not be reached ({reason})", temporary=True, uncertain=request_sent
        ) from None
    finally:
        connection.close()
    return check_status(response, where)


def check_status(response: Response, where: str) -> Response:
    status = response.status
    if 200 <= status < 300:
        return response
    detail = response.text(200)
    message = f"{where} answered HTTP {status}" + (f": {detail}" if detail else "")
    if 300 <= status < 400:
        raise SendError(
            f"{where} answered HTTP {status} (a redirect; redirects are not followed)",
            temporary=False,
            status=status,
        )
    retry_after = retry_after_seconds(response.headers.get("retry-after"))
    if status in (408, 425, 429) or status >= 500:
        raise SendError(
            message,
            temporary=True,
            uncertain=status >= 500,
            status=status,
            retry_after=retry_after,
        )
    raise SendError(message, temporary=False, status=status)
