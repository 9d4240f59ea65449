"""The OpenID Connect client: the only module that knows Authlib (and joserfc, its JOSE library).

Authorization code flow with PKCE (S256), `state` and `nonce`. What Authlib does not do for us by
default, and this module does:
- the issuer is pinned in configuration: the discovery document must name exactly that issuer,
  and so must every ID token;
- signing algorithms are allow-listed (never `none`, never HS*), whatever the provider claims;
- tokens carrying their own key material (`jwk`, `jku`, `x5u`, `x5c`) or critical extensions
  are refused before any signature check;
- `aud` must be exactly our client id, `azp` (when present) too; `exp`, `iat`, `nbf` are checked
  with a small leeway; the nonce is compared in constant time; a response without an ID token is
  a failure, not an anonymous sign-in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from flask import Flask, current_app
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from portal.core.config import ConfigError, OIDCProvider

ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
FORBIDDEN_HEADERS = ("jku", "jwk", "x5u", "x5c", "crit")
LEEWAY_SECONDS = 60
# An ID token comes straight from the token endpoint: an old one is a replay.
MAX_TOKEN_AGE_SECONDS = 600
HTTP_TIMEOUT_SECONDS = 10
# What a token that cannot be verified may raise while decoding (garbage is not a 500).
UNVERIFIABLE = (JoseError, ValueError, TypeError, binascii.Error)
METADATA_TTL_SECONDS = 3600
JWKS_REFRESH_INTERVAL_SECONDS = 60


class SignInError(Exception):
    """A refused sign-in: `reason` goes to the audit log, `status` to the browser."""

    def __init__(self, reason: str, detail: str = "", status: int = 400) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.status = status


class ProviderUnavailable(SignInError):
    def __init__(self, detail: str) -> None:
        super().__init__("provider_unavailable", detail, status=503)


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in, after every check passed."""

    provider: str
    issuer: str
    subject: str
    email: str | None
    email_verified: bool | None
    name: str | None
    claims: Mapping[str, Any]
    id_token: str


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def _b64_json(segment: str) -> dict[str, Any]:
    padded = segment + "=" * (-len(segment) % 4)
    try:
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise SignInError("malformed_id_token", "undecodable segment") from exc
    if not isinstance(value, dict):
        raise SignInError("malformed_id_token", "segment is not an object")
    return value


def unverified_header(id_token: str) -> dict[str, Any]:
    parts = id_token.split(".")
    if len(parts) != 3:
        raise SignInError("malformed_id_token", f"{len(parts)} segments (a signed JWT has 3)")
    return _b64_json(parts[0])


