"""Settings from `PORTAL_*` environment variables, every one with an embedded default.

A bad value stops start-up with a message that names the variable.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.core.mail import MailUrlError, parse_mail_url

ENVIRONMENTS = ("development", "test", "production")


class ConfigError(Exception):
    """A setting that cannot be used; the message starts with the variable's name."""


@dataclass(frozen=True)
class OIDCProvider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    label: str = ""
    role_claim: str | None = None
    role_map: Mapping[str, str] = field(default_factory=dict)
    scopes: str = "openid email profile"


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    instance_path: str = "instance"
    database_url: str = ""
    storage_url: str = ""
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_sse: str = "AES256"
    queue_url: str = ""
    queue_name: str = "portal"
    mail_url: str = "outbox://"
    mail_from: str = "Vendor Portal <no-reply@localhost>"
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:5000"
    host: str = "127.0.0.1"
    port: int = 5000
    max_upload_mb: int = 25
    vendor_quota_mb: int = 2048
    extraction_timeout_seconds: int = 180
    extraction_memory_mb: int = 1536
    extraction_lease_seconds: int = 60
    extraction_max_attempts: int = 3
    requeue_after_seconds: int = 300
    reaper_interval_seconds: int = 60
    worker_threads: int = 2
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    # Reminders: the daily run's local time and zone, and when an expired document escalates.
    reminder_hour: int = 7
    reminder_minute: int = 0
    reminder_timezone: str = "UTC"
    escalation_days: int = 14
    # Lowest performance score of the preferred, approved and watch bands (below: exit).
    score_bands: tuple[float, float, float] = (85.0, 70.0, 50.0)
    # Mail delivery: attempts before a message is given up, the sender's lease, network timeout.
    mail_max_attempts: int = 15
    mail_lease_seconds: int = 300
    mail_timeout_seconds: int = 30
    # Integrations (chat webhooks, trackers): network timeout, attempts, the secrets' key.
    integration_timeout_seconds: int = 10
    integration_max_attempts: int = 8
    integration_key: str = ""
    # The review workbench: how long a claim lasts, days a submitted document may wait, and
    # from which vendor criticality a second reviewer must approve too ("off": never).
    review_claim_minutes: int = 30
    review_due_days: int = 5
    # Pages of each extracted document drawn for reviewers in the background (0: on first view).
    prerender_pages: int = 3
    four_eyes_from: str = "critical"
    oidc_providers: tuple[OIDCProvider, ...] = ()
    dev_oidc_port: int = 5055
    log_level: str = "INFO"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def integration_key_material(self) -> str:
        """What channel secrets are encrypted under (portal.integrations.secrets)."""
        return self.integration_key or self.secret_key

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def _int(name: str, raw: str, minimum: int = 0, maximum: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if maximum is not None and not minimum <= value <= maximum:
        raise ConfigError(f"{name}: must be between {minimum} and {maximum}, got {value}")
    if value < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
    return value


def _check_url(name: str, value: str, schemes: tuple[str, ...]) -> str:
    scheme = urlsplit(value).scheme
    if scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ConfigError(f"{name}: expected a URL starting with {allowed}, got {value!r}")
    return value


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"PORTAL_REMINDER_TIMEZONE: not a known IANA time zone (like Europe/Berlin): {value!r}"
        ) from None
    return value


