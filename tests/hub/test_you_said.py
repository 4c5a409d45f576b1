""""You said": figures published from a survey's final release equal that release's export cell by
cell, on the page and in the API, in both languages; later responses and releases change nothing;
only a closed survey with a final release can be published from, and only its choice questions."""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from survey import audit
from survey.extensions import db
from survey.hub import you_said
from survey.hub.models import PublishedQuestion, Review
from survey.results.export import write_export
from survey.results.releases import cut_release
from tests.admin.helpers import post, signed_in_admin, text
from tests.hub.conftest import (CLOSED, PUBLIC_SURVEY, RELEASE_DAY, REVIEW_ID,
                                YOU_SAID, import_example_responses, publish_you_said, set_survey)

MakeReview = Callable[..., Review]
CHOSEN = YOU_SAID
CHOOSE = f"/admin/reviews/{REVIEW_ID}/you-said/{PUBLIC_SURVEY}"


def exported(release: int, lang: str, folder: Path) -> list[dict[str, str]]:
    """The overall rows of aggregates.csv of the release, as the export writes them."""
    write_export(PUBLIC_SURVEY, lang=lang, release=release, out_dir=folder / lang)
    with (folder / lang / "aggregates.csv").open(encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f) if row["breakdown_id"] == "" and row["question_id"] in CHOSEN]


def _shown(value: Any) -> str:
    return "[c]" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def test_the_published_figures_equal_the_release_export_cell_by_cell(
        client: FlaskClient, make_review: MakeReview, released: int, tmp_path: Path) -> None:
    publish_you_said(make_review(published=True))
    body = client.get(f"/api/reviews/{REVIEW_ID}").get_json()
    [item] = body["you_said"]
    assert item["release"] == {"number": released, "cut": RELEASE_DAY.isoformat(), "final": True}
    api = {(q["question"], q["row"] or "", o["value"]): (o, q) for q in item["questions"] for o in q["options"]}
    for lang in ("cy", "en"):
        rows = exported(released, lang, tmp_path)
        assert len(rows) == len(api) and rows
        page = text(client.get(f"/r/{REVIEW_ID}/{lang}"))
        hidden = "llai na 10" if lang == "cy" else "fewer than 10"
        for row in rows:
            option, question = api[(row["question_id"], row["row_id"], row["option_value"])]
            assert (_shown(option["count"]), _shown(question["base"]), _shown(option["percent"])) == \
                (row["count"], row["base"], row["percent"]), row
            assert option["suppressed"] == (row["count"] == "[c]")
            assert option["label"][lang] == row["option"] and question["text"][lang] == row["question"]
            count = hidden if row["count"] == "[c]" else row["count"]
            percent = ("wedi'i guddio" if lang == "cy" else "hidden") if row["percent"] == "[c]" else row["percent"]
            cells = (rf'<th scope="row">{re.escape(str(escape(row["option"])))}</th>\s*'
                     rf'<td class="admin-numeric">(?:<span class="admin-suppressed">)?{re.escape(count)}(?:</span>)?</td>'
                     rf'<td class="admin-numeric">(?:<span class="admin-suppressed">)?{re.escape(percent)}(?:</span>)?</td>')
            assert re.search(cells, page), (lang, row)
    assert any(o["suppressed"] and o["count"] is None and o["percent"] is None for o, _ in api.values())


def test_responses_and_releases_after_the_final_release_change_nothing(
        client: FlaskClient, make_review: MakeReview, released: int) -> None:
    publish_you_said(make_review(published=True))
    before = {path: client.get(path).get_data() for path in
              (f"/r/{REVIEW_ID}/cy", f"/r/{REVIEW_ID}/en", f"/api/reviews/{REVIEW_ID}")}
    import_example_responses()  # 120 more answers, after the release
    assert {path: client.get(path).get_data() for path in before} == before
    cut_release(PUBLIC_SURVEY, RELEASE_DAY, "test")  # and a later release holding them
    assert {path: client.get(path).get_data() for path in before} == before


def test_the_welsh_page_has_welsh_labels_and_no_english(client: FlaskClient, make_review: MakeReview,
                                                        released: int) -> None:
    publish_you_said(make_review(published=True))
    [item] = client.get(f"/api/reviews/{REVIEW_ID}").get_json()["you_said"]
    welsh = text(client.get(f"/r/{REVIEW_ID}/cy"))
    english = text(client.get(f"/r/{REVIEW_ID}/en"))
    for question in item["questions"]:
        assert str(escape(question["text"]["cy"])) in welsh and str(escape(question["text"]["en"])) in english
        for option in question["options"]:
            assert str(escape(option["label"]["cy"])) in welsh
            if option["label"]["en"] != option["label"]["cy"]:
                assert f'>{escape(option["label"]["en"])}<' not in welsh, option
    for words in ("fewer than 10", "People who answered", "How we protect", "Bar chart", "Number of people", ">hidden<"):
        assert words not in welsh
        assert words in english
    for words in ("llai na 10", "Pobl a atebodd", "Sut rydyn ni", "Siart bar", "Nifer o bobl", ">wedi'i guddio<"):
        assert words in welsh


