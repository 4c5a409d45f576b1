"""The `survey export`, `survey export-comments` and `survey purge` commands."""
from __future__ import annotations

from pathlib import Path

import click

from ..cli import fail, needs_database
from ..models import utcnow
from . import ExportError
from .comments import write_comments_export
from .export import DEFAULT_MIN_CELL, write_export
from .retention import purge

OUT = click.Path(file_okay=False, path_type=Path)


@click.command("export")
@click.argument("survey_id")
@click.option("--lang", type=click.Choice(["cy", "en"]), default="cy", show_default=True,
              help="The language of the labels.")
@click.option("--min-cell", type=int, default=DEFAULT_MIN_CELL, show_default=True,
              help="Counts and bases under this are written [c]; at least 3.")
@click.option("--by", "by", multiple=True, metavar="BREAKDOWN",
              help="channel, language, site, month, or a single-choice question marked breakdown: true.")
@click.option("--out", type=OUT, help="The folder to write into (default: a new one under exports/).")
@needs_database
def export_command(survey_id: str, lang: str, min_cell: int, by: tuple[str, ...], out: Path | None) -> None:
    """Write an anonymised aggregate export and print its folder."""
    try:
        folder = write_export(survey_id, lang=lang, min_cell=min_cell, by=by, out_dir=out)
    except ExportError as exc:
        fail(f"{survey_id}: no export was made: {exc}")
    click.echo(str(folder))


@click.command("export-comments")
@click.argument("survey_id")
@click.option("--lang", type=click.Choice(["cy", "en"]), default="cy", show_default=True,
              help="The language of the question texts.")
@click.option("--out", type=OUT, help="The folder to write into (default: a new one under exports/comments/).")
@needs_database
def export_comments_command(survey_id: str, lang: str, out: Path | None) -> None:
    """Write the free-text comments, detached and redacted, and print the folder."""
    try:
        folder = write_comments_export(survey_id, out_dir=out, lang=lang)
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


COMMANDS = [export_command, export_comments_command, purge_command]
