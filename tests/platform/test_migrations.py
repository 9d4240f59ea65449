"""Migrations: they build exactly the models' schema, on SQLite and PostgreSQL, idempotently."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

import portal.models  # noqa: F401
from portal.core.db import Base, db
from portal.core.migrate import upgrade

pytestmark = pytest.mark.both_backends


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_twice_changes_nothing(app, backend):
    url = backend.settings["PORTAL_DATABASE_URL"]
    upgrade(url)
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()


def test_every_migration_downgrades_and_upgrades_again(app, backend):
    from alembic import command

    from portal.core.migrate import alembic_config

    url = backend.settings["PORTAL_DATABASE_URL"]
    db.remove()
    db.engine.dispose()
    command.downgrade(alembic_config(url), "base")
    upgrade(url)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
