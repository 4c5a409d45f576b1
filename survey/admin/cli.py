"""`survey users ...`: staff accounts from the command line (the first admin starts here)."""
from __future__ import annotations

import sys

import click
from flask_babel import force_locale

from ..cli import fail, needs_database
from ..vocabulary import Language
from . import accounts


def read_password(email: str) -> str:
    """The password from standard input: asked for twice at a terminal, else the first line."""
    if sys.stdin.isatty():
        return click.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@click.group("users")
def users_group() -> None:
    """Staff accounts for the web console (/admin/)."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True,
              help="admin runs surveys, kiosk links and accounts; analyst reads results and exports; "
                   "translator edits the Welsh text of surveys in the builder.")
@click.option("--can-export-comments", is_flag=True, help="An analyst who may download free-text comments.")
@click.option("--language", type=click.Choice([lang.value for lang in Language]), default=Language.CY.value,
              show_default=True, help="The console's language for this person.")
@needs_database
def create_command(email: str, role: str, can_export_comments: bool, language: str) -> None:
    """Create an account; the password comes from standard input (at least 12 characters)."""
    password = read_password(email)
    with force_locale(Language.EN):
        try:
            user = accounts.create_user(email, password, role, can_export_comments=can_export_comments,
                                        language=language)
        except accounts.AccountError as exc:
            fail(f"{email}: no account was made: {exc}")
    click.echo(f"{user.email}: created ({user.role}{', can export comments' if user.can_export_comments else ''})")


@users_group.command("list")
@needs_database
def list_command() -> None:
    """List the accounts: email, role, comments permission, language and state."""
    for user in accounts.list_users():
        state = "disabled" if user.disabled_at else ("locked" if accounts.is_locked(user) else "active")
        comments = "comments" if user.can_export_comments or user.role == accounts.ADMIN else "-"
        click.echo(f"{user.email}\t{user.role}\t{comments}\t{user.language}\t{state}")


def _user(email: str) -> object:
    user = accounts.find_user(email)
    if user is None:
        fail(f"there is no account {email!r}")
    return user


@users_group.command("disable")
@click.argument("email")
@needs_database
def disable_command(email: str) -> None:
    """Disable an account: it can no longer sign in, and its sessions end at once."""
    user = _user(email)
    accounts.set_disabled(user, True)
    click.echo(f"{user.email}: disabled")


@users_group.command("enable")
@click.argument("email")
@needs_database
def enable_command(email: str) -> None:
    """Enable a disabled account again (and lift any lockout)."""
    user = _user(email)
    accounts.set_disabled(user, False)
    click.echo(f"{user.email}: enabled")


@users_group.command("password")
@click.argument("email")
@needs_database
def password_command(email: str) -> None:
    """Set a new password, read from standard input; the account's sessions end."""
    user = _user(email)
    password = read_password(email)
    with force_locale(Language.EN):
        try:
            accounts.set_password(user, password)
        except accounts.AccountError as exc:
            fail(f"{email}: the password was not changed: {exc}")
    click.echo(f"{user.email}: password changed")
