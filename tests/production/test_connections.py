"""Database connections: a respondent's page reads without a transaction, form posts keep theirs,
and a pooled connection that died while idle is replaced before anyone sees it."""
from __future__ import annotations

import sqlite3
import uuid
from typing import Any, Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from survey import connections
from survey.definition import SurveyDefinition
from survey.extensions import db
from tests.conftest import POSTGRES_URL
from tests.helpers import CSRF, text_of

BASE = "/s/conformance-check"


def autocommit(dbapi_connection: Any) -> bool:
    """Whether the driver sends each statement on its own, with no transaction around it."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.isolation_level is None
    return bool(dbapi_connection.autocommit)


@pytest.fixture
def statements(app: Flask) -> Iterator[list[tuple[str, bool]]]:
    """(first word of each statement, whether it ran in autocommit), as the database is sent them."""
    seen: list[tuple[str, bool]] = []

    def note(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append((statement.split()[0].upper(), autocommit(connection.connection.dbapi_connection)))

    sa.event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", note)


def test_a_page_reads_without_a_transaction_and_its_form_post_is_one_transaction(
        conformance: SurveyDefinition, client: FlaskClient, statements: list[tuple[str, bool]]) -> None:
    """On PostgreSQL a page's reads run in autocommit: one round trip, not BEGIN, the query, ROLLBACK.
    SQLite's driver begins a transaction only before a write, so there they run outside one as they are."""
    postgres = db.engine.dialect.name == "postgresql"
    db.session.commit()  # as in a real request: no transaction is open when it starts
    page = client.get(BASE + "/en/p/your-area")
    assert page.status_code == 200
    assert statements and all(word == "SELECT" and (auto or not postgres) for word, auto in statements), statements

    statements.clear()
    token = CSRF.search(text_of(page)).group(1)  # type: ignore[union-attr]
    assert client.post(BASE + "/en/p/your-area", data={"area": "powys", "csrf_token": token}).status_code == 302
    assert [word for word, _ in statements] == ["SELECT", "INSERT"] and not any(auto for _, auto in statements)

    statements.clear()
    assert client.get(BASE + "/en/p/what-you-have-seen").status_code == 200  # the connection went back as it came
    assert statements and all(word == "SELECT" and (auto or not postgres) for word, auto in statements), statements


@pytest.fixture
def named_app(make_app: Callable[..., Flask], app_config: dict[str, Any]) -> tuple[Flask, str]:
    """An application whose connections carry a name of their own, so that they can be cut."""
    name = f"llais_idle_{uuid.uuid4().hex[:8]}"
    return make_app(survey=True, SQLALCHEMY_DATABASE_URI=f"{app_config['SQLALCHEMY_DATABASE_URI']}"
                                                         f"&application_name={name}"), name


def cut_connections(name: str) -> int:
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return int(connection.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "  # waits until they are gone
                "WHERE application_name = :name"),
                {"name": name}).scalar_one())
    finally:
        admin.dispose()


@pytest.mark.postgresql_only  # cuts PostgreSQL connections
def test_a_connection_that_died_while_idle_is_replaced_unseen(named_app: tuple[Flask, str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app, name = named_app
    client = app.test_client()
    assert client.get(f"{BASE}/en").status_code == 200
    assert cut_connections(name) >= 1
    monkeypatch.setattr(connections, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if it had sat idle for long
    assert client.get(f"{BASE}/en").status_code == 200


@pytest.mark.postgresql_only  # cuts PostgreSQL connections
def test_a_connection_that_died_in_use_gives_one_try_again_page(named_app: tuple[Flask, str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Used moments ago, a connection is not checked: if it died since, that one request says
    "try again" (503), and the pool connects afresh for the next."""
    app, name = named_app
    monkeypatch.setattr(connections, "PING_AFTER_IDLE_SECONDS", float("inf"))  # however slow this machine is
    client = app.test_client()
    assert client.get(f"{BASE}/en").status_code == 200
    assert cut_connections(name) >= 1
    assert client.get(f"{BASE}/en").status_code == 503
    assert client.get(f"{BASE}/en").status_code == 200
