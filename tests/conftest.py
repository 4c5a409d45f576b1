"""Shared fixtures: an application on a fresh database, a client, and a survey factory.

Set LLAIS_TEST_DATABASE_URL to a PostgreSQL URL to run everything against PostgreSQL: each
test then gets a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import copy
import os
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient

from survey import create_app
from survey.definition import SurveyDefinition, parse_definition
from survey.extensions import db
from survey.surveys import load_survey

pytest_plugins = ["tests.browser_harness"]

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("LLAIS_TEST_DATABASE_URL", "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of one database's own tools run only on that database: the other run deselects them."""
    other = "sqlite_only" if POSTGRES_URL else "postgresql_only"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def conformance_raw() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "conformance.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """Settings for the test application; tests may change them before `app` is made."""
    return {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test-" + "x" * 40,
            "EXPORT_DIR": str(tmp_path / "exports")}


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(app_config)
    with application.app_context():
        from survey.schema import upgrade_schema
        upgrade_schema()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """An application on an empty database: no tables at all (for tests of the migrations)."""
    application = create_app(app_config)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_survey(app: Flask) -> Callable[..., SurveyDefinition]:
    """Load a survey: the conformance fixture, changed by `changes` (a function of the raw dict)."""
    def make(changes: Callable[[dict[str, Any]], None] | None = None, open_it: bool = True,
             raw: dict[str, Any] | None = None) -> SurveyDefinition:
        definition_raw = copy.deepcopy(raw) if raw is not None else conformance_raw()
        if changes:
            changes(definition_raw)
        definition = parse_definition(definition_raw)
        load_survey(definition, open_it=open_it)
        return definition
    return make


@pytest.fixture
def conformance(make_survey: Callable[..., SurveyDefinition]) -> SurveyDefinition:
    return make_survey()
