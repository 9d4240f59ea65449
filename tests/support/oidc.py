"""OpenID providers for the tests, as real HTTP servers on loopback.

- `oidc_mock`: oidc-provider-mock (the development provider `make run` starts), once per run.
- `rogue_provider`: a small provider of our own that signs the tokens the mock cannot produce
  (wrong `iss`/`aud`, `alg: none`, HS256 keyed with the public key, foreign `jwk`/`jku`, expired,
  wrong nonce...). Each test tells it what to get wrong.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from flask import Flask, jsonify, redirect, request
from werkzeug.serving import make_server

from portal.auth.devprovider import DEV_CLIENT_ID, DEV_CLIENT_SECRET, start_dev_provider
from portal.core.config import Settings
from tests.support.services import free_port

CLIENT_ID = DEV_CLIENT_ID
CLIENT_SECRET = DEV_CLIENT_SECRET


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uint(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def public_jwk(self) -> dict[str, str]:
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": _uint(numbers.n),
            "e": _uint(numbers.e),
        }

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, signing_input: bytes) -> bytes:
        return self.private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())


def make_jwt(
    header: dict[str, Any], claims: dict[str, Any], key: SigningKey | None, hs_secret: bytes = b""
) -> str:
    """A compact JWS, signed exactly as told (including wrongly)."""
    signing_input = (
        b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    ).encode()
    alg = header.get("alg")
    if alg == "none":
        signature = b""
    elif alg == "HS256":
        signature = hmac.new(hs_secret, signing_input, hashlib.sha256).digest()
    else:
        assert key is not None
        signature = key.sign(signing_input)
    return signing_input.decode() + "." + b64url(signature)


@dataclass
class Tamper:
    """What the rogue provider gets wrong in its next tokens (nothing by default)."""

    claims: dict[str, Any] = field(default_factory=dict)
    drop_claims: tuple[str, ...] = ()
    header: dict[str, Any] = field(default_factory=dict)
    alg: str = "RS256"
    signer: str = "provider"  # "provider", "attacker", "public-key-hmac"
    discovery_issuer: str | None = None
    discovery_algs: list[str] | None = None
    omit_id_token: bool = False
    raw_id_token: str | None = None


class RogueProvider:
    """A minimal OpenID provider whose tokens can be broken on purpose."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = SigningKey("provider-key")
        self.attacker = SigningKey("attacker-key")
        self.tamper = Tamper()
        self.codes: dict[str, dict[str, Any]] = {}
        self.authorization_requests: list[dict[str, str]] = []
        self.app = self._build()
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.tamper = Tamper()
        self.codes.clear()
        self.authorization_requests.clear()

    def id_token(self, nonce: str | None, subject: str, email: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": subject,
            "aud": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "nonce": nonce,
            "email": email,
            "email_verified": True,
            "name": "Rogue Test User",
        }
        claims.update(self.tamper.claims)
        for name in self.tamper.drop_claims:
            claims.pop(name, None)
        header: dict[str, Any] = {"alg": self.tamper.alg, "typ": "JWT"}
        signer = self.key
        if self.tamper.signer == "attacker":
            signer = self.attacker
        if self.tamper.alg != "none":
            header["kid"] = signer.kid
        header.update(self.tamper.header)
        secret = self.key.public_pem() if self.tamper.signer == "public-key-hmac" else b""
        return make_jwt(header, claims, signer, secret)

    def _build(self) -> Flask:
        app = Flask("rogue-provider")

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                {
                    "issuer": self.tamper.discovery_issuer or self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "end_session_endpoint": f"{self.issuer}/logout",
                    "id_token_signing_alg_values_supported": self.tamper.discovery_algs
                    or ["RS256"],
                }
            )

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify({"keys": [self.key.public_jwk()]})

        @app.get("/attacker-jwks")
        def attacker_jwks() -> Any:
            return jsonify({"keys": [self.attacker.public_jwk()]})

        @app.get("/authorize")
        def authorize() -> Any:
            args = request.args.to_dict()
            self.authorization_requests.append(args)
            code = secrets.token_urlsafe(16)
            self.codes[code] = args
            query = urlencode({"code": code, "state": args.get("state", "")})
            return redirect(f"{args['redirect_uri']}?{query}")

        @app.post("/token")
        def token() -> Any:
            code = request.form.get("code", "")
            args = self.codes.pop(code, None)
            if args is None:
                return jsonify({"error": "invalid_grant"}), 400
            response: dict[str, Any] = {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
            }
            if self.tamper.raw_id_token is not None:
                response["id_token"] = self.tamper.raw_id_token
            elif not self.tamper.omit_id_token:
                response["id_token"] = self.id_token(
                    args.get("nonce"), "rogue-subject", "rogue@example.com"
                )
            return jsonify(response)

        return app

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture(scope="session")
def rogue_provider_server() -> Iterator[RogueProvider]:
    provider = RogueProvider()
    yield provider
    provider.stop()


@pytest.fixture
def rogue_provider(rogue_provider_server: RogueProvider) -> Iterator[RogueProvider]:
    rogue_provider_server.reset()
    yield rogue_provider_server
    rogue_provider_server.reset()


@dataclass
class MockProvider:
    """oidc-provider-mock running as a child process (as `make run` starts it)."""

    issuer: str

    def set_user(self, subject: str, **claims: Any) -> None:
        response = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorization_url: str, subject: str) -> str:
        """Pick `subject` on the provider's page; returns where the provider sends the browser."""
        response = requests.post(
            authorization_url, data={"sub": subject}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


@pytest.fixture(scope="session")
def oidc_mock() -> Iterator[MockProvider]:
    port = free_port()
    process = start_dev_provider(Settings(env="test"), port=port)
    try:
        yield MockProvider(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except Exception:
            process.kill()


def provider_settings(issuer: str, **extra: str) -> dict[str, str]:
    return {
        "PORTAL_OIDC_ISSUER": issuer,
        "PORTAL_OIDC_CLIENT_ID": CLIENT_ID,
        "PORTAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        **extra,
    }


def split_location(location: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(location)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


SignIn = Callable[..., Any]
