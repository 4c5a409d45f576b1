"""`survey kiosk create|list|revoke`: kiosk links from the command line."""
from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app

from ..audit import SYSTEM
from ..cli import fail, needs_database
from .links import KioskError, LinkInfo, create_link, get_link, link_url, list_links, revoke_link

DATE_FORMAT = "%Y-%m-%d"


def base_url() -> str:
    return str(current_app.config.get("BASE_URL") or "http://127.0.0.1:5000")


@click.group("kiosk")
def kiosk_group() -> None:
    """Kiosk links for service sites: create, list, revoke."""


@kiosk_group.command("create")
@click.argument("survey_id")
@click.option("--site", required=True, help="The service site where the kiosk stands.")
@click.option("--expires", type=click.DateTime(formats=[DATE_FORMAT]), default=None,
              help="The last day the link works (YYYY-MM-DD, Europe/London).")
@needs_database
def create_command(survey_id: str, site: str, expires: datetime | None) -> None:
    """Make a kiosk link for a survey and print its full address."""
    expires_on: date | None = expires.date() if expires else None
    try:
        link = create_link(survey_id, site, expires_on, actor=SYSTEM)
    except KioskError as exc:
        fail(f"No kiosk link was made: {exc}.")
    ends = f"until the end of {expires_on.isoformat()}" if expires_on else "until it is revoked"
    click.echo(f"Kiosk link for {link.site} ({survey_id}), working {ends}:", err=True)
    click.echo(link_url(link.token, base_url()))


def _row(info: LinkInfo) -> list[str]:
    link = info.link
    return [link.token, link.site, link.survey_id, link.created_at.strftime("%Y-%m-%d %H:%M"),
            link.expires_on.isoformat() if link.expires_on else "never", info.status, str(info.responses)]


@kiosk_group.command("list")
@click.option("--survey", "survey_id", default=None, help="Only the links of this survey.")
@needs_database
def list_command(survey_id: str | None) -> None:
    """List kiosk links: site, survey, created, expiry, status and responses so far."""
    infos = list_links(survey_id)
    if not infos:
        click.echo("There are no kiosk links.")
        return
    header = ["token", "site", "survey", "created (UTC)", "expires", "status", "responses"]
    rows = [header] + [_row(info) for info in infos]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@kiosk_group.command("revoke")
@click.argument("token")
@needs_database
def revoke_command(token: str) -> None:
    """End a kiosk link at once."""
    known = get_link(token)
    already = bool(known and known.revoked_at is not None)
    try:
        link = revoke_link(token, actor=SYSTEM)
    except KioskError as exc:
        fail(f"Nothing was revoked: {exc}.")
    verb = "was already revoked" if already else "revoked"
    click.echo(f"Kiosk link for {link.site} ({link.survey_id}) {verb}.")

