"""The database's schema and its migrations.

`survey db upgrade` runs the Alembic migrations in migrations/ (migrate_schema). Commands that
need the database call upgrade_schema, which builds an empty database at once from the models
and stamps it with the newest migration (the tests prove that both ways give the same schema),
and otherwise migrates. On PostgreSQL an advisory lock keeps two servers from migrating at once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from . import paths
from .extensions import db

MIGRATIONS = paths.folder("migrations")
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK = 7_358_414_101  # any constant: the PostgreSQL advisory lock held while migrating

migrate = Migrate(compare_type=True, render_as_batch=True)


class SchemaError(Exception):
    """The database's schema cannot be brought up to date automatically."""


@dataclass(frozen=True)
class SchemaChange:
    before: str | None  # revision, or None for an empty database
    after: str


@functools.lru_cache(maxsize=4)
def _script(directory: str) -> ScriptDirectory:
    return ScriptDirectory(directory)


def script_directory() -> ScriptDirectory:
    return _script(str(MIGRATIONS))


def head_revision() -> str:
    """The newest migration's revision."""
    head = script_directory().get_current_head()
    assert head, "migrations/versions holds no migration"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _lock(connection: Connection) -> None:
    """Hold PostgreSQL's advisory lock until this transaction ends: one migrator at a time."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def schema_differences(connection: Connection) -> list[Any]:
    """How the database's tables differ from the models (empty when they match)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


def _adopt_unmanaged(connection: Connection) -> None:
    """A database made before migrations existed: adopt it if it matches the models exactly."""
    differences = schema_differences(connection)
    if differences:
        listed = "\n".join(f"  {d}" for d in differences[:20])
        raise SchemaError("The database has tables but no migration record, and they differ "
                          f"from this version's models:\n{listed}\nRestore a backup or migrate it "
                          "by hand, then run `survey db stamp head`. (A development database "
                          "holding nothing of value can simply be deleted.)")
    MigrationContext.configure(connection).stamp(script_directory(), "head")


def migrate_schema() -> SchemaChange:
    """Run every migration the database has not had yet (from nothing, if it is empty)."""
    config = migrate.get_config(str(MIGRATIONS))
    with db.engine.begin() as connection:
        _lock(connection)
        tables = set(inspect(connection).get_table_names())
        before = current_revision(connection) if VERSION_TABLE in tables else None
        if tables - {VERSION_TABLE} and VERSION_TABLE not in tables:
            _adopt_unmanaged(connection)
        else:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return SchemaChange(before=before, after=current_revision(connection) or "")


def upgrade_schema() -> None:
    """Bring the schema up to date; an empty database gets the models' tables at once."""
    with db.engine.begin() as connection:
        _lock(connection)
        tables = set(inspect(connection).get_table_names())
        if not tables - {VERSION_TABLE}:
            db.metadata.create_all(connection)
            MigrationContext.configure(connection).stamp(script_directory(), "head")
            return
        if VERSION_TABLE in tables and current_revision(connection) == head_revision():
            return
    migrate_schema()


def init_app(app: Flask) -> None:
    """`survey db ...` (Flask-Migrate's commands) on the migrations in migrations/."""
    migrate.init_app(app, db, directory=str(MIGRATIONS), command="db")
