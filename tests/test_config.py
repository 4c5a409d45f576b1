"""Start-up settings: the public development key only in development, a real key everywhere else."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from survey import create_app
from survey.config import DEVELOPMENT_SECRET_KEY, UnsafeSettings, check_server

REAL_KEY = "k" * 32


@pytest.fixture
def start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """create_app as a server starts it: settings from the environment only."""
    for name in ("LLAIS_ENV", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'start.db'}")

    def start_with(**environment: str) -> Any:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return create_app()
    return start_with


@pytest.mark.parametrize("environment", [
    {},                                                          # LLAIS_ENV not set at all
    {"LLAIS_ENV": "production"},
    {"LLAIS_ENV": "production", "SECRET_KEY": "short-key"},
    {"LLAIS_ENV": "production", "SECRET_KEY": "é" * 15},        # 30 bytes, though 15 characters
    {"LLAIS_ENV": "production", "SECRET_KEY": DEVELOPMENT_SECRET_KEY},
    {"SECRET_KEY": "x" * 31},
])
def test_no_start_without_a_real_key_outside_development(start: Any, environment: dict[str, str]) -> None:
    with pytest.raises(UnsafeSettings, match="SECRET_KEY must be a random value of at least 32 bytes"):
        start(**environment)


@pytest.mark.parametrize("value", ["staging", "Production", "prod", "dev", "test"])
def test_an_unknown_environment_is_refused_by_name(start: Any, value: str) -> None:
    """Before, any value but exactly "production" ran on the public development key."""
    with pytest.raises(UnsafeSettings, match="LLAIS_ENV is"):
        start(LLAIS_ENV=value, SECRET_KEY=REAL_KEY)


def test_development_asked_for_by_name_runs_on_the_development_key(start: Any) -> None:
    assert start(LLAIS_ENV="development").config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


@pytest.mark.parametrize("environment", [{"LLAIS_ENV": "production"}, {}, {"LLAIS_ENV": "development"}])
def test_a_key_of_32_bytes_starts_anywhere(start: Any, environment: dict[str, str]) -> None:
    assert start(SECRET_KEY=REAL_KEY, **environment).config["SECRET_KEY"] == REAL_KEY


@pytest.mark.parametrize("arguments", [["--help"], ["kiosk", "list"]])
def test_the_command_line_says_why_without_a_traceback(tmp_path: Path, arguments: list[str]) -> None:
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "LLAIS_ENV")}
    done = subprocess.run([str(Path(sys.executable).with_name("survey")), *arguments], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: SECRET_KEY must be a random value of at least 32 bytes")
    assert "Traceback" not in done.stderr and done.stdout == ""


# ---------------------------------------------------------------- the server's own checks (gunicorn.conf.py)

PRODUCTION = {"LLAIS_ENV": "production", "RATELIMIT_ENABLED": None, "RATELIMIT_STORAGE_URI": "memory://",
              "TRUSTED_PROXIES": 1}


def test_several_workers_counting_apart_in_memory_are_refused_in_production() -> None:
    with pytest.raises(UnsafeSettings, match="counted apart by each of the 4 workers"):
        check_server(4, ["127.0.0.1:8000"], PRODUCTION)


@pytest.mark.parametrize("workers, settings", [
    (1, PRODUCTION),                                                     # one worker: one count
    (4, {**PRODUCTION, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}),
    (4, {**PRODUCTION, "RATELIMIT_ENABLED": False}),                     # no limits to keep whole
    (4, {**PRODUCTION, "LLAIS_ENV": "development"}),
])
def test_what_keeps_one_count_starts(workers: int, settings: dict[str, Any]) -> None:
    assert check_server(workers, ["127.0.0.1:8000"], settings) == []


@pytest.mark.parametrize("bind, warned", [
    ("0.0.0.0:8000", True), ("[::]:8000", True), ("198.51.100.20:8000", False), ("8.8.8.8:8000", True),
    ("127.0.0.1:8000", False), ("[::1]:8000", False), ("10.0.0.5:8000", False), ("unix:/run/llais.sock", False),
    ("llais-app:8000", False),
])
def test_trusting_a_proxy_while_listening_to_everyone_is_warned_about(bind: str, warned: bool) -> None:
    warnings = check_server(1, [bind], PRODUCTION)
    assert bool(warnings) == warned, warnings
    assert bool(check_server(1, [bind], {**PRODUCTION, "TRUSTED_PROXIES": 0})) is False
