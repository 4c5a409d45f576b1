"""The `survey` command: a Flask command group over the application."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click
from flask import Flask
from flask.cli import FlaskGroup, NoAppException, with_appcontext

from .definition import DefinitionError
from .models import utcnow
from .responses import ImportRefused, import_responses
from .surveys import SurveyError, get_survey, load_survey, set_status
from .vocabulary import Language, SurveyState


def needs_database(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command inside the app context with the schema up to date."""
    @functools.wraps(command)
    @with_appcontext
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .schema import upgrade_schema
        upgrade_schema()
        return command(*args, **kwargs)
    return wrapper


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check_command(files: tuple[str, ...]) -> None:
    """Check survey definitions and review files without changing anything."""
    from .hub.review_file import load_any_file
    failed = False
    for file in files:
        try:
            definition = load_any_file(file)
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
    """Check and store survey definitions (new ones, or new text for existing ones) and reviews."""
    from .hub.cli import store_reviews
    from .hub.review_file import ReviewFile, load_any_file
    try:
        loaded = [load_any_file(file) for file in files]
    except DefinitionError as exc:
        fail(str(exc))
    definitions = [item for item in loaded if not isinstance(item, ReviewFile)]
    for definition in definitions:
        try:
            result = load_survey(definition, open_it=open_them)
        except SurveyError as exc:
            fail(str(exc))
        verb = "loaded" if result.created else ("updated" if result.changed else "unchanged")
        click.echo(f"{definition.id}: {verb} ({result.survey.status})")
    store_reviews([item for item in loaded if isinstance(item, ReviewFile)])  # after the surveys they name


@click.command("open")
@click.argument("survey_id")
@needs_database
def open_command(survey_id: str) -> None:
    """Open a survey for responses."""
    try:
        set_status(survey_id, SurveyState.OPEN)
    except SurveyError as exc:
        fail(str(exc))
    click.echo(f"{survey_id}: open")


@click.command("close")
@click.argument("survey_id")
@needs_database
def close_command(survey_id: str) -> None:
    """Close a survey: no more responses; cuts its final release."""
    from .results.releases import NotEnough, close_with_release
    try:
        result = close_with_release(survey_id, utcnow().date())
    except SurveyError as exc:
        fail(str(exc))
    click.echo(f"{survey_id}: closed")
    click.echo(f"no final release: {result}" if isinstance(result, NotEnough)
               else f"{survey_id}: final release {result.number} ({result.responses} responses)")


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
        with file.open(encoding="utf-8-sig") as lines, force_locale(Language.EN):  # -sig: a BOM from Windows editors
            count = import_responses(survey.definition, lines, today=utcnow().date())
    except (SurveyError, ImportRefused) as exc:
        fail(f"{file}: nothing was imported.\n{exc}")
    except UnicodeDecodeError:
        fail(f"{file}: nothing was imported: the file is not UTF-8 text.")
    click.echo(f"{survey_id}: imported {count} {'response' if count == 1 else 'responses'}")


@click.group("db")
@with_appcontext
def db_group() -> None:
    """The database schema."""
    from flask import g
    g.directory, g.x_arg = None, ()  # what Flask-Migrate's commands below expect


@db_group.command("upgrade")
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it, for a database administrator.")
@with_appcontext
def upgrade_command(sql: bool) -> None:
    """Create or upgrade the database schema: run the migrations it has not had yet."""
    from .schema import SchemaError, migrate_schema
    if sql:
        import flask_migrate
        flask_migrate.upgrade(sql=True)
        return
    try:
        change = migrate_schema()
    except SchemaError as exc:
        fail(str(exc))
    if change.before == change.after:
        click.echo(f"database schema is up to date (revision {change.after})")
    else:
        click.echo(f"database schema upgraded from {change.before or 'nothing'} to revision {change.after}")


def _add_migration_tools() -> None:
    """Alembic's own commands, for developers: survey db revision --autogenerate, current, ..."""
    from flask_migrate.cli import db as migrate_group
    for name, tool in migrate_group.commands.items():
        if name not in ("init", "list-templates", "upgrade"):
            db_group.add_command(tool, name)


_add_migration_tools()


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Copy the SQLite database into FILE while Llais keeps running (PostgreSQL: pg_dump)."""
    from .backup import BackupError, backup
    try:
        click.echo(f"backed up to {backup(file)}")
    except BackupError as exc:
        fail(str(exc))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: everything in the database is replaced.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the SQLite database's contents with a backup made by `survey backup`."""
    from .backup import BackupError, restore
    from .schema import upgrade_schema
    if not yes:
        fail("Restoring replaces every survey and response in the database with the backup's.\n"
             "Stop Llais, back up the current database, then run this again with --yes.")
    try:
        restored = restore(file)
    except BackupError as exc:
        fail(str(exc))
    upgrade_schema()
    click.echo(f"restored {restored} from {file}")


COMMANDS: list[click.Command] = [check_command, load_command, open_command, close_command,
                                 responses_group, db_group, backup_command, restore_command]


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app
    from .config import UnsafeSettings
    try:
        return create_app()
    except UnsafeSettings as refused:  # the reason, without a traceback (also under --help)
        raise NoAppException(str(refused)) from None


cli = FlaskGroup(create_app=_create_app, add_default_commands=False,
                 help="Llais: bilingual public consultation surveys.")


def _run_after_upgrade() -> click.Command:
    """Flask's development server, started once the database schema is up to date."""
    from flask.cli import ScriptInfo, run_command

    def run(*args: Any, **kwargs: Any) -> Any:
        app = click.get_current_context().ensure_object(ScriptInfo).load_app()
        with app.app_context():
            from .schema import SchemaError, migrate_schema
            from .extensions import db
            try:
                migrate_schema()
            except SchemaError as exc:
                fail(str(exc))
            db.engine.dispose()  # the server opens connections of its own
        return run_command.callback(*args, **kwargs)  # type: ignore[misc]
    return click.Command("run", callback=run, params=run_command.params, help=run_command.help,
                         short_help="Upgrade the database, then run a development server.")


def main() -> None:
    from .config import UnsafeSettings, from_environment, refuse_unsafe_settings
    try:  # before any command (or --help) loads the application: one clear line, then stop
        refuse_unsafe_settings(from_environment(instance_path="instance"))
    except UnsafeSettings as refused:
        fail(f"Error: {refused}")
    cli.add_command(_run_after_upgrade())
    cli.main(prog_name="survey")
