"""`portal users grant` and the development provider's guard rails."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.auth.devprovider import dev_provider_settings, start_dev_provider
from portal.auth.models import User
from portal.cli import main
from portal.core.config import ConfigError, Settings
from portal.core.db import db


@pytest.fixture
def run_cli(backend, monkeypatch):
    for key, value in backend.settings.items():
        monkeypatch.setenv(key, value)

    def invoke(*args):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_grant_gives_a_signed_in_account_a_staff_role(run_cli, create_user, login_as):
    user = create_user(email="Rita@Portal.example")
    client = login_as(user)
    result = run_cli("users", "grant", "rita@portal.example", "--role", "reviewer")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    granted = db.session.get(User, user.id)
    assert (granted.role, granted.role_source) == ("reviewer", "admin")
    # The running session ends, so the new role is in force from the next sign-in.
    assert client.get("/").status_code == 302
    change = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert change.details["new_role"] == "reviewer"


def test_grant_names_the_problem_when_no_account_matches(run_cli):
    result = run_cli("users", "grant", "nobody@example.com", "--role", "admin")
    assert result.exit_code == 1
    assert "has signed in yet" in result.output


def test_grant_asks_for_the_issuer_when_an_address_is_used_twice(run_cli, create_user):
    create_user(email="twice@example.com", issuer="https://one.example")
    create_user(email="twice@example.com", issuer="https://two.example")
    result = run_cli("users", "grant", "twice@example.com", "--role", "admin")
    assert result.exit_code == 1 and "--issuer" in result.output
    result = run_cli(
        "users", "grant", "twice@example.com", "--role", "admin", "--issuer", "https://two.example"
    )
    assert result.exit_code == 0


def test_development_provider_is_refused_in_production():
    production = Settings(env="production")
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        start_dev_provider(production)
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        dev_provider_settings(production)


def test_run_dev_oidc_is_refused_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PORTAL_SECRET_KEY", "p" * 40)
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example")
    result = CliRunner().invoke(main, ["run", "--dev-oidc", "--no-worker"])
    assert result.exit_code == 2
    assert "refused in production" in result.output


def test_dev_oidc_points_the_portal_at_the_dev_provider_unless_one_is_configured():
    settings = dev_provider_settings(Settings(dev_oidc_port=5099))
    assert settings["PORTAL_OIDC_ISSUER"] == "http://127.0.0.1:5099"
    assert settings["PORTAL_OIDC_ROLE_CLAIM"] == "groups"
    from portal.core.config import OIDCProvider

    configured = Settings(oidc_providers=(OIDCProvider("corp", "https://idp", "id", "secret"),))
    assert dev_provider_settings(configured) == {}
