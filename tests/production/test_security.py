"""Security headers, cookies, the reverse proxy, logs without addresses or answers, outages."""
from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, OperationalError

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Response, TextAnswer
from survey.security import WithoutAddresses, redact
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGES = ["/", "/healthz", BASE, f"{BASE}/en", f"{BASE}/cy/p/your-area", "/en/cookies", "/nowhere",
         "/static/llais.css", "/static/llais.js", "/admin/sign-in"]


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client: FlaskClient, conformance: SurveyDefinition,
                                                     path: str) -> None:
    with client.get(path) as response:
        assert response.status_code < 500
    policy = directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP, in development


def test_error_responses_carry_them_too(client: FlaskClient, conformance: SurveyDefinition) -> None:
    refused = client.post(f"{BASE}/en/p/your-area", data={"area": "powys"})  # no CSRF token
    assert refused.status_code == 400
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]


def test_pages_are_not_kept_in_caches_but_files_are(client: FlaskClient, conformance: SurveyDefinition) -> None:
    assert client.get(f"{BASE}/en").headers["Cache-Control"] == "no-store"
    with client.get("/static/llais.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "a style element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


ALL_TEMPLATES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_no_template_needs_unsafe_inline(template: str) -> None:
    """The policy blocks inline code and styles: a template using them would break in browsers."""
    source = re.sub(r"{#.*?#}", "", (TEMPLATES / template).read_text(encoding="utf-8"), flags=re.S)
    found = [what for what, pattern in INLINE.items() if pattern.search(source)]
    assert found == [], f"templates/{template} has {', '.join(found)}: move it to a file in survey/static/"


def test_rendered_pages_have_no_inline_code(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "3"})
    for path in [f"{BASE}/en", f"{BASE}/cy/p/your-area", f"{BASE}/en/p/services", f"{BASE}/en/check", "/"]:
        html = text_of(client.get(path))
        assert [what for what, pattern in INLINE.items() if pattern.search(html)] == [], path


def test_hsts_over_https_and_in_production_never_in_debug(make_app: Callable[..., Flask],
                                                          client: FlaskClient) -> None:
    assert "max-age=31536000" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]
    production = make_app(schema=True, LLAIS_ENV="production", TESTING=False, RATELIMIT_ENABLED=False)
    assert "Strict-Transport-Security" in production.test_client().get("/").headers
    debugging = make_app(DEBUG=True)
    over_https = debugging.test_client().get("/", base_url="https://localhost")
    assert "Strict-Transport-Security" not in over_https.headers


def session_cookie(response: Any) -> str:
    cookies = [v for v in response.headers.getlist("Set-Cookie") if "session=" in v]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_cookies_in_development_are_httponly_and_lax(client: FlaskClient, conformance: SurveyDefinition) -> None:
    cookie = session_cookie(client.get(f"{BASE}/en/p/your-area"))
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_in_production_are_secure_with_the_host_prefix(make_app: Callable[..., Flask]) -> None:
    production = make_app(survey=True, LLAIS_ENV="production", TESTING=False, RATELIMIT_ENABLED=False)
    cookie = session_cookie(production.test_client().get(f"{BASE}/en/p/your-area", base_url="https://localhost"))
    assert cookie.startswith("__Host-session=")
    assert all(flag in cookie for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"))
    assert "Domain=" not in cookie
    plain = make_app(LLAIS_ENV="production", SECURE_COOKIES=False)  # an operator's explicit choice
    assert plain.config["SESSION_COOKIE_NAME"] == "session" and not plain.config["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/static/llais.css", BASE, "/nowhere"])
def test_no_cookie_before_one_is_needed(client: FlaskClient, conformance: SurveyDefinition, path: str) -> None:
    with client.get(path) as response:
        assert response.headers.getlist("Set-Cookie") == []


def test_the_reverse_proxy_is_trusted_only_when_configured(make_app: Callable[..., Flask]) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    untrusted = make_app()
    assert "Strict-Transport-Security" not in untrusted.test_client().get("/healthz", headers=forwarded).headers
    trusted = make_app(TRUSTED_PROXIES=1)
    seen: list[tuple[str | None, bool]] = []

    @trusted.get("/test-who")
    def who() -> str:
        from flask import request
        seen.append((request.remote_addr, request.is_secure))
        return "ok"

    response = trusted.test_client().get("/test-who", headers=forwarded)
    assert seen == [("203.0.113.9", True)]
    assert "Strict-Transport-Security" in response.headers