def test_only_chosen_choice_questions_are_shown_never_comments(client: FlaskClient, make_review: MakeReview,
                                                              released: int) -> None:
    publish_you_said(make_review(published=True), ["area"])
    page = text(client.get(f"/r/{REVIEW_ID}/en"))
    assert 'id="you-said-drugs-in-our-communities-q-area"' in page
    assert "Which of these have you seen" not in page  # the question "seen", not chosen
    assert "Dylai&#39;r heddlu wrando mwy" not in page and "wrando mwy" not in page  # a comment in the responses
    with pytest.raises(you_said.YouSaidError) as refused:
        publish_you_said(db.session.get(Review, REVIEW_ID), ["comments"])
    assert refused.value.reason == you_said.Refusal.NOT_A_CHOICE


def test_staff_choose_questions_in_the_console_and_the_choice_is_audited(
        client: FlaskClient, make_review: MakeReview, released: int) -> None:
    make_review(published=True)
    signed_in_admin(client)
    form = text(client.get(CHOOSE))
    assert 'value="area"' in form and 'value="comments"' not in form and 'value="seen-other"' not in form
    saved = post(client, CHOOSE, {"questions": ["seen", "area"]})
    assert saved.status_code == 302, text(saved)
    rows = db.session.query(PublishedQuestion).order_by(PublishedQuestion.position).all()
    assert [(r.question_id, r.release) for r in rows] == [("area", released), ("seen", released)]
    [event] = [e for e in audit.recent() if e.action == audit.Action.YOU_SAID_PUBLISHED]
    assert (event.subject, event.detail) == (REVIEW_ID, f"{PUBLIC_SURVEY} release {released}: area, seen")
    assert "2 questions are published from release" in text(client.get(f"/admin/reviews/{REVIEW_ID}"))
    refused = post(client, CHOOSE, {"questions": ["comments"]})
    assert refused.status_code == 400
    assert [r.question_id for r in db.session.query(PublishedQuestion)] == ["area", "seen"]


@pytest.mark.parametrize("lang, words", [("en", "has not closed yet"), ("cy", "ddim wedi cau eto")])
def test_an_open_survey_cannot_be_published_from(client: FlaskClient, make_review: MakeReview, surveys: list[str],
                                                 lang: str, words: str) -> None:
    make_review(published=True)
    import_example_responses()
    set_survey(PUBLIC_SURVEY, "open", opens_in_days=-3, closes_in_days=30)
    cut_release(PUBLIC_SURVEY, RELEASE_DAY, "test")
    signed_in_admin(client, language=lang)
    page = text(client.get(CHOOSE))
    assert words in page and 'name="questions"' not in page
    assert words in text(client.get(f"/admin/reviews/{REVIEW_ID}"))
    refused = post(client, CHOOSE, {"questions": ["area"]}, form_page=f"/admin/reviews/{REVIEW_ID}")
    assert refused.status_code == 400 and words in text(refused)
    assert db.session.query(PublishedQuestion).count() == 0
    with pytest.raises(you_said.YouSaidError) as raised:
        publish_you_said(db.session.get(Review, REVIEW_ID))
    assert raised.value.reason == you_said.Refusal.NOT_CLOSED


@pytest.mark.parametrize("lang, words", [("en", "has no final release"), ("cy", "ddim rhyddhad terfynol")])
def test_a_closed_survey_without_a_final_release_cannot_be_published_from(
        client: FlaskClient, make_review: MakeReview, surveys: list[str], lang: str, words: str) -> None:
    make_review(published=True)
    import_example_responses()
    cut_release(PUBLIC_SURVEY, RELEASE_DAY, "test")  # a weekly release, not the final one
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    signed_in_admin(client, language=lang)
    assert words in text(client.get(CHOOSE))
    refused = post(client, CHOOSE, {"questions": ["area"]}, form_page=f"/admin/reviews/{REVIEW_ID}")
    assert refused.status_code == 400
    assert db.session.query(PublishedQuestion).count() == 0
    with pytest.raises(you_said.YouSaidError) as raised:
        publish_you_said(db.session.get(Review, REVIEW_ID))
    assert raised.value.reason == you_said.Refusal.NO_FINAL_RELEASE


def test_the_feeds_say_when_figures_are_published(client: FlaskClient, make_review: MakeReview, released: int) -> None:
    make_review(published=True)
    assert "you-said-drugs" not in client.get("/feeds/en.atom").get_data(as_text=True)
    publish_you_said(db.session.get(Review, REVIEW_ID))
    feed = client.get("/feeds/en.atom").get_data(as_text=True)
    assert "Results published: what you told us in Drugs in our communities" in feed
    assert f"/r/{REVIEW_ID}/en#you-said-{PUBLIC_SURVEY}" in feed
    welsh = client.get("/feeds/cy.atom").get_data(as_text=True)
    assert f"/r/{REVIEW_ID}/cy#you-said-{PUBLIC_SURVEY}" in welsh and "Results published" not in welsh
