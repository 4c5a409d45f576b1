"""Nothing unpublished is reachable from any public page, feed, embed or the API: draft reviews,
scheduled surveys' links, surveys never opened, the review of a closed survey not yet published,
"You said" questions not chosen or of a draft review, and the figures of a withdrawn release."""
from __future__ import annotations

import re
from typing import Callable

from flask.testing import FlaskClient

from survey.hub.models import Review
from tests.hub.conftest import (CLOSED, KIOSK_SURVEY, OPEN, PUBLIC_SURVEY, RELEASE_DAY, REVIEW_ID, publish_you_said,
                                set_survey)

MakeReview = Callable[..., Review]
SECRET_TITLE = "Adolygiad cyfrinachol", "A secret draft review"
SECRET_FINDING = "Canfyddiad drafft", "A draft finding"
HREF = re.compile(r'href="([^"#]+)')


def crawl(client: FlaskClient) -> dict[str, str]:
    """Every public address reachable from the hub, the feeds, the embeds and the API, with its body."""
    seen: dict[str, str] = {}
    queue = ["/", "/feeds/cy.atom", "/feeds/en.atom", "/embed/cy", "/embed/en", "/api/reviews"]
    while queue:
        path = queue.pop()
        if path in seen or not path.startswith("/") or path.startswith(("/static/", "/admin")):
            continue
        response = client.get(path)
        body = response.get_data(as_text=True)
        seen[path] = body
        if response.status_code in (301, 302):
            queue.append(response.headers["Location"])
        links = HREF.findall(body) + re.findall(r'"(?:url|api)": ?"([^"]+)"', body) \
            + re.findall(r'"(?:cy|en)": ?"(http[^"]+)"', body)
        queue += [link.replace("http://localhost", "") for link in links]
    return seen


def test_no_public_address_shows_a_draft_or_a_scheduled_link(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)  # published, about the public survey
    make_review(lambda raw: raw.update(id="secret-draft", title=dict(zip(("cy", "en"), SECRET_TITLE)),
                                       findings=dict(zip(("cy", "en"), SECRET_FINDING)),
                                       surveys=[raw["surveys"][1]], recommendations=[]))
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    set_survey(KIOSK_SURVEY, OPEN, opens_in_days=7)  # scheduled
    pages = crawl(client)
    assert f"/r/{REVIEW_ID}/cy" in pages and f"/r/{REVIEW_ID}/en" in pages and f"/api/reviews/{REVIEW_ID}" in pages
    for path, body in pages.items():
        for secret in (*SECRET_TITLE, *SECRET_FINDING, "secret-draft"):
            assert secret not in body, f"{secret!r} on {path}"
        assert "/s/service-user-voice" not in body, f"the scheduled survey's link on {path}"
    for path in ("/r/secret-draft/cy", "/r/secret-draft/en", "/r/secret-draft", "/api/reviews/secret-draft"):
        assert client.get(path).status_code == 404, path


def test_a_closed_survey_whose_review_is_a_draft_shows_no_review(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    pages = crawl(client)
    assert not any(path.startswith("/r/") or path.startswith("/api/reviews/") for path in pages)
    for path, body in pages.items():
        assert "Illegal drugs in our communities" not in body and "Y Prif Gwnstabl" not in body, path


def test_an_unpublished_review_disappears_from_everything(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    assert f"/r/{REVIEW_ID}/en" in crawl(client)
    from survey.hub.reviews import unpublish
    unpublish(REVIEW_ID, "test")
    pages = crawl(client)
    assert all(REVIEW_ID not in body for body in pages.values())
    assert client.get(f"/r/{REVIEW_ID}/en").status_code == 404


def test_you_said_shows_only_the_chosen_questions_of_a_published_review(
        client: FlaskClient, make_review: MakeReview, released: int) -> None:
    publish_you_said(make_review(published=True), ["area"])
    pages = crawl(client)
    assert any("Which county do you live in?" in body for body in pages.values())
    for path, body in pages.items():
        for unpublished in ("Which of these have you seen", "How safe do you feel", "What else have you seen?",
                            "wrando mwy ar bobl leol", "Pa rai o&#39;r pethau hyn"):
            assert unpublished not in body, f"{unpublished!r} on {path}"
        assert not re.search(r'"question": ?"seen"', body), path
    assert re.search(r'"question": ?"area"', pages[f"/api/reviews/{REVIEW_ID}"])


def test_you_said_of_a_draft_review_is_nowhere(client: FlaskClient, make_review: MakeReview, released: int) -> None:
    publish_you_said(make_review(), ["area", "seen"])
    pages = crawl(client)
    for path, body in pages.items():
        for figures in ("Which county do you live in?", "Ym mha sir", "you-said"):
            assert figures not in body, f"{figures!r} on {path}"
        assert not re.search(r'"question": ?"area"', body), path


def test_figures_of_a_withdrawn_release_leave_the_hub(client: FlaskClient, make_review: MakeReview,
                                                     released: int) -> None:
    from survey.extensions import db
    from survey.results.releases import withdraw_purged
    publish_you_said(make_review(published=True), ["area"])
    assert "Which county do you live in?" in client.get(f"/r/{REVIEW_ID}/en").get_data(as_text=True)
    withdraw_purged(PUBLIC_SURVEY, released, RELEASE_DAY, "test")  # a retention purge deleted some of its responses
    db.session.commit()
    for path, body in crawl(client).items():
        assert "Which county do you live in?" not in body and not re.search(r'"question": ?"area"', body), path
    assert client.get(f"/api/reviews/{REVIEW_ID}").get_json()["you_said"] == []
