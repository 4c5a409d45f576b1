"""Llais installs from its wheel: built from this checkout, installed in a fresh virtual environment
with its dependencies from the package index, it upgrades a database (the suite's: SQLite, or
PostgreSQL through the wheel's own driver), loads an example survey and serves it in Welsh, run
from a folder outside the checkout.

That test takes about a minute (installing the dependencies is most of it); `-m "not packaging"`
leaves it out of a quick run, and every full run has it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests
from babel.messages.pofile import read_po

from survey import paths
from tests.production.realserver import free_port

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
SURVEY_ID = "drugs-in-our-communities"
# interface text drawn by templates and translated by the compiled catalogue (not the survey's own text)
INTERFACE = ("Skip to main content", "Start now", "Leave quickly")
IN_THE_WHEEL = ("survey/templates/base.html", "survey/templates/respond/start.html",
                "survey/translations/cy/LC_MESSAGES/messages.mo", "survey/migrations/env.py",
                "survey/migrations/alembic.ini", "survey/static/llais.css",
                f"survey/examples/{SURVEY_ID}.yaml")



def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def welsh(msgids: tuple[str, ...]) -> dict[str, str]:
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    return {msgid: catalogue[msgid].string for msgid in msgids}


def build_wheel(out: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)], cwd=out)
    [wheel] = out.glob("llais-*.whl")
    return wheel


def serve(bin_dir: Path, env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`survey run` from the installed package, once it answers."""
    url = f"http://127.0.0.1:{free_port()}"
    log = cwd / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen([str(bin_dir / "survey"), "run", "--host", "127.0.0.1", "--port", url.rsplit(":", 1)[1]],
                                  cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    server.wait(timeout=10)
    raise AssertionError(f"survey run did not start:\n{log.read_text(errors='replace')}")


def test_a_checkout_uses_its_own_top_level_folders() -> None:
    assert not paths.INSTALLED
    for name in ("templates", "translations", "migrations"):
        assert paths.folder(name) == ROOT / name
    assert paths.exports_folder("instance") == ROOT / "exports"


@pytest.mark.packaging
def test_the_wheel_installs_and_serves_a_survey_in_welsh(database_url: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [name for name in IN_THE_WHEEL if name not in names]
    assert not [name for name in names if name.endswith((".po", ".pyc"))], "only the compiled catalogue ships"

    venv, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    run([sys.executable, "-m", "venv", str(venv)], cwd=elsewhere)
    bin_dir = venv / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel)], cwd=elsewhere)

    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("LLAIS_", "RATELIMIT_", "REDIS_", "PYTHON", "VIRTUAL_ENV", "FLASK_"))}
    env.update(LLAIS_ENV="development", DATABASE_URL=database_url,
               LLAIS_EXPORT_DIR=str(elsewhere / "exports"), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    package = Path(run([str(bin_dir / "python"), "-c", "import survey; print(survey.__file__)"], elsewhere, env).strip())
    assert package.parent.is_relative_to(venv), "the installed package, not this checkout"

    assert "upgraded from nothing" in run([str(bin_dir / "survey"), "db", "upgrade"], elsewhere, env)
    example = package.parent / "examples" / f"{SURVEY_ID}.yaml"
    assert "loaded (open)" in run([str(bin_dir / "survey"), "load", "--open", str(example)], elsewhere, env)

    server, url = serve(bin_dir, env, elsewhere)
    try:
        page = requests.get(f"{url}/s/{SURVEY_ID}/cy", timeout=30)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
    assert page.status_code == 200, page.text[:2000]
    assert '<html lang="cy">' in page.text
    for english, cymraeg in welsh(INTERFACE).items():
        assert cymraeg and cymraeg in page.text and english not in page.text, english
