"""No lost or duplicated response, against a real server (gunicorn, several workers) on the test database.

Set up with the operator's own commands (`survey db upgrade`, `survey load --open`), then driven
over HTTP by many respondents at once.
"""
from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL
from tests.production.realserver import (CONFORMANCE, Server, WebRespondent, environment,
                                         start_gunicorn, survey_command)

RESPONDENTS = 32
CUTS = 8
GENEROUS = {"LLAIS_RATELIMIT_RESPOND": "100000 per minute", "LLAIS_RATELIMIT_SUBMIT": "100000 per minute"}


def prepare(database_url: str, tmp_path: Path, **settings: str) -> dict[str, str]:
    env = environment(database_url, tmp_path, **settings)
    assert "upgraded from nothing to revision" in survey_command(env, "db", "upgrade")
    survey_command(env, "load", "--open", str(CONFORMANCE))
    return env


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    server = start_gunicorn(prepare(database_url, tmp_path, **GENEROUS), tmp_path)
    try:
        yield server, database_url
    finally:
        server.stop()


def stored_numbers(database_url: str) -> list[int]:
    """Each stored response's answer to 'about how many times' (unique to each respondent)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            numbers = connection.execute(sa.text(
                "SELECT number FROM answers WHERE question_id = 'times-seen'")).scalars().all()
            responses = connection.execute(sa.text("SELECT count(*) FROM responses")).scalar_one()
    finally:
        engine.dispose()
    assert responses == len(numbers), "a response without its answers, or answers without a response"
    return sorted(int(n) for n in numbers)


def stored_groups(database_url: str) -> list[tuple[str, int]]:
    """Each language's response groups: how many rows there are of each."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(
                "SELECT language, count(*) FROM response_groups GROUP BY language ORDER BY language"))]
    finally:
        engine.dispose()


def run_together(respondents: list[WebRespondent], patience: int = 1) -> list[bool]:
    """Every respondent answers and submits at the same moment; which were acknowledged."""
    start = threading.Barrier(len(respondents))

    def answer(person: WebRespondent) -> bool:
        start.wait(timeout=60)
        person.answer_pages(patience)
        return person.submit(patience)

    with ThreadPoolExecutor(len(respondents)) as pool:
        return list(pool.map(answer, respondents))


def test_concurrent_respondents_are_all_stored_once(served: tuple[Server, str]) -> None:
    server, database_url = served
    people = [WebRespondent(server.url, number=n + 1, lang="cy" if n % 2 else "en") for n in range(RESPONDENTS)]
    acknowledged = run_together(people)
    assert all(acknowledged)
    assert [s for p in people for s in p.statuses if s >= 500] == []
    assert stored_numbers(database_url) == [p.number for p in people]
    # Everyone answered alike but for language: two response groups, each added once by whoever
    # came first while the others waited for it (no error, no duplicate).
    assert stored_groups(database_url) == [("cy", 1), ("en", 1)]
    logs = server.logs()
    assert "Traceback" not in logs and " 500 " not in logs
    assert "127.0.0.1" not in server.access_log.read_text(), "the access log holds addresses"
    assert "marker-" not in logs, "an answer reached the logs"


def test_the_same_submission_sent_at_once_is_stored_once(served: tuple[Server, str]) -> None:
    server, database_url = served
    person = WebRespondent(server.url, number=7)
    person.answer_pages()
    form = person.check_form()
    presses = 8
    start = threading.Barrier(presses)

    def press(_: int) -> requests.Response:
        clicker = WebRespondent(server.url, number=7)
        clicker.http.cookies.update(person.http.cookies)
        start.wait(timeout=60)
        return clicker.post_check(form)

    with ThreadPoolExecutor(presses) as pool:
        answers = list(pool.map(press, range(presses)))
    assert [r.status_code for r in answers] == [302] * presses
    assert all(person.acknowledged(r) for r in answers), [r.headers.get("Location") for r in answers]
    assert stored_numbers(database_url) == [7]
    # A refresh or a replay much later still stores nothing new, and still says thank you.
    assert person.acknowledged(person.post_check(form))
    assert stored_numbers(database_url) == [7]


@pytest.mark.postgresql_only  # cuts PostgreSQL connections
def test_postgres_connections_cut_mid_run_lose_nothing_acknowledged(database_url: str, tmp_path: Path) -> None:
    name = f"llais_cut_{uuid.uuid4().hex[:8]}"
    url = f"{database_url}&application_name={name}"
    server = start_gunicorn(prepare(url, tmp_path, **GENEROUS), tmp_path)
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    cuts: list[int] = []
    finished = threading.Event()

    def cut_connections() -> None:
        """Cut every connection of the server's, a few times while respondents are busy."""
        with admin.connect() as connection:
            for _ in range(CUTS):
                if finished.wait(timeout=0.4):
                    break
                killed = connection.execute(sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = :name"), {"name": name}).scalar_one()
                cuts.append(int(killed))

    cutter = threading.Thread(target=cut_connections, daemon=True)
    try:
        people = [WebRespondent(server.url, number=n + 1) for n in range(RESPONDENTS)]
        cutter.start()
        acknowledged = run_together(people, patience=40)
    finally:
        finished.set()
        cutter.join(timeout=10)
        server.stop()
        admin.dispose()
    assert sum(cuts) > 0, "no connection was cut: the test proves nothing"
    assert sum(p.retries for p in people) > 0, "no request met a cut connection"
    assert [s for p in people for s in p.statuses if s >= 500 and s != 503] == []
    assert all(acknowledged), [p.refusal for p in people if p.refusal]
    assert stored_numbers(database_url) == [p.number for p in people]


def test_limits_in_redis_hold_across_workers(database_url: str, tmp_path: Path) -> None:
    """With Redis, a client's count is shared by every worker (in memory, each would count alone)."""
    import redis
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    env = prepare(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:6379/0",
                  LLAIS_RATELIMIT_SUBMIT="4 per minute", SECRET_KEY=f"redis-{uuid.uuid4().hex}")
    server = start_gunicorn(env, tmp_path, workers=3, threads=1)
    try:
        statuses = []
        for _ in range(10):  # a new connection each time, so that different workers answer
            with requests.Session() as http:
                statuses.append(http.post(f"{server.url}/s/conformance-check/en/check",
                                          data={"submission_key": "x"}, timeout=30).status_code)
        refused = requests.post(f"{server.url}/s/conformance-check/cy/check", data={}, timeout=30)
    finally:
        server.stop()
    assert statuses == [400] * 4 + [429] * 6  # counted before the (missing) CSRF token is refused
    assert refused.status_code == 429 and '<html lang="cy">' in refused.text
    assert "Retry-After" in refused.headers
    assert "Traceback" not in server.logs()
