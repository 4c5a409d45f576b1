"""Rate limits per client: respondents' answers and submissions, staff sign-in; kiosks never."""
from __future__ import annotations

import uuid
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.definition import SurveyDefinition
from survey.extensions import db
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
REDIS = "redis://127.0.0.1:6379/0"
LIMITS = {"RATELIMIT_ENABLED": True, "RATELIMIT_RESPOND": "3 per minute", "RATELIMIT_SUBMIT": "2 per minute",
          "RATELIMIT_SIGN_IN": "2 per minute"}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Limits switched on (tests otherwise run without them), and low."""
    return {**app_config, **LIMITS}


def redis_or_skip() -> Any:
    import redis
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


def answer(client: FlaskClient, lang: str = "en", **environ: str) -> int:
    you = Respondent(client, BASE)
    return you.post(f"/{lang}/p/what-you-have-seen", {"seen-dealing": "no"}, environ_base=environ).status_code


def test_answers_are_limited_per_client_with_the_error_page(client: FlaskClient,
                                                             conformance: SurveyDefinition) -> None:
    assert [answer(client) for _ in range(3)] == [302] * 3
    you = Respondent(client, BASE)
    refused = you.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    assert refused.status_code == 429
    assert "Too many tries" in text_of(refused) and '<html lang="en">' in text_of(refused)
    assert int(refused.headers["Retry-After"]) > 0
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    welsh = you.post("/cy/p/what-you-have-seen", {"seen-dealing": "no"})
    assert welsh.status_code == 429 and '<html lang="cy">' in text_of(welsh)
    assert you.get("/en/p/services").status_code == 200  # reading pages is never limited
    assert answer(client, REMOTE_ADDR="198.51.100.7") == 302  # another client has a count of its own


def test_submissions_are_limited_even_when_the_form_is_bad(client: FlaskClient,
                                                           conformance: SurveyDefinition) -> None:
    statuses = [client.post(f"{BASE}/en/check", data={"submission_key": "x"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]  # counted before the CSRF check: floods of junk count too


def test_staff_sign_in_is_limited(client: FlaskClient, app: Flask) -> None:
    if "admin.sign_in" not in app.view_functions:
        pytest.skip("no admin sign-in in this build")
    wrong = {"email": "someone@example.org", "password": "wrong" * 3}
    tries = [client.post("/admin/sign-in", data=wrong).status_code for _ in range(3)]
    assert 429 not in tries[:2] and tries[2] == 429


def test_kiosks_are_never_limited_per_address(client: FlaskClient, conformance: SurveyDefinition, app: Flask) -> None:
    """A kiosk is many people behind one address (its link has limits of its own: tests/kiosk/test_limits.py)."""
    from survey.kiosk.links import create_link
    token = create_link(conformance.id, "Canolfan Aberystwyth").token
    db.session.commit()
    kiosk = Respondent(client, f"/k/{token}")
    statuses = [kiosk.post("/en/p/what-you-have-seen", {"seen-dealing": "no"}).status_code for _ in range(8)]
    assert 429 not in statuses and set(statuses) == {302}


def test_limits_are_off_in_tests_and_on_in_production(make_app: Callable[..., Flask]) -> None:
    assert make_app(RATELIMIT_ENABLED=None).config["RATELIMIT_ENABLED"] is False
    served = make_app(RATELIMIT_ENABLED=None, TESTING=False)
    assert served.config["RATELIMIT_ENABLED"] is True
    assert served.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_redis_counts_are_shared_between_servers_and_hold_no_address(make_app: Callable[..., Flask]) -> None:
    """Two application instances sharing the database and a Redis, as two servers would."""
    redis = redis_or_skip()
    settings = {"RATELIMIT_STORAGE_URI": REDIS, "SECRET_KEY": f"redis-test-{uuid.uuid4().hex}"}
    servers = [make_app(survey=True, **settings), make_app(**settings)]
    clients = [server.test_client() for server in servers]
    statuses = [answer(clients[n % 2]) for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    keys = [k.decode() for k in redis.keys("*/llais/*")]
    assert keys and not any("127.0.0.1" in k for k in keys)


def test_an_unreachable_redis_never_blocks_a_response(make_app: Callable[..., Flask]) -> None:
    client = make_app(survey=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0").test_client()
    assert [answer(client) for _ in range(5)] == [302] * 5


def test_production_counting_in_memory_says_so_at_start_up(make_app: Callable[..., Flask],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """gunicorn.conf.py refuses several workers; any other server still hears it at start-up."""
    with caplog.at_level("WARNING", logger="survey.limits"):
        make_app(LLAIS_ENV="production", TESTING=False, RATELIMIT_STORAGE_URI="memory://")
    assert "every worker and server counts apart" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="survey.limits"):
        make_app(LLAIS_ENV="production", TESTING=False, RATELIMIT_STORAGE_URI=REDIS)
        make_app(TESTING=False, RATELIMIT_STORAGE_URI="memory://")  # development: one process
    assert "counts apart" not in caplog.text
