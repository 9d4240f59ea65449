"""The mail transports against real servers on loopback: aiosmtpd (plain, STARTTLS with login,
implicit TLS) and moto's SES API."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import boto3
import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from portal.core.config import ConfigError, environment_variables, load_settings
from portal.core.db import db, utcnow
from portal.core.mail import MailUrlError, parse_mail_url
from portal.core.outbox import MailMessage, add_message, deliver_ready
from tests.reminders.conftest import SmtpServer, use_mail_url


def store(to: str = "anna@vendor.example", subject: str = "Renewal due", **values) -> MailMessage:
    message = add_message(
        db.session,
        message_id=values.pop("message_id", f"test.{utcnow().timestamp()}@portal.example"),
        category="test",
        to_addr=to,
        to_name=values.pop("to_name", "Anna Schmidt"),
        subject=subject,
        text_body=values.pop("text_body", "Plain text body"),
        html_body=values.pop("html_body", "<p>HTML body</p>"),
        language=values.pop("language", "de"),
        now=values.pop("now", utcnow()),
    )
    db.session.commit()
    return message


def reloaded(message: MailMessage) -> MailMessage:
    db.session.expire_all()
    return db.session.get_one(MailMessage, message.id)


def test_a_message_goes_out_over_smtp_with_its_headers_and_both_parts(smtp_app, smtp_server):
    message = store(message_id="reminders.abc123@portal.example", subject="Zertifikat läuft ab")
    [delivery] = deliver_ready()
    assert delivery.outcome == "sent"
    [received] = smtp_server.mailbox.messages
    assert received["Message-ID"] == "<reminders.abc123@portal.example>"
    assert received["Subject"] == "Zertifikat läuft ab"
    assert received["To"] == "Anna Schmidt <anna@vendor.example>"
    assert received["From"] == "Vendor Portal <portal@portal.example>"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Content-Language"] == "de"
    assert received.get_content_type() == "multipart/alternative"
    assert received.get_body(("plain",)).get_content().strip() == "Plain text body"
    assert received.get_body(("html",)).get_content().strip() == "<p>HTML body</p>"
    row = reloaded(message)
    assert (row.status, row.attempts, row.transport) == ("sent", 1, "smtp")
    assert deliver_ready() == []


def test_line_breaks_in_names_and_subjects_never_reach_the_headers(smtp_app, smtp_server):
    store(to_name="Eve\r\nBcc: victim@example.com", subject="Hi\nBcc: victim@example.com")
    deliver_ready()
    [received] = smtp_server.mailbox.messages
    assert received["Bcc"] is None
    assert "\n" not in received["Subject"] and "\n" not in received["To"]


def test_a_refused_recipient_fails_for_good_at_once(smtp_app, smtp_server):
    smtp_server.mailbox.refuse.add("nobody@vendor.example")
    message = store(to="nobody@vendor.example")
    [delivery] = deliver_ready()
    row = reloaded(message)
    assert delivery.outcome == "failed"
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: the test's own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


class Accounts:
    def __init__(self) -> None:
        self.logins: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        ok = auth_data.login == b"portal" and auth_data.password == b"p@ss:word"
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def starttls_server(certificate):
    accounts = Accounts()
    server = SmtpServer(
        tls_context=_server_context(certificate),
        require_starttls=True,
        authenticator=accounts,
        auth_require_tls=True,
    )
    server.accounts = accounts
    server.start()
    yield server
    server.stop()


def test_starttls_with_login_delivers(app, starttls_server, certificate):
    use_mail_url(
        app,
        f"smtp://portal:p%40ss%3Aword@127.0.0.1:{starttls_server.port}"
        f"?starttls=1&cafile={certificate[0]}",
    )
    message = store()
    [delivery] = deliver_ready()
    assert delivery.outcome == "sent", delivery.error
    assert len(starttls_server.mailbox.messages) == 1
    assert starttls_server.accounts.logins == ["portal"]
    assert reloaded(message).status == "sent"


def test_wrong_credentials_keep_the_message_for_a_later_try(app, starttls_server, certificate):
    use_mail_url(
        app,
        f"smtp://portal:wrong@127.0.0.1:{starttls_server.port}?starttls=1&cafile={certificate[0]}",
    )
    now = utcnow()
    message = store(now=now)
    [delivery] = deliver_ready(now)
    row = reloaded(message)
    assert delivery.outcome == "retry"
    assert (row.status, row.attempts) == ("pending", 1)
    assert "credentials" in row.last_error
    assert row.next_attempt_at == now + dt.timedelta(seconds=60)
    assert starttls_server.mailbox.messages == []


def test_an_untrusted_certificate_is_refused(app, starttls_server):
    use_mail_url(app, f"smtp://portal:p%40ss%3Aword@127.0.0.1:{starttls_server.port}?starttls=1")
    message = store()
    deliver_ready()
    row = reloaded(message)
    assert row.status == "pending"
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert starttls_server.mailbox.messages == []


def test_implicit_tls_delivers(app, certificate):
    server = SmtpServer(ssl_context=_server_context(certificate))
    server.start()
    try:
        use_mail_url(app, f"smtps://127.0.0.1:{server.port}?cafile={certificate[0]}")
        store()
        [delivery] = deliver_ready()
        assert delivery.outcome == "sent", delivery.error
        assert len(server.mailbox.messages) == 1
    finally:
        server.stop()


@pytest.fixture
def ses(app, s3_server):
    """moto's SES API (the harness's moto server) with the sender's address verified."""
    client = boto3.client("ses", region_name="eu-west-1", endpoint_url=s3_server.endpoint)
    client.verify_email_identity(EmailAddress="portal@portal.example")
    use_mail_url(
        app,
        f"ses://eu-west-1?endpoint_url={s3_server.endpoint}",
        mail_from="Vendor Portal <portal@portal.example>",
    )
    return client


