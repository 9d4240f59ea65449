"""Channel secrets (webhook URLs, API tokens): encrypted at rest, or named environment variables.

- Typed into the admin page: encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key
  derived (HKDF-SHA256) from `PORTAL_INTEGRATION_KEY`, or from `PORTAL_SECRET_KEY` when that is
  not set. A database dump or backup alone does not reveal them.
- `env:PORTAL_HOOK_NAME`: the secret stays in the deployment's environment (a Kubernetes secret,
  a vault agent) and never enters the database. Only variables named `PORTAL_HOOK_*` may be named,
  so an admin cannot make the portal send another setting (the database URL, the secret key)
  to a URL of their choosing.

Pages show a hint (the host and the last four characters), never the secret.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ENV_PREFIX = "env:"
ENV_NAME = re.compile(r"^PORTAL_HOOK_[A-Z0-9_]{1,80}$")


class SecretUnavailable(Exception):
    """The secret cannot be read: a missing variable, or a key that changed."""


def _fernet(key_material: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendor-portal/integrations/v1"
    ).derive(key_material.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str, key_material: str) -> str:
    return _fernet(key_material).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str, key_material: str) -> str:
    try:
        return _fernet(key_material).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise SecretUnavailable(
            "the stored secret cannot be decrypted (was PORTAL_INTEGRATION_KEY or "
            "PORTAL_SECRET_KEY changed?); enter it again"
        ) from None


def env_reference(value: str) -> str | None:
    """The variable name of an `env:NAME` reference; None when the value is a literal secret."""
    if not value.startswith(ENV_PREFIX):
        return None
    return value[len(ENV_PREFIX) :].strip()


def check_env_name(name: str) -> str | None:
    """Why this variable cannot be used, or None."""
    if not ENV_NAME.match(name):
        return "only variables named PORTAL_HOOK_… (capitals, digits, _) may be referenced"
    if not os.environ.get(name):
        return f"the variable {name} is not set in the portal's environment"
    return None


def read_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not ENV_NAME.match(name) or not value:
        raise SecretUnavailable(f"the environment variable {name} is not set")
    return value


def hint(value: str) -> str:
    """What a page may show of a secret: a URL's host and its last four characters."""
    tail = value.strip()[-4:] if len(value.strip()) >= 12 else ""
    host = urlsplit(value.strip()).hostname if "://" in value else None
    return " ".join(part for part in (host, f"…{tail}" if tail else "…") if part)


@dataclass(frozen=True)
class StoredSecret:
    ciphertext: str | None
    env_name: str | None
    hint: str


def store(value: str, key_material: str) -> StoredSecret:
    """What to keep for a secret the admin typed (a literal or an `env:` reference)."""
    name = env_reference(value)
    if name is not None:
        return StoredSecret(None, name, f"from ${name}")
    return StoredSecret(encrypt(value, key_material), None, hint(value))
