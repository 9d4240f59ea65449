"""Settings: every variable has a default, and a bad value names the variable."""

import pytest

from portal.core.config import ConfigError, environment_variables, load_settings


def test_defaults_give_the_embedded_runtime(tmp_path):
    settings = load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path}/portal.db"
    assert settings.storage_url == f"file://{tmp_path}/files"
    assert settings.queue_url == f"sqlite://{tmp_path}/queue.db"
    assert settings.mail_url == "outbox://"
    assert settings.port == 5000
    assert len(settings.secret_key) >= 32


def test_development_secret_is_kept_across_restarts(tmp_path):
    first = load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path)}).secret_key
    second = load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path)}).secret_key
    assert first == second


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTAL_DATABASE_URL", "mysql://localhost/portal"),
        ("PORTAL_STORAGE_URL", "ftp://files"),
        ("PORTAL_STORAGE_URL", "s3://"),
        ("PORTAL_QUEUE_URL", "amqp://localhost"),
        ("PORTAL_MAIL_URL", "mailto:x"),
        ("PORTAL_PORT", "eighty"),
        ("PORTAL_PORT", "70000"),
        ("PORTAL_ENV", "staging"),
        ("PORTAL_SECRET_KEY", "short"),
        ("PORTAL_OIDC_PROVIDERS", "{not json"),
        ("PORTAL_OIDC_PROVIDERS", '[{"name": "x"}]'),
        ("PORTAL_MAX_UPLOAD_MB", "0"),
        ("PORTAL_S3_SSE", "rot13"),
        ("PORTAL_LOG_LEVEL", "LOUD"),
        ("PORTAL_QUEUE_NAME", "a b"),
    ],
)
def test_bad_value_stops_startup_naming_the_variable(tmp_path, variable, value):
    with pytest.raises(ConfigError) as error:
        load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path), variable: value})
    assert str(error.value).startswith(variable)


def test_production_requires_a_secret_and_https(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY"):
        load_settings({"PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_ENV": "production"})
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        load_settings(
            {
                "PORTAL_INSTANCE_PATH": str(tmp_path),
                "PORTAL_ENV": "production",
                "PORTAL_SECRET_KEY": "k" * 40,
                "PORTAL_BASE_URL": "http://portal.example.com",
            }
        )


def test_postgres_urls_use_psycopg(tmp_path):
    settings = load_settings(
        {"PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_DATABASE_URL": "postgresql://u@db/portal"}
    )
    assert settings.database_url == "postgresql+psycopg://u@db/portal"


def test_oidc_issuer_needs_client_credentials(tmp_path):
    with pytest.raises(ConfigError, match=r"^PORTAL_OIDC_CLIENT_ID"):
        load_settings(
            {"PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_OIDC_ISSUER": "https://idp.example"}
        )


def test_several_providers_from_json(tmp_path):
    settings = load_settings(
        {
            "PORTAL_INSTANCE_PATH": str(tmp_path),
            "PORTAL_OIDC_ISSUER": "https://staff.example",
            "PORTAL_OIDC_CLIENT_ID": "portal",
            "PORTAL_OIDC_CLIENT_SECRET": "s3cret",
            "PORTAL_OIDC_PROVIDERS": '[{"name": "vendors", "label": "Vendor sign-in", '
            '"issuer": "https://vendors.example", "client_id": "p", "client_secret": "q"}]',
        }
    )
    assert [p.name for p in settings.oidc_providers] == ["default", "vendors"]


def test_every_variable_is_listed():
    names = environment_variables()
    assert {
        "PORTAL_DATABASE_URL",
        "PORTAL_STORAGE_URL",
        "PORTAL_QUEUE_URL",
        "PORTAL_MAIL_URL",
    } <= names
    assert {
        "PORTAL_SECRET_KEY",
        "PORTAL_BASE_URL",
        "PORTAL_OIDC_ISSUER",
        "PORTAL_S3_ENDPOINT_URL",
    } <= names