def test_ses_sends_the_raw_message(ses):
    before = ses.get_send_quota()["SentLast24Hours"]
    message = store()
    [delivery] = deliver_ready()
    assert delivery.outcome == "sent", delivery.error
    assert ses.get_send_quota()["SentLast24Hours"] == before + 1
    assert reloaded(message).transport == "ses"


def test_ses_refusing_the_sender_fails_for_good(app, ses):
    use_mail_url(app, app.config["PORTAL"].mail_url, mail_from="Someone <unverified@else.example>")
    message = store()
    [delivery] = deliver_ready()
    row = reloaded(message)
    assert delivery.outcome == "failed"
    assert "MessageRejected" in row.last_error


def test_ses_unreachable_keeps_the_message(app):
    use_mail_url(app, "ses://eu-west-1?endpoint_url=http://127.0.0.1:9", mail_timeout_seconds=2)
    message = store()
    deliver_ready()
    assert reloaded(message).status == "pending"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("outbox://", ("outbox", None, None, False)),
        ("smtp://mail.example:2525", ("smtp", "mail.example", 2525, False)),
        ("smtp://u:p@mail.example?starttls=1", ("smtp", "mail.example", 587, True)),
        ("smtp://mail.example", ("smtp", "mail.example", 25, False)),
        ("smtps://u:p@mail.example", ("smtps", "mail.example", 465, False)),
    ],
)
def test_mail_urls(url, expected):
    parsed = parse_mail_url(url)
    assert (parsed.scheme, parsed.host, parsed.port, parsed.starttls) == expected


def test_the_description_of_a_mail_url_hides_the_password():
    parsed = parse_mail_url("smtp://portal:s3cret@mail.example:587?starttls=1")
    assert (parsed.username, parsed.password) == ("portal", "s3cret")
    assert "s3cret" not in parsed.describe()


@pytest.mark.parametrize(
    "url",
    ["smtp://", "smtp://host:99999", "ses://", "smtps://h?starttls=1", "ses://r?endpoint_url=x"],
)
def test_bad_mail_urls_are_refused(url):
    with pytest.raises(MailUrlError):
        parse_mail_url(url)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTAL_MAIL_URL", "smtp://"),
        ("PORTAL_MAIL_URL", "ses://"),
        ("PORTAL_MAIL_FROM", "no address here"),
        ("PORTAL_REMINDER_TIMEZONE", "Mars/Olympus_Mons"),
        ("PORTAL_REMINDER_HOUR", "24"),
        ("PORTAL_REMINDER_MINUTE", "-1"),
        ("PORTAL_ESCALATION_DAYS", "0"),
        ("PORTAL_MAIL_MAX_ATTEMPTS", "zero"),
    ],
)
def test_bad_mail_and_reminder_settings_stop_startup(tmp_path, variable, value):
    with pytest.raises(ConfigError) as error:
        load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path), variable: value})
    assert str(error.value).startswith(variable)


def test_the_reminder_and_mail_settings_are_listed_and_have_defaults(tmp_path):
    names = environment_variables()
    assert {
        "PORTAL_REMINDER_HOUR",
        "PORTAL_REMINDER_MINUTE",
        "PORTAL_REMINDER_TIMEZONE",
        "PORTAL_ESCALATION_DAYS",
        "PORTAL_MAIL_MAX_ATTEMPTS",
        "PORTAL_MAIL_LEASE_SECONDS",
        "PORTAL_MAIL_TIMEOUT_SECONDS",
    } <= names
    settings = load_settings(
        {"PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_REMINDER_TIMEZONE": "Asia/Shanghai"}
    )
    assert (settings.reminder_hour, settings.reminder_minute) == (7, 0)
    assert (settings.reminder_timezone, settings.escalation_days) == ("Asia/Shanghai", 14)
