"""The embeddable list (no cookies, no scripts, framing allowed for it alone) and the JSON API."""
from __future__ import annotations

import re
from typing import Callable

import pytest
from flask.testing import FlaskClient

from survey.hub.models import Review
from tests.helpers import text_of
from tests.hub.conftest import CLOSED, KIOSK_SURVEY, OPEN, PUBLIC_SURVEY, REVIEW_ID, set_survey

MakeReview = Callable[..., Review]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_embed_has_no_scripts_no_cookies_and_may_be_framed(client: FlaskClient, make_review: MakeReview,
                                                              lang: str) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, OPEN)
    client.get(f"/r/{REVIEW_ID}/{lang}")  # a visitor who has a session cookie already
    response = client.get(f"/embed/{lang}")
    html = text_of(response)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "<script" not in html and "<form" not in html and "csrf" not in html
    assert f'<html lang="{lang}">' in html
    assert "X-Frame-Options" not in response.headers
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert f'href="http://localhost/s/drugs-in-our-communities/{lang}"' in html
    assert f'target="_top" href="http://localhost/r/{REVIEW_ID}/{lang}"' in html


def test_framing_stays_refused_everywhere_else(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    for path in ("/", f"/r/{REVIEW_ID}/en", "/feeds/en.atom", "/api/reviews", "/en/privacy", "/admin/sign-in"):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path


def test_the_embed_allows_only_the_sites_configured(client: FlaskClient) -> None:
    client.application.config["EMBED_FRAME_ANCESTORS"] = "https://www.dyfedpowys-pcc.org.uk"
    policy = client.get("/embed/cy").headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.dyfedpowys-pcc.org.uk;" in policy


def test_the_api_lists_published_reviews_only(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()
    assert client.get("/api/reviews").get_json() == {"reviews": []}
    missing = client.get(f"/api/reviews/{REVIEW_ID}")
    assert missing.status_code == 404 and missing.get_json() == {"error": "There is no published review with this id."}
    from survey.hub.reviews import publish
    publish(REVIEW_ID, "test")
    listed = client.get("/api/reviews")
    assert listed.headers["Access-Control-Allow-Origin"] == "*" and "Set-Cookie" not in listed.headers
    [summary] = listed.get_json()["reviews"]
    assert summary["id"] == REVIEW_ID
    assert summary["title"] == {"cy": "Cyffuriau anghyfreithlon yn ein cymunedau", "en": "Illegal drugs in our communities"}
    assert summary["url"]["en"] == f"http://localhost/r/{REVIEW_ID}/en"


def test_the_api_gives_a_review_whole(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    set_survey(KIOSK_SURVEY, OPEN, opens_in_days=3)
    body = client.get(f"/api/reviews/{REVIEW_ID}").get_json()
    assert body["topic"] == {"id": "drugs", "cy": "Cyffuriau", "en": "Drugs"}
    assert [s["id"] for s in body["surveys"]] == [PUBLIC_SURVEY, KIOSK_SURVEY]
    assert [s["phase"] for s in body["surveys"]] == ["closed", "coming"]
    assert [s["url"] for s in body["surveys"]] == [None, None]  # closed, and scheduled: no link
    assert body["you_said"] == []
    first = body["recommendations"][0]
    assert (first["id"], first["number"], first["response"], first["status"]) == \
        ("report-without-a-name", 1, "accepted", "in_progress")
    assert first["addressee"] == {"cy": "Y Prif Gwnstabl", "en": "The Chief Constable"}
    assert [u["date"] for u in first["updates"]] == ["2026-10-05", "2026-11-16"]
    assert not re.search(r'"(count|responses|total)"', text_of(client.get(f"/api/reviews/{REVIEW_ID}")))


def test_a_draft_survey_in_a_published_review_is_not_in_the_api(client: FlaskClient, make_review: MakeReview) -> None:
    make_review(published=True)
    set_survey(PUBLIC_SURVEY, OPEN)
    body = client.get(f"/api/reviews/{REVIEW_ID}").get_json()
    assert [s["id"] for s in body["surveys"]] == [PUBLIC_SURVEY]
