"""The `survey release`, `survey export`, `survey export-comments` and `survey purge` commands.

Each records who ran it in the audit log: `--as EMAIL`, or else the operating-system user.
"""
from __future__ import annotations

import getpass
import json
from pathlib import Path

import click

from ..cli import fail, needs_database
from ..models import utcnow
from ..vocabulary import Language
from . import ExportError
from .comments import write_comments_export
from .export import write_export
from .releases import NotEnough, ReleaseError, cut_release, due_releases
from .retention import purge

OUT = click.Path(file_okay=False, path_type=Path)
AS = click.option("--as", "actor", metavar="EMAIL", help="Who is running this, for the audit log "
                  "(default: the operating-system user).")
RELEASE = click.option("--release", type=int, help="The release to export (default: the latest).")


def actor_of(given: str | None) -> str:
    """The person a command runs as: --as, else the operating-system user."""
    if given:
        return given
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:unknown"


@click.command("release")
@click.argument("survey_id", required=False)
@click.option("--due", is_flag=True, help="Cut one for each open survey whose last release is a week old.")
@AS
@needs_database
def release_command(survey_id: str | None, due: bool, actor: str | None) -> None:
    """Cut a release of a survey: every figure published comes from one."""
    today = utcnow().date()
    if due:
        for result in due_releases(today, actor_of(actor)):
            click.echo(str(result) if isinstance(result, NotEnough)
                       else f"{result.survey_id}: release {result.number} ({result.responses} responses)")
        return
    if not survey_id:
        fail("name a survey, or give --due")
    try:
        release = cut_release(survey_id, today, actor_of(actor))
    except ReleaseError as exc:
        fail(f"no release was cut: {exc}")
    click.echo(f"{survey_id}: release {release.number} ({release.responses} responses, "
               f"{release.new_responses} new)")


@click.command("export")
@click.argument("survey_id")
@click.option("--lang", type=click.Choice([lang.value for lang in Language]), default=Language.CY.value,
              show_default=True, help="The language of the labels.")
@click.option("--min-cell", type=int, help="Published figures under this are written [c]; "
              "the survey's own minimum cell (default 10) may be raised, never lowered.")
@click.option("--by", "by", multiple=True, metavar="BREAKDOWN",
              help="channel, language, site, month, or a single-choice question marked breakdown: true.")
@click.option("--out", type=OUT, help="The folder to write into (default: a new one under exports/).")
@RELEASE
@AS
@needs_database
def export_command(survey_id: str, lang: str, min_cell: int | None, by: tuple[str, ...], out: Path | None,
                   release: int | None, actor: str | None) -> None:
    """Write an anonymised aggregate export of a release and print its folder."""
    try:
        folder = write_export(survey_id, lang=lang, min_cell=min_cell, by=by, out_dir=out, release=release,
                              actor=actor_of(actor))
    except ExportError as exc:
        fail(f"{survey_id}: no export was made: {exc}")
    click.echo(str(folder))  # standard output holds the folder alone, for scripts
    disclosure = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["disclosure"]
    click.echo(f"{survey_id}: release {disclosure['release']}, cut on {disclosure['released_on']}", err=True)


@click.command("export-comments")
@click.argument("survey_id")
@click.option("--lang", type=click.Choice([lang.value for lang in Language]), default=Language.CY.value,
              show_default=True, help="The language of the question texts.")
@click.option("--out", type=OUT, help="The folder to write into (default: a new one under exports/comments/).")
@RELEASE
@AS
@needs_database
def export_comments_command(survey_id: str, lang: str, out: Path | None, release: int | None,
                            actor: str | None) -> None:
    """Write the free-text comments of a release, detached and redacted, and print the folder."""
    try:
        folder = write_comments_export(survey_id, out_dir=out, lang=lang, release=release, actor=actor_of(actor))
    except ExportError as exc:
        fail(f"{survey_id}: no export was made: {exc}")
    click.echo(str(folder))


@click.command("purge")
@needs_database
def purge_command() -> None:
    """Delete responses older than their survey's retention_days, and drafts idle over a day."""
    purged = purge(utcnow().date())
    for survey_id, count in purged.responses.items():
        click.echo(f"{survey_id}: deleted {count} responses and {purged.comments[survey_id]} comments")
    click.echo(f"deleted {purged.drafts} abandoned partial answers")


COMMANDS = [release_command, export_command, export_comments_command, purge_command]
