"""Backups of a SQLite database, taken and restored while Llais runs (SQLite's online backup API).

PostgreSQL is backed up with its own tools (pg_dump and pg_restore: see the README);
postgres_commands() prints the commands for the configured database.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from .extensions import db


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


def _sqlite_file(url: URL) -> Path:
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"`survey backup` and `survey restore` work on SQLite; this database is "
                          f"{url.get_backend_name()}.\n{postgres_commands(url)}")
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def _check_llais_database(connection: sqlite3.Connection, what: str) -> None:
    try:
        ok = connection.execute("PRAGMA quick_check").fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{what} is not a SQLite database ({exc}).") from None
    if not ok or ok[0] != "ok":
        raise BackupError(f"{what} is damaged: {ok[0] if ok else 'no answer'}.")
    if "surveys" not in tables or "responses" not in tables:
        raise BackupError(f"{what} is not a Llais database (it has no surveys or responses table).")


def backup(target: Path) -> Path:
    """Copy the live SQLite database into a new file, consistently, while others keep writing."""
    source_file = _sqlite_file(db.engine.url)
    target = target.resolve()
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    if target == source_file.resolve():
        raise BackupError("The backup must not be the database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    partial = Path(partial_name)
    try:
        with sqlite3.connect(source_file) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            _check_llais_database(copy, "The backup")
        source.close()
        copy.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path) -> Path:
    """Replace the live SQLite database's contents with a backup's, page by page, under a lock."""
    live_file = _sqlite_file(db.engine.url)
    if not source.is_file():
        raise BackupError(f"{source}: no such file.")
    with sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True) as backup_file:
        _check_llais_database(backup_file, str(source))
        db.session.remove()
        db.engine.dispose()  # no pooled connection keeps pages of the old database
        with sqlite3.connect(live_file, timeout=30) as live:
            backup_file.backup(live)
        live.close()
    backup_file.close()
    return live_file


def postgres_commands(url: URL | str) -> str:
    """The pg_dump and pg_restore commands for a PostgreSQL database, password left out."""
    url = make_url(url) if isinstance(url, str) else url
    plain = url.set(drivername="postgresql", password=None, query={})
    target = plain.render_as_string(hide_password=False)
    return ("For PostgreSQL use its own tools, with the server running:\n"
            f"  pg_dump --format=custom --file=llais.dump '{target}'\n"
            "and to restore into an empty database (stop Llais first):\n"
            f"  pg_restore --clean --if-exists --no-owner --dbname='{target}' llais.dump\n"
            "then run `survey db upgrade`.")
