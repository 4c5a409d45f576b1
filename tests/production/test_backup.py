"""Backup and restore: a restored database exports exactly what the original did."""
from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest
import sqlalchemy as sa
from flask import Flask

from survey.extensions import db
from survey.models import Response
from survey.results.comments import write_comments_export
from survey.results.export import write_export
from tests.conftest import POSTGRES_URL
from tests.helpers import Respondent

BASE = "/s/conformance-check"
AREAS = ["powys", "ceredigion", "pembrokeshire"]


def respond(app: Flask, count: int, start: int = 0) -> None:
    """`count` people answer, each on their own device, a little differently; some write a comment."""
    for n in range(start, start + count):
        you = Respondent(app.test_client(), BASE)
        lang = "cy" if n % 3 else "en"
        comment = f"Sylw rhif {n}: ffoniwch 01970 123456" if n % 5 else ""
        for page, answers in [("your-area", {"area": AREAS[n % 3], "feel-safe__daytime": str(1 + n % 5)}),
                              ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": str(n + 1)}),
                              ("services", {"used-services": ["none"]}),
                              ("about-you", {"age-band": "35-54", "comments": comment})]:
            response = you.post(f"/{lang}/p/{page}", answers)
            assert response.status_code == 302, (n, page, you.errors(response))
        assert you.submit(lang).status_code == 302


def exported(app: Flask, out: Path, survey_id: str = "conformance-check") -> dict[str, Any]:
    """Everything the exports say, ready to compare (the time each was made left out)."""
    with app.app_context():
        return _exported(survey_id, out)


def responses(app: Flask) -> int:
    with app.app_context():
        return db.session.query(Response).count()


def _exported(survey_id: str, out: Path) -> dict[str, Any]:
    folder = write_export(survey_id, lang="en", by=("channel", "language"), out_dir=out / "aggregates")
    comments = write_comments_export(survey_id, out_dir=out / "comments")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("created_at")
    return {"aggregates.csv": (folder / "aggregates.csv").read_bytes(),
            "codebook.csv": (folder / "codebook.csv").read_bytes(), "manifest": manifest,
            "comments.csv": (comments / "comments.csv").read_bytes()}


@pytest.mark.sqlite_only  # SQLite's online backup (PostgreSQL: pg_dump, below)
def test_sqlite_backup_while_running_and_restore(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(survey=True)
    runner = app.test_cli_runner()
    respond(app, 25)
    assert runner.invoke(args=["release", "conformance-check"]).exit_code == 0  # 20 comments among them
    before = exported(app, tmp_path / "before")
    backup_file = tmp_path / "backups" / "llais-2026-11-28.db"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.is_file() and not backup_file.with_name(backup_file.name + "-wal").exists()
    again = runner.invoke(args=["backup", str(backup_file)])
    assert again.exit_code == 1 and "exists already" in again.output  # never overwrites a backup

    respond(app, 2, start=25)  # life goes on after the backup
    assert responses(app) == 27

    refused = runner.invoke(args=["restore", str(backup_file)])
    assert refused.exit_code == 1 and "--yes" in refused.output
    restored = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert responses(app) == 25
    assert exported(app, tmp_path / "restored") == before
    respond(app, 1, start=30)  # the restored database serves respondents
    assert responses(app) == 26

    elsewhere = tmp_path / "new-server.db"  # the backup, restored on a new machine
    shutil.copy(backup_file, elsewhere)
    fresh = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{elsewhere}")
    assert exported(fresh, tmp_path / "elsewhere") == before


@pytest.mark.sqlite_only
def test_restore_refuses_what_is_not_a_llais_backup(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    runner = make_app(schema=True).test_cli_runner()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nothing.db"), "--yes"])
    assert missing.exit_code == 1 and "no such file" in missing.output


def libpq(url: str) -> str:
    return sa.engine.make_url(url).set(drivername="postgresql", query={}).render_as_string(hide_password=False)


@pytest.mark.postgresql_only  # pg_dump and pg_restore
def test_postgres_backup_with_pg_dump_and_restore(make_app: Callable[..., Flask], tmp_path: Path,
                                                  database_url: str) -> None:
    app = make_app(survey=True)
    guidance = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])
    assert guidance.exit_code == 1 and "pg_dump --format=custom" in guidance.output
    respond(app, 25)
    assert app.test_cli_runner().invoke(args=["release", "conformance-check"]).exit_code == 0
    before = exported(app, tmp_path / "before")
    schema = sa.engine.make_url(database_url).query["options"].split("=")[-1]
    dump = tmp_path / "llais.dump"
    # The README's command (with --schema only because each test has a schema of its own here).
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", f"--schema={schema}", libpq(POSTGRES_URL)],
                   check=True, timeout=120)
    target = f"llais_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {target}"))
    restored_url = sa.engine.make_url(database_url).set(database=target).render_as_string(hide_password=False)
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq(restored_url)}", str(dump)],
                       check=True, timeout=120)
        restored = make_app(SQLALCHEMY_DATABASE_URI=restored_url)
        assert responses(restored) == 25
        assert exported(restored, tmp_path / "restored") == before
        with restored.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)"))
        admin.dispose()
