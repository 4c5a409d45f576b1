"""Migration 0007 makes the hub's tables with the append-only triggers, and goes back cleanly; 0008 gives
"You said" its release number."""
from __future__ import annotations


import pytest
import sqlalchemy as sa
from alembic import command
from flask import Flask
from sqlalchemy.exc import DatabaseError

from survey import schema
from survey.schema import migrate_schema
from survey.extensions import db

HUB_TABLES = {"reviews", "review_surveys", "recommendations", "progress_updates", "review_published_questions"}


def _tables() -> set[str]:
    with db.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def _store_an_update(connection: sa.Connection) -> None:
    connection.execute(sa.text("INSERT INTO reviews (id, status, topic_id, topic_cy, topic_en, kind_cy, kind_en, "
                               "title_cy, title_en, summary_cy, summary_en, findings_cy, findings_en, created_at, "
                               "updated_at) VALUES ('r', 'draft', 't', '', '', '', '', '', '', '', '', '', '', "
                               "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    connection.execute(sa.text("INSERT INTO recommendations (id, review_id, key, position, text_cy, text_en, "
                               "addressee_cy, addressee_en, status) VALUES (1, 'r', 'r1', 0, '', '', '', '', "
                               "'not_started')"))
    connection.execute(sa.text("INSERT INTO progress_updates (recommendation_id, day, status, text_cy, text_en, "
                               "added_at) VALUES (1, '2026-12-01', 'done', 'Wedi gorffen.', 'Finished.', "
                               "CURRENT_TIMESTAMP)"))


def test_the_migration_makes_the_triggers_and_goes_back(empty_app: Flask) -> None:
    migrate_schema()
    assert HUB_TABLES <= _tables()
    with db.engine.begin() as connection:
        _store_an_update(connection)
    for statement in ("UPDATE progress_updates SET text_en = 'Never started.'", "DELETE FROM progress_updates"):
        with pytest.raises(DatabaseError, match="only ever added"), db.engine.begin() as connection:
            connection.execute(sa.text(statement))
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT text_en FROM progress_updates")) == "Finished."
    config = schema.migrate.get_config(str(schema.MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert not HUB_TABLES & _tables()


def _columns(table: str) -> set[str]:
    with db.engine.connect() as connection:
        return {column["name"] for column in sa.inspect(connection).get_columns(table)}


def test_migration_0008_keeps_the_release_number_and_goes_back(empty_app: Flask) -> None:
    migrate_schema()
    assert {"release", "published_at"} <= _columns("review_published_questions")
    assert "release_id" not in _columns("review_published_questions")
    config = schema.migrate.get_config(str(schema.MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert "release_id" in _columns("review_published_questions")
    assert not {"release", "published_at"} & _columns("review_published_questions")
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert {"release", "published_at"} <= _columns("review_published_questions")
