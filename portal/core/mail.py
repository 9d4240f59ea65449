"""Building and sending e-mail: the one module that knows the mail transports.

`PORTAL_MAIL_URL` picks the transport:

- `outbox://` (default): nothing leaves the machine; the outbox table is the mailbox admins read.
- `smtp://user:password@host:587?starttls=1` or `smtps://user:password@host:465`: smtplib, the
  server's certificate verified against the system CAs (or `?cafile=/path/ca.pem`), optional login.
- `ses://eu-west-1`: Amazon SES (API v2) through boto3; `?endpoint_url=` for an SES-compatible
  endpoint, `?configuration_set=` for SES event publishing.

Every transport raises `TransientDeliveryError` (try again later: the server is down, busy or
misconfigured) or `PermanentDeliveryError` (this message will never be accepted).
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = ("outbox", "smtp", "smtps", "ses")
_TRUE = ("1", "true", "yes", "on")


class MailUrlError(ValueError):
    """A mail URL that names no usable transport."""


class DeliveryError(Exception):
    """The transport did not take the message."""

    permanent = False

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        # The server could not be reached at all: later messages in the batch need not try.
        self.unreachable = unreachable


class TransientDeliveryError(DeliveryError):
    """Try again later: the server is down, busy, or refuses our credentials for now."""


class PermanentDeliveryError(DeliveryError):
    """The server refused this message for good (unknown recipient, content rejected)."""

    permanent = True


@dataclass(frozen=True)
class MailUrl:
    scheme: str
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    cafile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    configuration_set: str | None = None

    def describe(self) -> str:
        """The URL without its password, for logs and the admin pages."""
        if self.scheme == "outbox":
            return "outbox://"
        if self.scheme == "ses":
            return f"ses://{self.region}"
        user = f"{self.username}@" if self.username else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


def parse_mail_url(url: str) -> MailUrl:
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme not in SCHEMES:
        raise MailUrlError(f"expected outbox://, smtp://, smtps:// or ses://, got {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if scheme == "outbox":
        return MailUrl("outbox")
    if scheme == "ses":
        region = parts.hostname
        if not region:
            raise MailUrlError("an ses:// URL needs the region: ses://eu-west-1")
        endpoint = query.get("endpoint_url")
        if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
            raise MailUrlError(f"endpoint_url must be an http(s) URL, got {endpoint!r}")
        return MailUrl(
            "ses",
            region=region,
            endpoint_url=endpoint,
            configuration_set=query.get("configuration_set"),
        )
    if not parts.hostname:
        raise MailUrlError(f"an {scheme}:// URL needs a host: {scheme}://user:password@host:port")
    try:
        port = parts.port
    except ValueError:
        raise MailUrlError("the port must be a number between 1 and 65535") from None
    starttls = query.get("starttls", "").lower() in _TRUE
    if scheme == "smtps" and starttls:
        raise MailUrlError("smtps:// is TLS from the start; starttls=1 belongs to smtp://")
    return MailUrl(
        scheme,
        host=parts.hostname,
        port=port or (465 if scheme == "smtps" else 587 if starttls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=starttls,
        cafile=query.get("cafile"),
    )


def _one_line(value: str) -> str:
    # Header values come from vendor data: no line breaks may reach the headers.
    return " ".join(value.split())


def address_domain(address: str) -> str:
    """The domain of an address such as 'Portal <no-reply@portal.example>'."""
    return parseaddr(address)[1].rpartition("@")[2].lower() or "localhost"


@dataclass(frozen=True)
class OutgoingMessage:
    message_id: str  # without the angle brackets
    from_addr: str
    to_addr: str
    to_name: str | None
    subject: str
    text: str
    html: str | None
    language: str
    date: datetime

    def to_email(self) -> EmailMessage:
        message = EmailMessage(policy=SMTP_POLICY)
        message["From"] = _one_line(self.from_addr)
        message["To"] = formataddr((_one_line(self.to_name or ""), self.to_addr))
        message["Subject"] = _one_line(self.subject)
        message["Date"] = format_datetime(self.date)
        message["Message-ID"] = f"<{self.message_id}>"
        # RFC 3834: no out-of-office replies or bounce loops for machine-sent mail.
        message["Auto-Submitted"] = "auto-generated"
        message["X-Auto-Response-Suppress"] = "All"
        message.set_content(self.text, cte="quoted-printable")
        if self.html:
            message.add_alternative(self.html, subtype="html", cte="quoted-printable")
        # After the content: setting the content clears every Content-* header.
        message["Content-Language"] = self.language
        return message


class Transport(Protocol):
    name: str

    def send(self, message: EmailMessage) -> None:
        """Hand one message over; raise a DeliveryError if it was not taken."""
        ...

    def close(self) -> None: ...


class OutboxTransport:
    """Keeps mail in the outbox table (which the caller already wrote): nothing to hand over."""

    name = "outbox"

    def send(self, message: EmailMessage) -> None:
        return None

    def close(self) -> None:
        return None


class SmtpTransport:
    """One connection per batch, opened on the first message and re-opened after a failure."""

    name = "smtp"

    def __init__(self, url: MailUrl, timeout: float, local_hostname: str) -> None:
        self.url = url
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._connection: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.url.cafile)

    def _connect(self) -> smtplib.SMTP:
        url = self.url
        assert url.host and url.port
        connection: smtplib.SMTP
        try:
            if url.scheme == "smtps":
                connection = smtplib.SMTP_SSL(
                    url.host,
                    url.port,
                    local_hostname=self.local_hostname,
                    timeout=self.timeout,
                    context=self._tls_context(),
                )
            else:
                connection = smtplib.SMTP(
                    url.host, url.port, local_hostname=self.local_hostname, timeout=self.timeout
                )
        except (OSError, smtplib.SMTPException) as exc:
            raise TransientDeliveryError(
                f"cannot connect to {url.describe()}: {exc}", unreachable=True
            ) from exc
        try:
            connection.ehlo()
            if url.starttls:
                connection.starttls(context=self._tls_context())
                connection.ehlo()
            if url.username:
                connection.login(url.username, url.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            connection.close()
            raise TransientDeliveryError(
                f"{url.describe()} refused the credentials: {_smtp_reply(exc)}", unreachable=True
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            connection.close()
            raise TransientDeliveryError(
                f"{url.describe()}: TLS or greeting failed: {exc}", unreachable=True
            ) from exc
        return connection

    def send(self, message: EmailMessage) -> None:
        if self._connection is None:
            self._connection = self._connect()
        try:
            self._connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _reply in exc.recipients.values()]
            text = "; ".join(f"{code} {reply!r}" for code, reply in exc.recipients.values())
            error = f"recipient refused: {text}"
            if all(500 <= code < 600 for code in codes):
                raise PermanentDeliveryError(error) from exc
            raise TransientDeliveryError(error) from exc
        except smtplib.SMTPDataError as exc:
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(f"message refused: {_smtp_reply(exc)}") from exc
            self._drop()
            raise TransientDeliveryError(f"message deferred: {_smtp_reply(exc)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            # Disconnected, timed out, sender refused (a setting to fix): keep it for later.
            self._drop()
            raise TransientDeliveryError(f"{self.url.describe()}: {exc}") from exc

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _smtp_reply(exc: smtplib.SMTPResponseException) -> str:
    reply = exc.smtp_error
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{exc.smtp_code} {text}"


# SES errors that mean "this message, as it is, will never be sent".
_SES_PERMANENT = ("MessageRejected", "BadRequestException", "InvalidParameterValue")


class SesTransport:
    name = "ses"

    def __init__(self, url: MailUrl, timeout: float) -> None:
        import boto3
        from botocore.config import Config

        self.url = url
        self.client: Any = boto3.client(
            "sesv2",
            region_name=url.region,
            endpoint_url=url.endpoint_url,
            config=Config(
                retries={"max_attempts": 2, "mode": "standard"},
                connect_timeout=timeout,
                read_timeout=timeout,
            ),
        )

    def send(self, message: EmailMessage) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        request: dict[str, Any] = {"Content": {"Raw": {"Data": message.as_bytes()}}}
        if self.url.configuration_set:
            request["ConfigurationSetName"] = self.url.configuration_set
        try:
            self.client.send_email(**request)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            text = f"SES {code}: {exc.response.get('Error', {}).get('Message', '')}"
            if code in _SES_PERMANENT:
                raise PermanentDeliveryError(text) from exc
            raise TransientDeliveryError(text) from exc
        except BotoCoreError as exc:
            raise TransientDeliveryError(f"SES unreachable: {exc}", unreachable=True) from exc

    def close(self) -> None:
        self.client.close()


def open_transport(mail_url: str, timeout: float, mail_from: str) -> Transport:
    """A fresh transport for one batch of messages; close it when the batch is done."""
    url = parse_mail_url(mail_url)
    if url.scheme == "outbox":
        return OutboxTransport()
    if url.scheme == "ses":
        return SesTransport(url, timeout)
    return SmtpTransport(url, timeout, local_hostname=address_domain(mail_from))


class UnreachableTransport:
    """Stands in for a transport that could not be reached, so the rest of a batch waits too."""

    def __init__(self, name: str, error: DeliveryError) -> None:
        self.name = name
        self.error = error

    def send(self, message: EmailMessage) -> None:
        raise TransientDeliveryError(f"not tried: {self.error}", unreachable=True)

    def close(self) -> None:
        return None
