"""Logs keep no network address (IPv4-mapped IPv6 too), no user agent and no kiosk token.

Unit tests of the filter, then gunicorn itself with its default access-log format (which holds the
client's address, the user agent and the referrer) and with the README's format.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import requests
from flask import Flask

from survey.security import WithoutAddresses, redact
from tests.production.realserver import environment, start_gunicorn, survey_command

TOKEN = "Qx7_kLm-0aZ9bYc8dXe7fWg6"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) LlaisTestAgent/9.9"


@pytest.mark.parametrize("message, expected", [
    ("client ::ffff:192.0.2.1 went away", "client [address] went away"),
    ("from ::FFFF:198.51.100.3:51234", "from [address]:51234"),
    ("64:ff9b::203.0.113.9 (NAT64)", "[address] (NAT64)"),
    ('"GET /k/' + TOKEN + '/en/p/about-you HTTP/1.1" 200', '"GET /k/[token]/en/p/about-you HTTP/1.1" 200'),
    ("POST /k/" + TOKEN + "/reset", "POST /k/[token]/reset"),
    ("GET /k/" + TOKEN + "?x=1", "GET /k/[token]?x=1"),
])
def test_mapped_addresses_and_kiosk_tokens_are_redacted_whole(message: str, expected: str) -> None:
    assert redact(message) == expected


def test_gunicorns_access_atoms_lose_the_address_user_agent_referrer_and_headers(app: Flask) -> None:
    """gunicorn logs access with a mapping of atoms: the filter blanks those that name the client."""
    from gunicorn.glogging import SafeAtoms
    atoms = SafeAtoms({"h": "::ffff:192.0.2.1", "a": AGENT, "f": "https://elsewhere.example/page",
                       "u": "-", "r": f"GET /k/{TOKEN}/en HTTP/1.1", "s": "200", "U": f"/k/{TOKEN}/en",
                       "{user-agent}i": AGENT, "{x-forwarded-for}i": "203.0.113.4", "{cookie}i": "session=abc"})
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1,
                               '%(h)s "%(r)s" %(s)s "%(f)s" "%(a)s" %({User-Agent}i)s %({cookie}i)s %(U)s',
                               None, None)
    record.args = atoms  # as gunicorn passes them (a LogRecord made with a mapping keeps it whole)
    assert WithoutAddresses().filter(record)
    assert record.getMessage() == '- "GET /k/[token]/en HTTP/1.1" 200 "-" "-" - - /k/[token]/en'


def test_the_access_logs_of_a_real_gunicorn_hold_none_of_it(database_url: str, tmp_path: Path) -> None:
    env = environment(database_url, tmp_path)
    survey_command(env, "db", "upgrade")
    server = start_gunicorn(env, tmp_path, workers=1, threads=2)  # gunicorn's default access-log format
    try:
        headers = {"User-Agent": AGENT, "Referer": "https://elsewhere.example/from", "X-Forwarded-For": "192.0.2.77"}
        assert requests.get(f"{server.url}/k/{TOKEN}", headers=headers, timeout=30).status_code == 404
        requests.get(f"{server.url}/healthz", headers=headers, timeout=30)
    finally:
        server.stop()
    access = server.access_log.read_text(errors="replace")
    assert "/k/[token]" in access and "/healthz" in access
    assert TOKEN not in access and "LlaisTestAgent" not in access and "elsewhere.example" not in access
    assert not re.search(r"\d+\.\d+\.\d+\.\d+", access), access


# ---------------------------------------------------------------- gunicorn's start-up check (gunicorn.conf.py)

def test_gunicorn_in_production_refuses_several_workers_counting_apart(database_url: str, tmp_path: Path) -> None:
    """As the README starts it, but without REDIS_URL: each worker would allow the whole sign-in limit."""
    import subprocess
    from tests.production.realserver import BIN, ROOT
    env = environment(database_url, tmp_path, LLAIS_ENV="production", LLAIS_TRUSTED_PROXIES="1")
    done = subprocess.run([str(BIN / "gunicorn"), "--workers", "2", "--bind", "127.0.0.1:0", "--no-control-socket",
                           "wsgi:app"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "counted apart by each of the 2 workers" in done.stderr and "REDIS_URL" in done.stderr
    assert "Booting worker" not in done.stderr


def test_the_development_servers_own_address_stays_in_its_banner(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """Werkzeug prints its warning and the address it listens on as one message."""
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info("%s", "WARNING: This is a development server.\n"
                                           " * Running on http://127.0.0.1:5000\nPress CTRL+C to quit")
        logging.getLogger("werkzeug").info('%s - - "GET / * Running on HTTP/1.1" 404 -', "192.0.2.4")
    assert "http://127.0.0.1:5000" in caplog.text and "192.0.2.4" not in caplog.text
