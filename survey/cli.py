"""The `survey` command: a Flask command group over the application."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from .definition import DefinitionError, load_definition
from .models import SurveyStatus, utcnow
from .responses import ImportRefused, import_responses
from .surveys import SurveyError, get_survey, load_survey, set_status


def needs_database(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command inside the app context with the schema up to date."""
    @functools.wraps(command)
    @with_appcontext
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .database import upgrade_schema
        upgrade_schema()
        return command(*args, **kwargs)
    return wrapper


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check_command(files: tuple[str, ...]) -> None:
    """Check survey definitions without changing anything."""
    failed = False
    for file in files:
        try:
            definition = load_definition(file)
        except DefinitionError as exc:
            failed = True
            click.echo(str(exc), err=True)
        else:
            click.echo(f"{file}: {definition.id} is valid")
    sys.exit(1 if failed else 0)


@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--open", "open_them", is_flag=True, help="Open the surveys for responses.")
@needs_database
def load_command(files: tuple[str, ...], open_them: bool) -> None:
    """Check and store survey definitions (new ones, or new text for existing ones)."""
    try:
        definitions = [load_definition(file) for file in files]
    except DefinitionError as exc:
        fail(str(exc))
    for definition in definitions:
        try:
            result = load_survey(definition, open_it=open_them)
        except SurveyError as exc:
            fail(str(exc))
        verb = "loaded" if result.created else ("updated" if result.changed else "unchanged")
        click.echo(f"{definition.id}: {verb} ({result.survey.status})")


@click.command("open")
@click.argument("survey_id")
@needs_database
def open_command(survey_id: str) -> None:
    """Open a survey for responses."""
    try:
        set_status(survey_id, SurveyStatus.OPEN)
    except SurveyError as exc:
        fail(str(exc))
    click.echo(f"{survey_id}: open")


@click.command("close")
@click.argument("survey_id")
@needs_database
def close_command(survey_id: str) -> None:
    """Close a survey: no more responses."""
    try:
        set_status(survey_id, SurveyStatus.CLOSED)
    except SurveyError as exc:
        fail(str(exc))
    click.echo(f"{survey_id}: closed")


@click.group("responses")
def responses_group() -> None:
    """Responses: import."""


@responses_group.command("import")
@click.argument("survey_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@needs_database
def import_command(survey_id: str, file: Path) -> None:
    """Import responses from JSON Lines (paper forms, another system): all or none."""
    from flask_babel import force_locale
    try:
        survey = get_survey(survey_id)
        with file.open(encoding="utf-8") as lines, force_locale("en"):
            count = import_responses(survey.definition, lines, today=utcnow().date())
    except (SurveyError, ImportRefused) as exc:
        fail(f"{file}: nothing was imported.\n{exc}")
    except UnicodeDecodeError:
        fail(f"{file}: nothing was imported: the file is not UTF-8 text.")
    click.echo(f"{survey_id}: imported {count} responses")


@click.group("db")
def db_group() -> None:
    """The database schema."""


@db_group.command("upgrade")
@needs_database
def upgrade_command() -> None:
    """Create or upgrade the database schema."""
    click.echo("database schema is up to date")


COMMANDS: list[click.Command] = [check_command, load_command, open_command, close_command,
                                 responses_group, db_group]


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app
    return create_app()


cli = FlaskGroup(create_app=_create_app, add_default_commands=False,
                 help="Llais: bilingual public consultation surveys.")


def main() -> None:
    from flask.cli import run_command
    cli.add_command(run_command)
    cli.main(prog_name="survey")