# ---------------------------------------------------------------- logs

@pytest.mark.parametrize("message", [
    '203.0.113.77 - - [28/Nov/2026 21:50:12] "POST /s/x/en/check HTTP/1.1" 302 -',
    "ratelimit 10 per 1 minute (2001:db8::42) exceeded",
    "client ::ffff:198.51.100.3 went away", "peer fe80::1ff:fe23:4567:890a closed",
])
def test_addresses_never_reach_the_logs(message: str) -> None:
    cleaned = redact(message)
    assert not re.search(r"\d+\.\d+\.\d+\.\d+|[0-9a-f]*::[0-9a-f]", cleaned), cleaned
    assert "[address]" in cleaned


def test_times_and_numbers_are_left_alone() -> None:
    message = '[28/Nov/2026 21:50:12] "GET /s/x/en/p/page-1 HTTP/1.1" 200 1.5 12:30 v2.0.1'
    assert redact(message) == message


def test_loggers_redact_records(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s', "192.0.2.10", "now", "GET / HTTP/1.1", 200)
        logging.getLogger("werkzeug").info(" * Running on %s", "http://127.0.0.1:5000")
        app.logger.warning("from %s", "2001:db8::1")
    text = caplog.text
    assert "192.0.2.10" not in text and "2001:db8::1" not in text
    assert "http://127.0.0.1:5000" in text  # the server's own address, for whoever starts it
    assert any(isinstance(f, WithoutAddresses) for f in logging.getLogger("gunicorn.access").filters)


def test_database_errors_never_carry_answers(app: Flask, conformance: SurveyDefinition) -> None:
    secret = "my very private answer"
    with pytest.raises(IntegrityError) as raised:
        db.session.execute(insert(TextAnswer).values(survey_id="no-such-survey", question_id="q", language="en",
                                                     channel="public", submitted_on=date(2026, 1, 1), body=secret))
        db.session.flush()
    db.session.rollback()
    assert secret not in str(raised.value)


# ---------------------------------------------------------------- outages and errors in the right language

def fail_once(monkeypatch: pytest.MonkeyPatch, target: str, real: Callable[..., Any]) -> list[int]:
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return real(*args, **kwargs)

    monkeypatch.setattr(target, flaky)
    return calls


def test_a_database_outage_on_a_page_says_try_again_in_the_right_language(
        client: FlaskClient, conformance: SurveyDefinition, monkeypatch: pytest.MonkeyPatch) -> None:
    from survey.respond import drafts
    fail_once(monkeypatch, "survey.respond.views.drafts.save_draft", drafts.save_draft)
    you = Respondent(client, BASE)
    response = you.post("/cy/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "4"})
    assert response.status_code == 503
    html = text_of(response)
    assert '<html lang="cy">' in html
    assert "mae problem wedi codi" in html.replace("&#39;", "'")  # "Sorry, there is a problem"
    again = you.post("/cy/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "4"})
    assert again.status_code == 302


def test_a_database_error_on_sending_keeps_the_answers_and_trying_again_stores_one(
        client: FlaskClient, conformance: SurveyDefinition, monkeypatch: pytest.MonkeyPatch) -> None:
    from survey.respond import views
    you = Respondent(client, BASE)
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "no"})
    you.post("/en/p/services", {"used-services": ["none"]})
    fail_once(monkeypatch, "survey.respond.views.add_response", views.add_response)
    failed = you.submit("en")
    assert failed.status_code == 503 and "not sent" in text_of(failed)
    assert db.session.query(Response).count() == 0
    done = you.submit("en")  # the answers were kept: the check page is there again
    assert done.status_code == 302 and done.location.endswith("/en/thanks")
    assert db.session.query(Response).count() == 1


def test_a_request_too_large_gets_the_error_page_in_its_language(client: FlaskClient,
                                                                  conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    response = you.post("/cy/p/about-you", {"comments": "x" * 70_000})
    assert response.status_code == 413
    assert '<html lang="cy">' in text_of(response)
