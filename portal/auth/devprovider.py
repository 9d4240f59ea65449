"""The development OpenID provider that `make run` starts: oidc-provider-mock on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import requests

from portal.core.config import ConfigError, Settings

DEV_CLIENT_ID = "vendor-portal-dev"
DEV_CLIENT_SECRET = "dev-secret-not-for-production"  # noqa: S105


def dev_provider_users() -> list[dict[str, object]]:
    from portal.demo.data import USERS

    return [
        {"sub": user.subject, "email": user.email, "name": user.name, "groups": [user.role]}
        for user in USERS
    ]


def dev_issuer(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.dev_oidc_port}"


def dev_provider_settings(settings: Settings) -> dict[str, str]:
    """PORTAL_* settings that point the portal at the development provider.

    Empty when a provider is configured already: then that one is used.
    """
    _refuse_in_production(settings)
    if settings.oidc_providers:
        return {}
    return {
        "PORTAL_OIDC_ISSUER": dev_issuer(settings),
        "PORTAL_OIDC_CLIENT_ID": DEV_CLIENT_ID,
        "PORTAL_OIDC_CLIENT_SECRET": DEV_CLIENT_SECRET,
        "PORTAL_OIDC_LABEL": "Sign in (development provider)",
        "PORTAL_OIDC_ROLE_CLAIM": "groups",
    }


def _refuse_in_production(settings: Settings) -> None:
    if settings.is_production:
        raise ConfigError("PORTAL_ENV: the development sign-in provider is refused in production")


def start_dev_provider(
    settings: Settings, port: int | None = None, wait_seconds: float = 30.0
) -> subprocess.Popen[bytes]:
    """Start the provider as a child process and wait until it answers; refused in production."""
    _refuse_in_production(settings)
    port = port or settings.dev_oidc_port
    command = [
        sys.executable,
        "-m",
        "oidc_provider_mock",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--require-nonce",
        "true",
    ]
    for user in dev_provider_users():
        command += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(command, env=dict(os.environ, NO_COLOR="1"))
    url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(
                f"PORTAL_DEV_OIDC_PORT: the development provider exited ({process.returncode}); "
                f"is port {port} in use?"
            )
        try:
            if requests.get(url, timeout=1).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.terminate()
    raise ConfigError(f"PORTAL_DEV_OIDC_PORT: the development provider did not answer on {port}")
