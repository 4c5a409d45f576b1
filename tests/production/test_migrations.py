"""Migrations: they build exactly the models' schema, keep data, and `survey db upgrade` runs them."""
from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner
from flask import Flask

from survey import create_app
from survey import schema
from survey.schema import (VERSION_TABLE, SchemaError, current_revision, head_revision, migrate_schema,
                           schema_differences, script_directory, upgrade_schema)
from survey.definition import parse_definition
from survey.definition.loader import definition_hash
from survey.extensions import db
from survey.models import Answer, Response, ResponseGroup, Survey, TextAnswer
from survey.flow import prune
from survey.questions import kind_of
from survey.responses import Provenance, add_response
from survey.results.aggregate import count_figures
from survey.results.breakdowns import resolve
from tests.conftest import conformance_raw


def first_revision() -> str:
    return script_directory().get_base()  # type: ignore[return-value]


def schema_state() -> str:
    """'current', 'outdated', 'unmanaged' (tables but no migration record) or 'empty'."""
    with db.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        if not tables - {VERSION_TABLE}:
            return "empty"
        if VERSION_TABLE not in tables:
            return "unmanaged"
        return "current" if current_revision(connection) == head_revision() else "outdated"


def differences() -> list[Any]:
    with db.engine.connect() as connection:
        return schema_differences(connection)


def revision() -> str | None:
    with db.engine.connect() as connection:
        return current_revision(connection)


def test_migrations_from_nothing_build_exactly_the_models(empty_app: Flask) -> None:
    assert schema_state() == "empty"
    change = migrate_schema()
    assert (change.before, change.after) == (None, head_revision())
    assert differences() == []
    assert schema_state() == "current"
    again = migrate_schema()
    assert again.before == again.after == head_revision()


def test_the_quick_path_for_empty_databases_gives_the_same_schema(empty_app: Flask) -> None:
    """What tests/conftest.py and the commands use on an empty database: create_all, then stamp."""
    upgrade_schema()
    assert differences() == []
    assert revision() == head_revision()
    upgrade_schema()  # at the newest migration: nothing to do
    assert schema_state() == "current"


def _statistics_objects() -> list[str]:
    with db.engine.connect() as connection:
        return list(connection.scalars(sa.text("SELECT stxname FROM pg_statistic_ext "
                                               "WHERE stxnamespace = current_schema()::regnamespace")))


@pytest.mark.postgresql_only  # extended statistics
@pytest.mark.parametrize("path", [upgrade_schema, migrate_schema], ids=["quick path", "migrations"])
def test_postgres_is_told_how_few_groups_an_export_forms(empty_app: Flask, path: Any) -> None:
    """Both ways of making the schema give the answers the statistics an export's plan needs."""
    path()
    assert _statistics_objects() == ["answers_figures"]


