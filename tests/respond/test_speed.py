"""What keeps the respondent pages fast, and proof that none of it changes what they show or keep.

One statement reads a page's survey and draft, one more saves the answers; parsed definitions and
blank question forms are kept per process, never anything a respondent gave.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, Iterator

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import select, update

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Draft, utcnow
from tests.helpers import Respondent, text_of

BASE = "/s/conformance-check"


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """The SQL statements (and COMMITs) sent while the test runs."""
    sent: list[str] = []

    def statement(conn: Any, cursor: Any, text: str, *args: Any) -> None:
        sent.append(text.split()[0].upper())

    def commit(conn: Any) -> None:
        sent.append("COMMIT")

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    sa.event.listen(db.engine, "commit", commit)
    yield sent
    sa.event.remove(db.engine, "before_cursor_execute", statement)
    sa.event.remove(db.engine, "commit", commit)


def test_a_page_takes_one_statement_to_show_and_one_more_to_save(
        client: FlaskClient, conformance: SurveyDefinition, statements: list[str]) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/your-area", {"area": "powys"})  # the draft now exists
    page = you.get("/en/p/what-you-have-seen")
    statements.clear()
    you.get("/en/p/what-you-have-seen")
    assert statements == ["SELECT"]  # the survey's state and the draft, together
    token = text_of(page).split('name="csrf_token" value="')[1].split('"')[0]
    statements.clear()
    response = client.post(f"{BASE}/en/p/what-you-have-seen",
                           data={"seen-dealing": "no", "csrf_token": token})
    assert response.status_code == 302
    assert statements == ["SELECT", "UPDATE", "COMMIT"]


def test_every_answer_is_kept_on_the_server_at_each_page(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/your-area", {"area": "powys"})
    you.post("/en/p/what-you-have-seen", {"seen-dealing": "yes", "times-seen": "3"})
    draft = db.session.scalars(select(Draft)).one()
    db.session.refresh(draft)
    assert draft.answers_json == '{"area": "powys", "seen-dealing": "yes", "times-seen": 3}'


def test_a_page_with_errors_keeps_nothing_new(client: FlaskClient, conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    response = you.post("/en/p/what-you-have-seen", {"times-seen": "lots"})
    assert response.status_code == 200 and you.errors(response)
    assert db.session.scalars(select(Draft)).all() == []


def test_an_idle_draft_is_forgotten_on_the_public_link(app: Any, client: FlaskClient,
                                                         conformance: SurveyDefinition) -> None:
    you = Respondent(client, BASE)
    you.post("/en/p/your-area", {"area": "powys"})
    assert 'value="powys" checked' in text_of(you.get("/en/p/your-area"))
    lifetime = app.config["DRAFT_LIFETIME_SECONDS"]
    db.session.execute(update(Draft).values(updated_at=utcnow() - timedelta(seconds=lifetime + 60)))
    db.session.commit()
    assert 'checked' not in text_of(you.get("/en/p/your-area"))
    assert db.session.scalars(select(Draft)).all() == []


def test_blank_forms_are_shared_but_answers_never_are(client: FlaskClient, app: Any,
                                                     conformance: SurveyDefinition) -> None:
    first = Respondent(client, BASE)
    first.get("/en/p/your-area")
    first.post("/en/p/your-area", {"area": "ceredigion", "feel-safe__daytime": "4"})
    again = text_of(first.get("/en/p/your-area"))
    assert 'value="ceredigion" checked' in again
    assert 'name="feel-safe__daytime" type="radio" value="4" checked' in again
    other = text_of(Respondent(app.test_client(), BASE).get("/en/p/your-area"))
    assert "checked" not in other and 'value="ceredigion"' in other


def test_a_changed_definition_shows_at_once(client: FlaskClient,
                                            make_survey: Callable[..., SurveyDefinition]) -> None:
    make_survey()
    you = Respondent(client, BASE)
    html = text_of(you.get("/en/p/your-area"))
    assert "Which area do you live in?" in html and "0808 808 2234" in html

    def reworded(raw: dict[str, Any]) -> None:
        raw["pages"][0]["questions"][0]["text"]["en"] = "Where do you live?"
        raw["support"]["en"] = "Call the helpline on 0800 000 0000."
    make_survey(reworded)
    html = text_of(you.get("/en/p/your-area"))
    assert "Where do you live?" in html and "Which area" not in html
    assert "0800 000 0000" in html and "0808 808 2234" not in html


def test_a_definition_is_parsed_once_per_version(client: FlaskClient, conformance: SurveyDefinition,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = SurveyDefinition.from_json.__func__  # type: ignore[attr-defined]

    def counting(cls: type[SurveyDefinition], text: str) -> SurveyDefinition:
        parsed.append(text)
        return real(cls, text)

    monkeypatch.setattr(SurveyDefinition, "from_json", classmethod(counting))
    you = Respondent(client, BASE)
    for path in ("/en", "/en/p/your-area", "/cy/p/your-area", "/en/p/what-you-have-seen", "/en/privacy"):
        assert you.get(path).status_code == 200
    assert len(parsed) <= 1  # none at all when an earlier test already parsed this version