def _database_url(value: str) -> str:
    scheme = urlsplit(value).scheme
    if scheme in ("postgres", "postgresql"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if scheme not in ("sqlite", "postgresql+psycopg"):
        raise ConfigError(
            "PORTAL_DATABASE_URL: expected sqlite:///path or postgresql://user@host/db, "
            f"got {value!r}"
        )
    return value


def _providers(raw: str) -> tuple[OIDCProvider, ...]:
    name = "PORTAL_OIDC_PROVIDERS"
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{name}: not valid JSON ({exc.msg})") from None
    if not isinstance(items, list):
        raise ConfigError(f"{name}: expected a JSON list of providers")
    providers = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ConfigError(f"{name}: entry {index} is not an object")
        missing = [k for k in ("name", "issuer", "client_id", "client_secret") if not item.get(k)]
        if missing:
            raise ConfigError(f"{name}: entry {index} lacks {', '.join(missing)}")
        unknown = set(item) - {f.name for f in fields(OIDCProvider)}
        if unknown:
            raise ConfigError(f"{name}: entry {index} has unknown keys {sorted(unknown)}")
        _check_url(name, item["issuer"], ("https", "http"))
        providers.append(OIDCProvider(**item))
    names = [p.name for p in providers]
    if len(set(names)) != len(names):
        raise ConfigError(f"{name}: provider names must be unique")
    return tuple(providers)


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Read settings from `environ` (default: the process environment), then apply overrides."""
    env = dict(os.environ if environ is None else environ)

    def get(key: str, default: str = "") -> str:
        return env.get(f"PORTAL_{key}", default).strip()

    environment = get("ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"PORTAL_ENV: expected one of {', '.join(ENVIRONMENTS)}")
    instance = Path(get("INSTANCE_PATH", "instance")).absolute()
    values: dict[str, Any] = {"env": environment, "instance_path": str(instance)}
    values["database_url"] = _database_url(get("DATABASE_URL", f"sqlite:///{instance}/portal.db"))
    values["storage_url"] = _check_url(
        "PORTAL_STORAGE_URL", get("STORAGE_URL", f"file://{instance}/files"), ("file", "s3")
    )
    if values["storage_url"].startswith("s3://") and not urlsplit(values["storage_url"]).netloc:
        raise ConfigError("PORTAL_STORAGE_URL: an s3:// URL needs a bucket: s3://bucket/prefix")
    if endpoint := get("S3_ENDPOINT_URL"):
        values["s3_endpoint_url"] = _check_url(
            "PORTAL_S3_ENDPOINT_URL", endpoint, ("http", "https")
        )
    values["s3_region"] = get("S3_REGION", "us-east-1")
    sse = get("S3_SSE", "AES256")
    if sse not in ("AES256", "aws:kms", "none"):
        raise ConfigError("PORTAL_S3_SSE: expected AES256, aws:kms or none")
    values["s3_sse"] = sse
    values["queue_url"] = _check_url(
        "PORTAL_QUEUE_URL",
        get("QUEUE_URL", f"sqlite://{instance}/queue.db"),
        ("sqlite", "redis", "rediss", "memory"),
    )
    values["queue_name"] = get("QUEUE_NAME", "portal")
    if not values["queue_name"].replace("-", "").replace("_", "").isalnum():
        raise ConfigError("PORTAL_QUEUE_NAME: letters, digits, '-' and '_' only")
    values["mail_url"] = _check_url(
        "PORTAL_MAIL_URL", get("MAIL_URL", "outbox://"), ("outbox", "smtp", "smtps", "ses")
    )
    try:
        parse_mail_url(values["mail_url"])
    except MailUrlError as exc:
        raise ConfigError(f"PORTAL_MAIL_URL: {exc}") from None
    values["mail_from"] = get("MAIL_FROM", Settings.mail_from)
    if "@" not in parseaddr(values["mail_from"])[1]:
        raise ConfigError(
            "PORTAL_MAIL_FROM: expected an address such as 'Vendor Portal <portal@example.com>', "
            f"got {values['mail_from']!r}"
        )
    values["reminder_timezone"] = _time_zone(get("REMINDER_TIMEZONE", "UTC"))
    values["base_url"] = _check_url(
        "PORTAL_BASE_URL", get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"), ("http", "https")
    )
    values["host"] = get("HOST", "127.0.0.1")
    values["port"] = _int("PORTAL_PORT", get("PORT", "5000"), 1, 65535)
    integer_settings: tuple[tuple[str, int, int | None], ...] = (
        ("max_upload_mb", 1, None),
        ("vendor_quota_mb", 1, None),
        ("extraction_timeout_seconds", 1, None),
        ("extraction_memory_mb", 128, None),
        ("extraction_lease_seconds", 5, None),
        ("extraction_max_attempts", 1, None),
        ("requeue_after_seconds", 1, None),
        ("reaper_interval_seconds", 1, None),
        ("worker_threads", 1, None),
        ("session_idle_minutes", 1, None),
        ("session_absolute_hours", 1, None),
        ("dev_oidc_port", 1, None),
        ("reminder_hour", 0, 23),
        ("reminder_minute", 0, 59),
        ("escalation_days", 1, None),
        ("mail_max_attempts", 1, None),
        ("mail_lease_seconds", 10, None),
        ("mail_timeout_seconds", 1, None),
        ("integration_timeout_seconds", 1, 120),
        ("integration_max_attempts", 1, 100),
        ("review_claim_minutes", 1, None),
        ("review_due_days", 0, None),
        ("prerender_pages", 0, 50),
    )
    for key, minimum, maximum in integer_settings:
        variable = f"PORTAL_{key.upper()}"
        default = str(getattr(Settings, key))
        values[key] = _int(variable, get(key.upper(), default), minimum, maximum)
    values["score_bands"] = _score_bands(get("SCORE_BANDS", "85,70,50"))
    values["four_eyes_from"] = get("FOUR_EYES_FROM", "critical").lower()
    if values["four_eyes_from"] not in ("off", "low", "medium", "high", "critical"):
        raise ConfigError(
            "PORTAL_FOUR_EYES_FROM: expected off, low, medium, high or critical, "
            f"got {values['four_eyes_from']!r}"
        )
    values["log_level"] = get("LOG_LEVEL", "INFO").upper()
    if values["log_level"] not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("PORTAL_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR")

    providers = list(_providers(get("OIDC_PROVIDERS", "[]")))
    if issuer := get("OIDC_ISSUER"):
        _check_url("PORTAL_OIDC_ISSUER", issuer, ("https", "http"))
        client_id, client_secret = get("OIDC_CLIENT_ID"), get("OIDC_CLIENT_SECRET")
        if not client_id or not client_secret:
            raise ConfigError(
                "PORTAL_OIDC_CLIENT_ID: PORTAL_OIDC_ISSUER is set, so PORTAL_OIDC_CLIENT_ID and "
                "PORTAL_OIDC_CLIENT_SECRET are required"
            )
        default_provider = OIDCProvider(
            name="default",
            label=get("OIDC_LABEL", "Sign in"),
            issuer=issuer,
            client_id=client_id,
            client_secret=client_secret,
            role_claim=get("OIDC_ROLE_CLAIM") or None,
        )
        providers.insert(0, default_provider)
    values["oidc_providers"] = tuple(providers)

    secret = get("SECRET_KEY")
    if not secret:
        if environment == "production":
            raise ConfigError("PORTAL_SECRET_KEY: required in production (32+ random characters)")
        secret = _development_secret(instance)
    elif len(secret) < 32:
        raise ConfigError("PORTAL_SECRET_KEY: must be at least 32 characters long")
    values["secret_key"] = secret
    integration_key = get("INTEGRATION_KEY")
    if integration_key and len(integration_key) < 32:
        raise ConfigError("PORTAL_INTEGRATION_KEY: must be at least 32 characters long")
    values["integration_key"] = integration_key
    if environment == "production" and not values["base_url"].startswith("https://"):
        raise ConfigError("PORTAL_BASE_URL: must be an https:// URL in production")

    settings = Settings(**values)
    return replace(settings, **overrides) if overrides else settings


def _score_bands(raw: str) -> tuple[float, float, float]:
    message = (
        "PORTAL_SCORE_BANDS: expected three falling numbers between 0 and 100, the lowest "
        f"scores of the preferred, approved and watch bands (e.g. 85,70,50), got {raw!r}"
    )
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        raise ConfigError(message) from None
    if len(numbers) != 3 or not 100 >= numbers[0] > numbers[1] > numbers[2] >= 0:
        raise ConfigError(message)
    return numbers[0], numbers[1], numbers[2]


def _development_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts in development."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


def environment_variables() -> set[str]:
    """Every variable `load_settings` reads (infra files are checked against this list)."""
    names = {f"PORTAL_{f.name.upper()}" for f in fields(Settings)} - {"PORTAL_OIDC_PROVIDERS"}
    names |= {
        "PORTAL_OIDC_PROVIDERS",
        "PORTAL_OIDC_ISSUER",
        "PORTAL_OIDC_CLIENT_ID",
        "PORTAL_OIDC_CLIENT_SECRET",
        "PORTAL_OIDC_LABEL",
        "PORTAL_OIDC_ROLE_CLAIM",
    }
    return names


def settings() -> Settings:
    """The running application's settings."""
    from flask import current_app

    value: Settings = current_app.config["PORTAL"]
    return value
