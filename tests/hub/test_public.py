"""The hub at /: open, coming soon and closed consultations; review pages; nothing unpublished shows."""
from __future__ import annotations

import re
from typing import Callable

from flask.testing import FlaskClient

from survey.hub.models import Review
from tests.helpers import text_of
from tests.hub.conftest import CLOSED, KIOSK_SURVEY, OPEN, PUBLIC_SURVEY, REVIEW_ID, set_survey

MakeReview = Callable[..., Review]


def section(html: str, anchor: str) -> str:
    """The part of the hub under one heading (open, coming, closed)."""
    start = html.index(f'id="{anchor}"')
    following = [m.start() for m in re.finditer(r'<h2 class="heading-[lm]" id=', html) if m.start() > start]
    return html[start:following[0] if following else len(html)]


def test_open_consultations_show_closing_date_audience_and_link(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, OPEN, opens_in_days=-3, closes_in_days=30)
    html = text_of(client.get("/"))
    opened = section(html, "open")
    assert 'href="/s/drugs-in-our-communities"' in opened
    assert "Cyffuriau yn ein cymunedau" in opened and "Drugs in our communities" in opened
    assert "Unrhyw un sy&#39;n byw neu&#39;n gweithio yn Nyfed-Powys" in opened
    assert "Anyone who lives or works in Dyfed-Powys" in opened
    assert "Yn cau" in opened or "Closes" in opened  # the label (Welsh once the catalogue is built)


def test_scheduled_surveys_are_coming_soon_without_a_link(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, OPEN, opens_in_days=10, closes_in_days=40)
    html = text_of(client.get("/"))
    coming = section(html, "coming")
    assert "Drugs in our communities" in coming
    assert "/s/drugs-in-our-communities" not in html  # no link anywhere on the page until it opens
    assert "Drugs in our communities" not in section(html, "open")


def test_draft_surveys_are_not_shown_at_all(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    html = text_of(client.get("/"))
    assert "Drugs in our communities" not in html and "Have your say" not in html


def test_closed_consultations_show_where_their_review_is(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-60, closes_in_days=-1)
    closed = section(text_of(client.get("/")), "closed")
    assert "Drugs in our communities" in closed and "hub-tag--results-to-come" in closed
    assert "/r/" not in closed  # the review is a draft: no link, no title
    assert "Illegal drugs in our communities" not in closed


def test_a_published_review_with_recommendations_is_being_tracked(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-60, closes_in_days=-1)
    closed = section(text_of(client.get("/")), "closed")
    assert "hub-tag--tracking" in closed
    assert f'href="/r/{REVIEW_ID}/cy"' in closed and f'href="/r/{REVIEW_ID}/en"' in closed


def test_a_published_review_without_recommendations_has_results_published(client: FlaskClient,
                                                                          make_review: MakeReview) -> None:
    make_review(lambda raw: raw.pop("recommendations"), published=True)
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-60, closes_in_days=-1)
    assert "hub-tag--results-published" in section(text_of(client.get("/")), "closed")


def test_kiosk_only_surveys_are_listed_without_a_public_link(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    set_survey(KIOSK_SURVEY, OPEN)
    from survey.extensions import db
    from survey.models import Survey
    from survey.definition import parse_definition
    from survey.surveys import load_survey
    raw = db.session.get(Survey, KIOSK_SURVEY).definition.raw
    load_survey(parse_definition(dict(raw, channels=["kiosk"])))
    opened = section(text_of(client.get("/")), "open")
    assert "Have your say: the help you get" in opened
    assert "/s/service-user-voice" not in opened


def test_the_hub_filters_by_topic_without_javascript(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(lambda raw: raw["surveys"].pop(1))  # the drugs review: the public survey only
    set_survey(PUBLIC_SURVEY, OPEN)
    set_survey(KIOSK_SURVEY, OPEN)
    from survey.hub.reviews import load_review
    from survey.hub.review_file import parse_review
    from tests.hub.conftest import review_raw
    other = review_raw()
    other.update(id="safer-streets", topic={"id": "streets", "title": {"cy": "Strydoedd", "en": "Streets"}},
                 surveys=[{"id": KIOSK_SURVEY, "audience": {"cy": "Pawb", "en": "Everyone"}}])
    other.pop("recommendations")
    load_review(parse_review(other))
    html = text_of(client.get("/"))
    assert 'href="/?topic=drugs"' in html and 'href="/?topic=streets"' in html
    drugs = text_of(client.get("/?topic=drugs"))
    assert "Drugs in our communities" in section(drugs, "open")
    assert "Have your say" not in drugs
    streets = section(text_of(client.get("/?topic=streets")), "open")
    assert "Have your say" in streets and "Drugs in our communities" not in streets
    assert "Drugs in our communities" not in text_of(client.get("/?topic=nothing-here"))


def test_the_review_page_in_each_language(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-60, closes_in_days=-1)
    welsh = client.get(f"/r/{REVIEW_ID}/cy")
    english = client.get(f"/r/{REVIEW_ID}/en")
    assert welsh.status_code == english.status_code == 200
    cy, en = text_of(welsh), text_of(english)
    assert '<html lang="cy">' in cy and '<html lang="en">' in en
    assert "Cyffuriau anghyfreithlon yn ein cymunedau" in cy and "Illegal drugs in our communities" not in cy
    assert "Illegal drugs in our communities" in en
    assert f'href="/r/{REVIEW_ID}/en"' in cy  # the language switch
    # every progress update, in full and in order
    assert en.index("The police have put up posters") < en.index("Officers have talked to parents")
    assert "Mae swyddogion wedi siarad â rhieni" in cy
    assert "The Chief Constable" in en and "Y Prif Gwnstabl" in cy
    assert 'id="you-said"' in en  # where the published figures will go


def test_the_review_address_without_a_language_goes_to_one(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    assert client.get(f"/r/{REVIEW_ID}").headers["Location"] == f"/r/{REVIEW_ID}/cy"


def test_the_hub_says_nothing_about_answers(client: FlaskClient, make_review: MakeReview) -> None:
    """No counts of responses anywhere on the public side (the figures come with releases)."""
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, OPEN)
    for path in ("/", f"/r/{REVIEW_ID}/en", "/embed/en"):
        html = text_of(client.get(path))
        assert not re.search(r"\b\d+ (responses|people answered)", html), path


def test_a_survey_closed_early_shows_no_closing_date_it_never_reached(client: FlaskClient,
                                                                      make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-10, closes_in_days=20)  # closed by hand, early
    closed = section(text_of(client.get("/")), "closed")
    assert "Drugs in our communities" in closed
    assert "hub-meta__row" in closed and "Wedi cau ar" not in closed and "Closed on" not in closed