@dataclass
class ProviderClient:
    provider: OIDCProvider
    redirect_uri: str
    production: bool = False
    _metadata: dict[str, Any] | None = None
    _metadata_at: float = 0.0
    _jwks: KeySet | None = None
    _jwks_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        return self.provider.name

    @property
    def issuer(self) -> str:
        return self.provider.issuer

    # --- discovery and keys ------------------------------------------------------------------

    def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT_SECONDS)
            response.raise_for_status()
            value = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"{what} from {url}: {type(exc).__name__}") from exc
        if not isinstance(value, dict):
            raise ProviderUnavailable(f"{what} from {url} is not a JSON object")
        return value

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document, refused unless it names the configured issuer."""
        now = time.monotonic()
        if self._metadata is not None and now - self._metadata_at < METADATA_TTL_SECONDS:
            return self._metadata
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = self._get_json(url, "discovery document")
        if document.get("issuer") != self.issuer:
            raise SignInError(
                "issuer_mismatch",
                f"discovery document names issuer {document.get('issuer')!r}, "
                f"configuration pins {self.issuer!r}",
            )
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = document.get(key)
            if not isinstance(value, str) or urlsplit(value).scheme not in ("https", "http"):
                raise SignInError("bad_discovery_document", f"{key} missing or not a URL")
            if self.production and not value.startswith("https://"):
                raise SignInError("bad_discovery_document", f"{key} is not https")
        with self._lock:
            self._metadata, self._metadata_at = document, now
        return document

    def algorithms(self) -> list[str]:
        offered = self.metadata().get("id_token_signing_alg_values_supported")
        if isinstance(offered, list) and offered:
            return [alg for alg in ALLOWED_ALGORITHMS if alg in offered]
        return ["RS256"]  # the default of OpenID Connect Core

    def _key_set(self, refresh: bool = False) -> KeySet:
        now = time.monotonic()
        stale = now - self._jwks_at >= JWKS_REFRESH_INTERVAL_SECONDS
        if self._jwks is not None and not (refresh and stale):
            return self._jwks
        document = self._get_json(self.metadata()["jwks_uri"], "key set")
        # Symmetric keys have no place in a provider's published key set.
        keys = [
            k for k in document.get("keys", []) if isinstance(k, dict) and k.get("kty") != "oct"
        ]
        try:
            key_set = KeySet.import_key_set({"keys": keys})
        except (JoseError, ValueError, TypeError) as exc:
            raise ProviderUnavailable(f"unusable key set: {exc}") from exc
        with self._lock:
            self._jwks, self._jwks_at = key_set, now
        return key_set

    # --- the flow ----------------------------------------------------------------------------

    def _session(self) -> OAuth2Session:
        methods = self.metadata().get("token_endpoint_auth_methods_supported") or []
        auth_method = (
            "client_secret_post"
            if methods and "client_secret_basic" not in methods and "client_secret_post" in methods
            else "client_secret_basic"
        )
        return OAuth2Session(
            client_id=self.provider.client_id,
            client_secret=self.provider.client_secret,
            scope=self.provider.scopes,
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method=auth_method,
        )

    def authorization_request(self) -> AuthorizationRequest:
        """A fresh state, nonce and PKCE verifier, and the URL that sends the browser away."""
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)
        code_verifier = secrets.token_urlsafe(64)
        with self._session() as client:
            url, _ = client.create_authorization_url(
                self.metadata()["authorization_endpoint"],
                state=state,
                code_verifier=code_verifier,
                nonce=nonce,
            )
        return AuthorizationRequest(url, state, nonce, code_verifier)

    def complete(self, code: str, nonce: str, code_verifier: str) -> Identity:
        """Exchange the code and return the verified identity; SignInError otherwise."""
        with self._session() as client:
            try:
                token = client.fetch_token(
                    self.metadata()["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                    redirect_uri=self.redirect_uri,
                    timeout=HTTP_TIMEOUT_SECONDS,
                )
            except OAuthError as exc:
                raise SignInError("code_rejected", str(exc.error)) from exc
            except (requests.RequestException, ValueError) as exc:
                raise ProviderUnavailable(f"token endpoint: {type(exc).__name__}") from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise SignInError("no_id_token", "the token response carries no ID token")
        claims = self.verify_id_token(id_token, nonce, token.get("access_token"))
        email = claims.get("email")
        verified = claims.get("email_verified")
        name = claims.get("name")
        return Identity(
            provider=self.name,
            issuer=self.issuer,
            subject=claims["sub"],
            email=email.strip() if isinstance(email, str) and email.strip() else None,
            email_verified=verified if isinstance(verified, bool) else None,
            name=name if isinstance(name, str) else None,
            claims=claims,
            id_token=id_token,
        )

    def verify_id_token(
        self, id_token: str, nonce: str, access_token: str | None = None
    ) -> dict[str, Any]:
        header = unverified_header(id_token)
        alg = header.get("alg")
        allowed = self.algorithms()
        if alg not in allowed:
            raise SignInError("algorithm_refused", f"alg {alg!r} is not one of {allowed}")
        foreign = sorted(set(header) & set(FORBIDDEN_HEADERS))
        if foreign:
            raise SignInError("foreign_key_header", f"header carries {foreign}")
        try:
            decoded = self._decode(id_token, allowed, refresh=False)
        except UNVERIFIABLE:
            # The provider may have rotated its keys: look once more, then give up.
            try:
                decoded = self._decode(id_token, allowed, refresh=True)
            except UNVERIFIABLE as exc:
                raise SignInError("bad_signature", type(exc).__name__) from exc
        self._check_claims(decoded, nonce, alg, access_token)
        return decoded

    def _decode(self, id_token: str, algorithms: list[str], refresh: bool) -> dict[str, Any]:
        token = jwt.decode(id_token, self._key_set(refresh=refresh), algorithms=algorithms)
        claims = dict(token.claims)
        return claims

    def _check_claims(
        self, claims: dict[str, Any], nonce: str, alg: str, access_token: str | None
    ) -> None:
        now = time.time()
        client_id = self.provider.client_id
        if claims.get("iss") != self.issuer:
            raise SignInError("issuer_mismatch", f"token iss {claims.get('iss')!r}")
        audience = claims.get("aud")
        if audience != client_id and audience != [client_id]:
            raise SignInError("audience_mismatch", f"token aud {audience!r}")
        if "azp" in claims and claims["azp"] != client_id:
            raise SignInError("audience_mismatch", f"token azp {claims['azp']!r}")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject or len(subject) > 255:
            raise SignInError("bad_subject", "sub missing or unusable")
        exp, iat, nbf = claims.get("exp"), claims.get("iat"), claims.get("nbf")
        if not isinstance(exp, int | float) or not isinstance(iat, int | float):
            raise SignInError("bad_timestamps", "exp or iat missing")
        if now > exp + LEEWAY_SECONDS:
            raise SignInError("token_expired", "exp is in the past")
        if iat > now + LEEWAY_SECONDS or iat < now - MAX_TOKEN_AGE_SECONDS - LEEWAY_SECONDS:
            raise SignInError("bad_timestamps", "iat out of range")
        if nbf is not None and (not isinstance(nbf, int | float) or nbf > now + LEEWAY_SECONDS):
            raise SignInError("bad_timestamps", "nbf in the future")
        sent = claims.get("nonce")
        if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), nonce.encode()):
            raise SignInError("nonce_mismatch", "nonce differs from the one we sent")
        at_hash = claims.get("at_hash")
        if (
            at_hash is not None
            and access_token
            and (
                not isinstance(at_hash, str)
                or not hmac.compare_digest(at_hash.encode(), _half_hash(access_token, alg))
            )
        ):
            raise SignInError("at_hash_mismatch", "access token hash differs")

    def end_session_url(
        self, id_token_hint: str | None, post_logout_redirect_uri: str
    ) -> str | None:
        """The provider's logout URL (RP-initiated logout), when it offers one."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except SignInError:
            return None
        if not isinstance(endpoint, str) or urlsplit(endpoint).scheme not in ("https", "http"):
            return None
        params = {
            "client_id": self.provider.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
        if id_token_hint:
            params["id_token_hint"] = id_token_hint
        parts = urlsplit(endpoint)
        query = f"{parts.query}&{urlencode(params)}" if parts.query else urlencode(params)
        return urlunsplit(parts._replace(query=query))

    def known_origins(self) -> set[str]:
        origins = {_origin(self.issuer)}
        if self._metadata and isinstance(self._metadata.get("end_session_endpoint"), str):
            origins.add(_origin(self._metadata["end_session_endpoint"]))
        return origins


def _half_hash(value: str, alg: str) -> bytes:
    """OIDC `at_hash`: the left half of the token's digest, with the hash of the `alg`."""
    digest = getattr(hashlib, f"sha{alg[2:]}")(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Providers:
    """The configured providers of one application, by name, in configuration order."""

    def __init__(self, clients: list[ProviderClient]) -> None:
        self._clients = {client.name: client for client in clients}

    def __iter__(self) -> Any:
        return iter(self._clients.values())

    def __len__(self) -> int:
        return len(self._clients)

    def get(self, name: str) -> ProviderClient | None:
        return self._clients.get(name)

    @property
    def default(self) -> ProviderClient | None:
        return next(iter(self._clients.values()), None)

    def form_targets(self) -> set[str]:
        return {origin for client in self for origin in client.known_origins()}


def init_app(app: Flask, providers: tuple[OIDCProvider, ...]) -> None:
    settings = app.config["PORTAL"]
    redirect_uri = settings.base_url + "/auth/callback"
    clients = []
    for provider in providers:
        if settings.is_production and not provider.issuer.startswith("https://"):
            raise ConfigError(
                f"PORTAL_OIDC_ISSUER: provider {provider.name!r} must use an https:// issuer "
                "in production"
            )
        clients.append(ProviderClient(provider, redirect_uri, settings.is_production))
    registry = Providers(clients)
    app.extensions["portal.oidc"] = registry
    app.extensions["portal.form_targets"] = registry.form_targets


def providers() -> Providers:
    registry: Providers = current_app.extensions["portal.oidc"]
    return registry
