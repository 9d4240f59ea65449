"""The portal under test: an application on SQLite + local folder + SQLite queue by default, or on
PostgreSQL + S3 server + Redis for tests marked `both_backends` (each runs on both).

Each test gets a clean database: SQLite copies a migrated template file, PostgreSQL truncates a
database migrated once per run.
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from portal.app import create_app
from portal.auth.models import User
from portal.core.db import Base, db
from portal.core.migrate import upgrade
from portal.vendors.models import Vendor

BACKENDS = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run on SQLite/local/SQLite-queue and PostgreSQL/S3/Redis"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("both_backends") and (
        "backend_name" in metafunc.fixturenames
    ):
        metafunc.parametrize("backend_name", BACKENDS, indirect=True)


@dataclass
class Backend:
    name: str
    settings: dict[str, str]

    def env(self) -> dict[str, str]:
        return dict(self.settings)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "portal.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_postgres(postgres_database: str) -> str:
    upgrade(postgres_database)
    return postgres_database


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def backend_name(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def backend(backend_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    instance = tmp_path / "instance"
    instance.mkdir()
    common = {
        "PORTAL_ENV": "test",
        "PORTAL_INSTANCE_PATH": str(instance),
        "PORTAL_SECRET_KEY": "test-secret-key-" + "x" * 32,
        "PORTAL_BASE_URL": "http://localhost",
    }
    if backend_name == "sqlite":
        database = instance / "portal.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), database)
        return Backend(
            "sqlite",
            {
                **common,
                "PORTAL_DATABASE_URL": f"sqlite:///{database}",
                "PORTAL_STORAGE_URL": f"file://{instance}/files",
                "PORTAL_QUEUE_URL": f"sqlite://{instance}/queue.db",
            },
        )
    url = request.getfixturevalue("migrated_postgres")
    _truncate_all(url)
    s3 = request.getfixturevalue("s3_server")
    redis_url = request.getfixturevalue("redis_url")
    bucket = f"portal-test-{uuid.uuid4().hex[:12]}"
    from portal.core.storage import S3Storage

    S3Storage(bucket, endpoint_url=s3.endpoint).ensure_bucket()
    return Backend(
        "postgres",
        {
            **common,
            "PORTAL_DATABASE_URL": url,
            "PORTAL_STORAGE_URL": f"s3://{bucket}/documents",
            "PORTAL_S3_ENDPOINT_URL": s3.endpoint,
            "PORTAL_QUEUE_URL": redis_url,
            "PORTAL_QUEUE_NAME": f"portal-test-{uuid.uuid4().hex[:12]}",
        },
    )


@pytest.fixture
def portal_settings() -> dict[str, Any]:
    """Extra settings for the `app` fixture; override it in a test module or conftest."""
    return {}


@pytest.fixture
def app(backend: Backend, portal_settings: dict[str, Any]) -> Iterator[Flask]:
    application = create_app({**backend.settings, **portal_settings, "TESTING": True})
    with application.app_context():
        yield application
        db.remove()
        db.engine.dispose()
        if backend.name == "postgres":
            from portal.core.queue import queue

            queue.huey.flush()


@pytest.fixture
def configure(app: Flask) -> Any:
    """Change settings of the running test app: `configure(max_upload_mb=1)`."""

    def change(**values: Any) -> None:
        app.config["PORTAL"] = dataclasses.replace(app.config["PORTAL"], **values)

    return change


@pytest.fixture
def client(app: Flask) -> Any:
    return app.test_client()


@pytest.fixture
def create_vendor(app: Flask) -> Any:
    counter = iter(range(1, 10_000))

    def make(**values: Any) -> Vendor:
        n = next(counter)
        vendor = Vendor(
            legal_name=values.pop("legal_name", f"Vendor {n} Ltd"),
            country=values.pop("country", "DE"),
            **values,
        )
        db.session.add(vendor)
        db.session.commit()
        return vendor

    return make


@pytest.fixture
def create_user(app: Flask) -> Any:
    counter = iter(range(1, 10_000))

    def make(**values: Any) -> User:
        n = next(counter)
        user = User(
            issuer=values.pop("issuer", "https://idp.example"),
            subject=values.pop("subject", f"subject-{n}"),
            email=values.pop("email", f"user{n}@example.com"),
            name=values.pop("name", f"User {n}"),
            **values,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def vendor_a(create_vendor: Any) -> Vendor:
    vendor: Vendor = create_vendor(legal_name="Alpha Logistics Ltd", country="CN")
    return vendor


@pytest.fixture
def vendor_b(create_vendor: Any) -> Vendor:
    vendor: Vendor = create_vendor(legal_name="Beta Datenservice GmbH", country="DE")
    return vendor


@pytest.fixture
def vendor_a_user(create_user: Any, vendor_a: Vendor) -> User:
    user: User = create_user(role="vendor", vendor_id=vendor_a.id)
    return user
