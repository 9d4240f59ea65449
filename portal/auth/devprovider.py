"""The development OpenID provider that `make run` starts: oidc-provider-mock on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from portal.core.config import ConfigError, Settings

DEV_CLIENT_ID = "vendor-portal-dev"
DEV_CLIENT_SECRET = "dev-secret-not-for-production"  # noqa: S105


def dev_provider_users() -> list[dict[str, object]]:
    from portal.demo.data import USERS

    return [
        {"sub": user.subject, "email": user.email, "name": user.name, "groups": [user.role]}
        for user in USERS
    ]


def start_dev_provider(settings: Settings) -> subprocess.Popen[bytes]:
    """Start the provider as a child process; refused in production."""
    if settings.is_production:
        raise ConfigError("PORTAL_ENV: the development sign-in provider is refused in production")
    command = [
        sys.executable,
        "-m",
        "oidc_provider_mock",
        "--host",
        "127.0.0.1",
        "--port",
        str(settings.dev_oidc_port),
        "--require-nonce",
        "true",
    ]
    for user in dev_provider_users():
        command += ["--user-claims", json.dumps(user)]
    return subprocess.Popen(command, env=dict(os.environ, NO_COLOR="1"))
