"""Nothing unpublished is reachable from any public page, feed, embed or the API: draft reviews,
scheduled surveys' links, surveys never opened, and the review of a closed survey not yet published."""
from __future__ import annotations

import re
from typing import Callable

from flask.testing import FlaskClient

from survey.hub.models import Review
from tests.hub.conftest import CLOSED, KIOSK_SURVEY, OPEN, PUBLIC_SURVEY, REVIEW_ID, set_survey

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
