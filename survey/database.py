"""The database: connection settings, the schema and its migrations, and outages.

`survey db upgrade` runs the Alembic migrations in migrations/ (migrate_schema). Commands that
need the database call upgrade_schema, which builds an empty database at once from the models
and stamps it with the newest migration (the tests prove that both ways give the same schema),
and otherwise migrates. On PostgreSQL an advisory lock keeps two servers from migrating at once.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any, Callable

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, g, render_template, request
from flask_migrate import Migrate
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

from . import paths
from .extensions import db

MIGRATIONS = paths.folder("migrations")
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK = 7_358_414_101  # any constant: the PostgreSQL advisory lock held while migrating
PING_AFTER_IDLE_SECONDS = 10.0   # a pooled connection idle this long is checked before it is used

migrate = Migrate(compare_type=True, render_as_batch=True)


class SchemaError(Exception):
    """The database's schema cannot be brought up to date automatically."""


@dataclass(frozen=True)
class SchemaChange:
    before: str | None  # revision, or None for an empty database
    after: str


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _ping_idle_connections(engine: Engine) -> None:
    """pool_pre_ping, for connections that have sat idle only: one round trip less per request.

    A connection used moments ago is alive. If the database went away since (restart, failover),
    the request's query fails, _outage answers 503, and SQLAlchemy drops every older pooled
    connection, so the next requests connect afresh.
    """
    def idle_from_now(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # as pool_pre_ping does: this and every older pooled connection are replaced
            raise InvalidatePoolError("a pooled connection was dead") from error

    event.listen(engine, "connect", idle_from_now)
    event.listen(engine, "checkin", idle_from_now)
    event.listen(engine, "checkout", ping_if_idle)


def one_round_trip_reads() -> dict[str, Any]:
    """Execution options under which reads cost the database one round trip each: autocommit,
    but on SQLite, whose driver begins a transaction only before a write, none are needed."""
    return {} if db.engine.dialect.name == "sqlite" else {"isolation_level": "AUTOCOMMIT"}


def reads_without_transaction(blueprint: Blueprint) -> None:
    """A respondent's GET or HEAD runs in autocommit, so that a page that only reads costs
    PostgreSQL one round trip instead of three (BEGIN, the query, ROLLBACK). Such requests write
    at most single statements that stand alone (dropping an expired or idle draft).
    Form posts, and so every submission, keep their one transaction. SQLite's driver begins a
    transaction only before a write, so there reads run outside one already, and switching the
    connection to autocommit and back would cost a page a tenth of its time for nothing.

    A handler that commits part way gives its connection back; its later statements then run in
    an ordinary transaction on another, which the teardown ends.
    """
    @blueprint.before_request
    def read_in_autocommit() -> None:
        options = one_round_trip_reads()
        if options and request.method in ("GET", "HEAD") and not db.session().in_transaction():  # tests hold one
            db.session.connection(execution_options=options)
            g.read_without_transaction = True

    @blueprint.teardown_request
    def give_the_connection_back(_error: BaseException | None) -> None:
        if g.pop("read_without_transaction", False):
            # releases the connection, which the pool sets back to transactions
            _despite_a_dead_connection(db.session.rollback)


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


def first_revision() -> str:
    return script_directory().get_base()  # type: ignore[return-value]


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_exists() -> bool:
    return inspect(db.engine).has_table("surveys")


def schema_state() -> str:
    """'current', 'outdated', 'unmanaged' (tables but no migration record) or 'empty'."""
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not tables - {VERSION_TABLE}:
            return "empty"
        if VERSION_TABLE not in tables:
            return "unmanaged"
        return "current" if current_revision(connection) == head_revision() else "outdated"


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


def _outage(error: OperationalError) -> tuple[str, int]:
    """The database went away (restart, failover, cut connection): a 'try again' page, not a crash."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()
    current_app.logger.error("database unavailable", exc_info=error)  # parameters are hidden
    return render_template("error.html", error=ServiceUnavailable()), 503


def _close_session(_error: BaseException | None) -> None:
    """End the request's transaction; a connection the database has dropped meanwhile is discarded.

    Runs before Flask-SQLAlchemy's own teardown, whose rollback would otherwise fail on the dead
    connection after the response was ready, and turn it into an error.
    """
    _despite_a_dead_connection(db.session.close)


def _despite_a_dead_connection(end: Callable[[], None]) -> None:
    """Run `end` (the session's close or rollback); if the database dropped the connection, again."""
    try:
        end()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        end()


def init_app(app: Flask) -> None:
    migrate.init_app(app, db, directory=str(MIGRATIONS), command="db")
    app.register_error_handler(OperationalError, _outage)
    app.teardown_appcontext(_close_session)
    with app.app_context():
        engine: Engine = db.engine
        _ping_idle_connections(engine)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
