"""Forms work over HTTPS (directly or behind a proxy that says so), and posts from other sites are refused.

Flask-WTF's HTTPS check wanted a Referer, which Llais's `Referrer-Policy: no-referrer` never lets a
browser send: every form post over HTTPS answered 400. The browser suite over a real TLS proxy is
tests/browser/test_behind_tls_proxy.py.
"""
from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.definition import SurveyDefinition
from survey.security import normal_origin
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
PASSWORD = "violet kettle murmur sprocket"
# what Chromium sends with a form posted from one of Llais's own pages over HTTPS
CHROMIUM_SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "https://localhost"}


def https_respondent(client: FlaskClient, scheme: str = "https", headers: dict[str, str] | None = None) -> Respondent:
    """A respondent whose every request arrives over `scheme` with these headers, and no Referer."""
    client.application.config["PREFERRED_URL_SCHEME"] = scheme  # the test client's scheme
    client.environ_base.update({f"HTTP_{name.upper().replace('-', '_')}": value
                                for name, value in (headers or {}).items()})
    return Respondent(client, BASE)


def answer_and_send(you: Respondent) -> None:
    for path, data in [("/en/p/your-area", {"area": "powys"}), ("/en/p/what-you-have-seen", {"seen-dealing": "no"}),
                       ("/en/p/services", {"used-services": ["none"]}), ("/en/p/about-you", {})]:
        response = you.post(path, data)
        assert response.status_code == 302, (path, response.status_code, text_of(response)[:300])
    sent = you.submit("en")
    assert sent.status_code == 302 and sent.location.endswith("/en/thanks")
    assert "Strict-Transport-Security" in sent.headers  # it was HTTPS, as Llais saw it


def test_a_respondent_over_https_can_answer_and_send(client: FlaskClient, conformance: SurveyDefinition) -> None:
    answer_and_send(https_respondent(client, headers=CHROMIUM_SAME_ORIGIN))


def test_a_respondent_behind_a_tls_proxy_can_answer_and_send(make_app: Callable[..., Flask]) -> None:
    proxied = make_app(survey=True, TRUSTED_PROXIES=1)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5", **CHROMIUM_SAME_ORIGIN}
    answer_and_send(https_respondent(proxied.test_client(), "http", forwarded))


@pytest.mark.parametrize("headers", [{"Origin": "null"}, {}])
def test_posts_over_https_from_an_older_browser_without_fetch_metadata(client: FlaskClient,
                                                                      conformance: SurveyDefinition,
                                                                      headers: dict[str, str]) -> None:
    """No Sec-Fetch-Site; Origin "null" (what some browsers send from a no-referrer page) or none."""
    answer_and_send(https_respondent(client, headers=headers))


def test_staff_sign_in_over_https(make_app: Callable[..., Flask]) -> None:
    production = make_app(schema=True, LLAIS_ENV="production", TESTING=False, RATELIMIT_ENABLED=False)
    with production.app_context():
        from survey.admin import accounts
        from survey.extensions import db
        accounts.create_user("admin@example.org", PASSWORD, "admin", language="en")
        db.session.commit()
    staff = production.test_client()
    over_https = {"base_url": "https://localhost", "headers": CHROMIUM_SAME_ORIGIN}
    form = text_of(staff.get("/admin/sign-in", **over_https))
    from tests.helpers import CSRF
    signed_in = staff.post("/admin/sign-in", data={"email": "admin@example.org", "password": PASSWORD,
                                                   "csrf_token": CSRF.search(form).group(1)}, **over_https)
    assert signed_in.status_code == 302, text_of(signed_in)[:400]
    assert staff.get("/admin/", **over_https).status_code == 200


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.localhost"},
    {"Origin": "https://elsewhere.example"},            # an older browser: Origin only
    {"Origin": "http://localhost"},                     # the same host over plain HTTP is another origin
    {"Origin": "https://localhost:8443"},               # and so is another port
])
def test_a_form_posted_from_another_site_gets_the_expired_page(client: FlaskClient, conformance: SurveyDefinition,
                                                               headers: dict[str, str]) -> None:
    """Even with a valid form token (stolen, say): the browser says the post came from elsewhere."""
    you = https_respondent(client)
    refused = you.post("/cy/p/your-area", {"area": "powys"}, headers=headers)
    assert refused.status_code == 400
    html = text_of(refused).replace("&#39;", "'")
    assert '<html lang="cy">' in html and "Mae'r dudalen hon wedi dod i ben" in html
    assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
    assert 'value="powys" checked' not in text_of(you.get("/cy/p/your-area"))


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://elsewhere.example"}])
def test_over_plain_http_too_a_post_from_another_site_is_refused_even_with_a_token(
        client: FlaskClient, conformance: SurveyDefinition, headers: dict[str, str]) -> None:
    """(Before, only Flask-WTF's token was checked over HTTP: a stolen token worked from anywhere.)"""
    you = Respondent(client, BASE)
    assert you.post("/en/p/your-area", {"area": "powys"}, headers=headers).status_code == 400
    assert you.post("/en/p/your-area", {"area": "powys"}).status_code == 302  # from its own page


def test_staff_sign_in_posted_from_another_site_is_refused(client: FlaskClient) -> None:
    refused = client.post("/admin/sign-in", data={"email": "a@example.org", "password": "x" * 12},
                          headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 400 and "Mae'r dudalen hon wedi dod i ben" in text_of(refused).replace("&#39;", "'")


@pytest.mark.parametrize("given, normal", [
    ("https://Example.ORG", "https://example.org"), ("https://example.org:443", "https://example.org"),
    ("http://example.org:80/", "http://example.org"), ("https://example.org:8443", "https://example.org:8443"),
    ("http://[::1]:5000", "http://[::1]:5000"), ("null", None), ("ftp://example.org", None),
    ("https://example.org:99999", None), ("", None),
])
def test_origins_are_compared_in_their_normal_form(given: str, normal: str | None) -> None:
    assert normal_origin(given) == normal
