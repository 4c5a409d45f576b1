"""Error pages and the addresses the pages build: query strings never break a page, and even a
failing error page answers with the security headers."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

import survey.web
from survey.definition import SurveyDefinition
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
CLASHING = ["lang=cy", "survey_id=other", "page_id=about-you", "_method=POST", "_external=1", "_anchor=x",
            "_scheme=javascript", "return=check&lang=en", "token=x"]


@pytest.mark.parametrize("query", CLASHING)
@pytest.mark.parametrize("path", ["/en", "/cy/p/your-area", "/en/check", "/en/privacy"])
def test_query_arguments_named_like_the_routes_own_are_ignored(client: FlaskClient, conformance: SurveyDefinition,
                                                               path: str, query: str) -> None:
    Respondent(client, BASE).post("/en/p/your-area", {"area": "powys"})
    response = client.get(f"{BASE}{path}?{query}")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        html = text_of(response)
        assert "javascript" not in html and "other" not in html.split("language-switch")[1][:200]


def test_the_language_switch_keeps_return_to_check_and_nothing_else(client: FlaskClient,
                                                                   conformance: SurveyDefinition) -> None:
    html = text_of(client.get(f"{BASE}/en/privacy?return=check&lang=cy&extra=1"))
    assert 'href="/s/conformance-check/cy/privacy?return=check"' in html


def test_switching_language_in_a_form_ignores_clashing_arguments(client: FlaskClient,
                                                                 conformance: SurveyDefinition) -> None:
    response = Respondent(client, BASE).post("/en/p/your-area?lang=en&page_id=x&return=check",
                                             {"area": "powys", "switch_language": "cy"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE}/cy/p/your-area?return=check"


def test_a_survey_never_opened_is_not_found(client: FlaskClient, make_survey: Callable[..., SurveyDefinition]) -> None:
    """Staff's drafts stay private: the public sees no title, only "not found"."""
    definition = make_survey(open_it=False)
    for path in ("", "/en", "/cy/p/your-area"):
        response = client.get(f"{BASE}{path}")
        assert response.status_code == 404
        assert definition.title.en not in text_of(response) and definition.title.cy not in text_of(response)


@pytest.fixture
def production(make_app: Callable[..., Flask]) -> Flask:
    """A production application whose server errors are answered, not raised into the test."""
    application = make_app(survey=True, LLAIS_ENV="production", PROPAGATE_EXCEPTIONS=False)

    @application.get("/test-fails")
    def fails() -> Any:
        raise RuntimeError("a bug")
    return application


def test_a_server_error_page_carries_the_security_headers(production: Flask) -> None:
    response = production.test_client().get("/test-fails")
    assert response.status_code == 500
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Sorry, there is a problem" in text_of(response) or "problem wedi codi" in text_of(response)


def test_an_error_page_that_fails_itself_still_answers_safely(production: Flask,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("the template cannot be drawn")
    monkeypatch.setattr(survey.web, "render_template", broken)
    client = production.test_client()
    for path, status in (("/test-fails", 500), ("/nowhere", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        assert response.headers["X-Frame-Options"] == "DENY"
        html = text_of(response)
        assert '<html lang="cy">' in html and "Sorry, there is a problem" in html


def test_a_clashing_query_string_is_not_a_server_error_in_production(production: Flask) -> None:
    client = production.test_client()
    for query in CLASHING:
        response = client.get(f"{BASE}/en?{query}")
        assert response.status_code == 200, query
