"""Drafts hold only what a page asks for, and never more than MAX_DRAFT_BYTES: a post too big to
keep gets a clear message in the respondent's language."""
from __future__ import annotations

import json

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import func, select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import create_link
from survey.models import Draft
from survey.respond import drafts
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"
JUNK = {f"field-{i}": "x" * 1000 for i in range(58)}  # about 60 KB of fields no page has


@pytest.fixture(autouse=True)
def fresh_form_token_per_request(app) -> None:
    """As a real server: every request its own `g` (where Flask-WTF keeps the form token)."""
    @app.before_request
    def forget_form_token() -> None:
        g.pop("csrf_token", None)


def stored() -> list[Draft]:
    db.session.expire_all()
    return list(db.session.scalars(select(Draft)))


def total_bytes() -> int:
    return int(db.session.scalar(select(func.sum(func.length(Draft.answers_json) + func.length(Draft.pending_json))))
               or 0)


def test_a_language_switch_keeps_only_the_pages_own_fields(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    junk = dict(list(JUNK.items())[:20])
    response = you.post("/en/p/services", {**junk, "used-services": ["treatment", "peer-support"] + ["x" * 500] * 60,
                                           "area": "powys", "switch_language": "cy"})
    assert response.status_code == 302
    [draft] = stored()
    pending = json.loads(draft.pending_json)
    assert set(pending) == {"services"} and set(pending["services"]) == {"used-services"}
    kept = pending["services"]["used-services"]
    assert kept[:2] == ["treatment", "peer-support"] and len(kept) <= 10
    assert all(len(value) <= drafts.MAX_CHOICE_CHARACTERS for value in kept)
    assert len(draft.pending_json) < 2_000
    assert 'value="treatment" checked' in text_of(you.get("/cy/p/services"))


def test_many_big_posts_to_a_kiosk_page_leave_small_drafts(app, conformance: SurveyDefinition) -> None:
    link = create_link(conformance.id, "Safle")
    for _ in range(20):  # each from a new browser, as a script would send them
        kiosk = Respondent(app.test_client(), f"/k/{link.token}")
        response = kiosk.post("/cy/p/your-area", {**JUNK, "area": "powys", "switch_language": "en"})
        assert response.status_code == 302
    assert len(stored()) == 20
    assert total_bytes() < 20 * 200  # was 20 * 60 KB: every unknown field kept


def test_a_text_longer_than_its_question_takes_is_not_kept(client: FlaskClient,
                                                           conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    response = you.post("/cy/p/about-you", {"age-band": "18-34", "comments": "ŵ" * 2001, "switch_language": "en"})
    assert response.status_code == 413
    html = text_of(response)
    assert '<html lang="cy">' in html and ("2,000" in html or "2000" in html)
    assert 'value="18-34" checked' in html  # the page is shown again with what was sent
    assert stored() == []


def test_answers_too_big_to_keep_get_a_clear_message(client: FlaskClient, conformance: SurveyDefinition,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_DRAFT_BYTES", 1_000)
    you = Respondent(client, BASE)
    assert you.post("/en/p/your-area", {"area": "powys"}).status_code == 302
    for lang, words in (("cy", "Mae eich atebion yn rhy hir"), ("en", "Your answers are too long for us to keep")):
        response = you.post(f"/{lang}/p/about-you", {"age-band": "18-34", "comments": "w" * 1_500})
        assert response.status_code == 413
        html = text_of(response)
        assert f'<html lang="{lang}">' in html and words in html
        assert 'href="#q-' in html  # the error summary links to the page's first question
    [draft] = stored()
    assert "about-you" not in draft.answers_json and "w" * 1_500 not in draft.answers_json
    assert json.loads(draft.answers_json) == {"area": "powys"}
