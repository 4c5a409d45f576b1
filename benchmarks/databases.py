"""Fresh, throw-away databases for a benchmark: a SQLite file, or a PostgreSQL schema of its own."""
from __future__ import annotations

import contextlib
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from flask import Flask

from survey import create_app
from survey.definition import SurveyDefinition
from survey.extensions import db


@dataclass(frozen=True)
class Database:
    """Where one benchmark's data lives; `url` is what the application is given."""
    name: str      # "sqlite" or "postgresql"
    url: str
    folder: Path   # scratch space (exports, logs) removed afterwards


@contextlib.contextmanager
def fresh_database(postgres_url: str | None) -> Iterator[Database]:
    """An empty database, dropped afterwards: PostgreSQL if a URL is given, else SQLite."""
    with tempfile.TemporaryDirectory(prefix="llais-bench-") as scratch:
        folder = Path(scratch)
        if not postgres_url:
            yield Database("sqlite", f"sqlite:///{folder / 'bench.db'}", folder)
            return
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(postgres_url)
        try:
            with admin.begin() as conn:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            sep = "&" if "?" in postgres_url else "?"
            yield Database("postgresql", f"{postgres_url}{sep}options=-csearch_path%3D{schema}", folder)
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()


def make_app(database: Database, **settings: Any) -> Flask:
    """The application on this database, with its schema made; rate limits off (one client address)."""
    config = {"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "benchmark-" + "b" * 40,
              "EXPORT_DIR": str(database.folder / "exports"), "RATELIMIT_ENABLED": False, **settings}
    app = create_app(config)
    with app.app_context():
        from survey.schema import upgrade_schema
        upgrade_schema()
    return app


@contextlib.contextmanager
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()


def load_open(app: Flask, definition: SurveyDefinition) -> None:
    """Store the survey and open it."""
    from survey.surveys import load_survey
    with app_context(app):
        load_survey(definition, open_it=True)


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
