"""Database connections: SQLite's settings, pooled connections checked after sitting idle, and a
request's session ended even when the database dropped its connection meanwhile."""
from __future__ import annotations

import time
from typing import Any, Callable

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InvalidatePoolError

from .extensions import db

PING_AFTER_IDLE_SECONDS = 10.0   # a pooled connection idle this long is checked before it is used


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _ping_idle_connections(engine: Engine) -> None:
    """pool_pre_ping, for connections that have sat idle only: one round trip less per request.

    A connection used moments ago is alive. If the database went away since (restart, failover),
    the request's query fails, web.database_outage answers 503, and SQLAlchemy drops every older
    pooled connection, so the next requests connect afresh.
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


def despite_a_dead_connection(end: Callable[[], None]) -> None:
    """Run `end` (the session's close or rollback); if the database dropped the connection, again."""
    try:
        end()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        end()


def _close_session(_error: BaseException | None) -> None:
    """End the request's transaction; a connection the database has dropped meanwhile is discarded.

    Runs before Flask-SQLAlchemy's own teardown, whose rollback would otherwise fail on the dead
    connection after the response was ready, and turn it into an error.
    """
    despite_a_dead_connection(db.session.close)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close_session)
    with app.app_context():
        engine: Engine = db.engine
        _ping_idle_connections(engine)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