def _insert(connection: sa.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert through the table as the database has it at that revision (not as the models say)."""
    reflected = sa.Table(table, sa.MetaData(), autoload_with=connection)
    connection.execute(reflected.insert(), [{k: v for k, v in row.items() if k in reflected.c} for row in rows])


def test_data_stored_at_the_first_migration_survives_every_later_one(empty_app: Flask) -> None:
    config = schema.migrate.get_config(str(schema.MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, first_revision())
    definition = parse_definition(conformance_raw())
    now = datetime(2026, 5, 1, 9, 30)
    with db.engine.begin() as connection:
        _insert(connection, "surveys", [dict(
            id=definition.id, definition_json=definition.to_json(), definition_hash=definition_hash(definition),
            status="open", opens_at=None, closes_at=None, created_at=now, updated_at=now)])
        _insert(connection, "responses", [dict(id=f"{n:032x}", survey_id=definition.id, language=lang,
                                               channel="public", site=None, submitted_on=date(2026, 5, n),
                                               submission_key=f"key-{n}")
                                          for n, lang in ((1, "cy"), (2, "en"))])
        _insert(connection, "answers", [dict(response_id=f"{n:032x}", survey_id=definition.id,
                                             question_id="seen-dealing", row_id="", value="yes", number=None)
                                        for n in (1, 2)])
        _insert(connection, "text_answers", [dict(survey_id=definition.id, question_id="comments",
                                                  language="cy", channel="public", submitted_on=date(2026, 5, 1),
                                                  body="Golau stryd — ŵ ŷ")])
    migrate_schema()
    assert revision() == head_revision() and differences() == []
    survey = db.session.get(Survey, definition.id)
    assert survey is not None and survey.definition.id == definition.id
    stored = db.session.scalars(sa.select(Response))
    assert sorted((r.id, r.language, r.submitted_on, r.submission_key) for r in stored) == [
        (f"{1:032x}", "cy", date(2026, 5, 1), "key-1"), (f"{2:032x}", "en", date(2026, 5, 2), "key-2")]
    answers = db.session.scalars(sa.select(Answer)).all()
    assert [(a.question_id, a.value) for a in answers] == [("seen-dealing", "yes")] * 2
    assert db.session.scalars(sa.select(TextAnswer.body)).all() == ["Golau stryd — ŵ ŷ"]
    # 0004: each old answer carries its response's record key; none is released yet
    keys = {r.id: r.record_key for r in db.session.scalars(sa.select(Response))}
    assert all(a.record_key == keys[a.response_id] and a.release is None for a in answers)
    assert all(0 <= key < 256 for key in keys.values())


def _figures(definition: Any, by: list[str]) -> dict[str, list[Any]]:
    """Every figure before disclosure control (all answers in one release; no value merged), keys
    left out: they are random."""
    if "release" in {c["name"] for c in sa.inspect(db.engine).get_columns("answers")}:
        db.session.execute(sa.text("UPDATE answers SET release = 1"))
        db.session.commit()
    figures = count_figures(definition, resolve(definition, by), 1, 0)
    return {"cells": sorted(map(tuple, figures.cells.drop(columns="key").astype(str).to_numpy().tolist())),
            "bases": sorted(map(tuple, figures.bases.drop(columns="key").astype(str).to_numpy().tolist())),
            "numbers": sorted((key, [(x, n) for x, n, _ in numbers.given]) for key, numbers in figures.numbers.items())}


# Responses as (language, channel, site, day, answers): two alike but for their month (May, June).
GIVEN = [("cy", "public", None, date(2026, 5, 1), {"area": "powys", "age-band": "35-54", "seen-dealing": "yes",
                                                   "times-seen": 3,
                                                   "used-services": ["needle-exchange", "peer-support"]}),
         ("en", "kiosk", "Llanelli", date(2026, 6, 2), {"area": "powys", "used-services": ["none"],
                                                         "feel-safe": {"daytime": 4}}),
         ("en", "public", None, date(2026, 6, 3), {"area": "ceredigion", "seen-dealing": "yes", "times-seen": 1}),
         ("cy", "public", None, date(2026, 6, 3), {"seen-dealing": "no"}),
         ("cy", "public", None, date(2026, 5, 20), {"seen-dealing": "yes"})]
SPLITS = ([], ["language", "area"], ["month", "site"], ["month"], ["area", "month"])


def _upgrade(to: str) -> None:
    db.session.remove()  # its locks would keep PostgreSQL from altering the tables
    config = schema.migrate.get_config(str(schema.MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)


def _downgrade(to: str) -> None:
    db.session.remove()
    config = schema.migrate.get_config(str(schema.MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, to)


def _store_as_0001_did() -> Any:
    """The conformance survey and GIVEN's responses, as revision 0001 stored them."""
    definition = parse_definition(conformance_raw())
    assert all(prune(definition, answers) == answers for *_, answers in GIVEN)
    now = datetime(2026, 5, 1, 9, 30)
    with db.engine.begin() as connection:
        _insert(connection, "surveys", [dict(
            id=definition.id, definition_json=definition.to_json(), definition_hash=definition_hash(definition),
            status="open", opens_at=None, closes_at=None, created_at=now, updated_at=now)])
        for n, (lang, channel, site, day, answers) in enumerate(GIVEN):
            _insert(connection, "responses", [dict(id=f"{n:032x}", survey_id=definition.id, language=lang,
                                                   channel=channel, site=site, submitted_on=day)])
            rows = [dict(response_id=f"{n:032x}", survey_id=definition.id, question_id=question.id,
                         row_id=stored.row_id, value=stored.value, number=stored.number)
                    for question in definition.all_questions() if question.id in answers
                    for stored in kind_of(question).stored(question, answers[question.id])
                    if stored.value is not None or stored.number is not None]  # as 0001 stored them
            _insert(connection, "answers", rows)
    return definition


def _stored_today(definition: Any) -> dict[tuple[str, ...], dict[str, list[Any]]]:
    """The figures of GIVEN's responses stored afresh by today's code (what is there is deleted)."""
    db.session.execute(sa.delete(Answer))
    db.session.execute(sa.delete(Response))
    db.session.execute(sa.delete(ResponseGroup))
    for lang, channel, site, day, answers in GIVEN:
        add_response(definition, answers, Provenance(lang, channel, site), day)
    db.session.commit()
    return {tuple(by): _figures(definition, by) for by in SPLITS}


def _groups() -> list[dict[str, Any]]:
    """The response groups as the database has them, by column name and without their ids."""
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM response_groups")).mappings().all()
    return sorted(({k: v for k, v in row.items() if k != "id"} for row in rows), key=lambda group: group["digest"])


def test_answers_stored_before_response_groups_export_as_if_stored_now(empty_app: Flask) -> None:
    """Migration 0002 gives old answers their response groups and multiple-choice marks: an export
    of migrated answers is the export of the same responses stored today."""
    _upgrade("0001")
    definition = _store_as_0001_did()
    migrate_schema()
    assert differences() == []
    migrated = {tuple(by): _figures(definition, by) for by in SPLITS}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)
                             .where(Answer.value.is_(None), Answer.number.is_(None))) == 2  # two answered it
    assert migrated == _stored_today(definition)
    assert migrated[("language", "area")]["bases"] != migrated[()]["bases"]  # the split is not empty
    assert migrated[("month",)]["bases"] != migrated[()]["bases"]


def test_groups_alike_but_for_their_month_are_merged_and_split_again(empty_app: Flask) -> None:
    """Migration 0003 moves the month from the groups to the answers: groups that differed only in
    their month become one, and the figures, by month too, stay exactly as they were. Going back
    to 0002 splits them again as 0002 made them."""
    _upgrade("0001")
    definition = _store_as_0001_did()
    _upgrade("0002")
    monthly = _groups()
    assert len(monthly) == 5  # the Welsh public responses of May and June with no breakdown answer: two
    _upgrade("0003")
    assert len(_groups()) == 4
    _upgrade("head")
    assert differences() == []
    migrated = {tuple(by): _figures(definition, by) for by in SPLITS}
    _downgrade("0002")  # through 0004's downgrade too
    assert _groups() == monthly  # new ids, the same groups
    _upgrade("head")
    assert {tuple(by): _figures(definition, by) for by in SPLITS} == migrated == _stored_today(definition)


def test_survey_db_upgrade_runs_the_migrations(empty_app: Flask) -> None:
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"upgraded from nothing to revision {head_revision()}" in first.output
    assert differences() == []
    second = runner.invoke(args=["db", "upgrade"])
    assert second.exit_code == 0 and "up to date" in second.output
    assert runner.invoke(args=["db", "current"]).exit_code == 0  # Alembic's own tools work too
    assert runner.invoke(args=["db", "check"]).exit_code == 0  # the models need no new migration


def test_a_database_made_before_migrations_is_adopted_when_it_matches(empty_app: Flask) -> None:
    db.create_all()
    assert schema_state() == "unmanaged"
    change = migrate_schema()
    assert (change.before, change.after) == (None, head_revision())
    assert schema_state() == "current"


def test_a_database_made_before_migrations_that_differs_is_refused(empty_app: Flask) -> None:
    db.create_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE kiosk_links"))
    with pytest.raises(SchemaError, match="kiosk_links"):
        migrate_schema()
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 1 and "no migration record" in result.output


def test_the_run_command_upgrades_the_database_first(monkeypatch: pytest.MonkeyPatch,
                                                     app_config: dict[str, Any]) -> None:
    import flask.cli
    from survey import cli
    served: list[bool] = []
    monkeypatch.setenv("DATABASE_URL", app_config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("SECRET_KEY", app_config["SECRET_KEY"])
    monkeypatch.setattr(flask.cli.run_command, "callback", lambda *a, **k: served.append(True))
    group = flask.cli.FlaskGroup(create_app=cli._create_app, add_default_commands=False)
    group.add_command(cli._run_after_upgrade())
    result = CliRunner().invoke(group, ["run"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert served == [True]
    application = create_app(app_config)
    with application.app_context():
        assert schema_state() == "current"
        db.engine.dispose()


@pytest.mark.postgresql_only  # PostgreSQL's advisory lock
def test_two_servers_migrating_at_once_on_postgres(empty_app: Flask) -> None:
    errors: list[BaseException] = []

    def migrate_too() -> None:
        with empty_app.app_context():
            try:
                migrate_schema()
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=migrate_too) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert schema_state() == "current" and differences() == []


def test_survey_db_is_llais_own_group_with_alembic_tools(empty_app: Flask) -> None:
    from survey.cli import db_group
    assert empty_app.cli.commands["db"] is db_group  # not Flask-Migrate's plain one
    assert {"upgrade", "current", "history", "revision", "stamp", "downgrade", "check"} <= set(db_group.commands)
    assert "init" not in db_group.commands  # the migrations folder exists already
