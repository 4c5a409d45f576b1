"""Another site cannot sign anyone out: the kiosk reset and the public quick exit check where they come from.

Browsers say where a request comes from in Sec-Fetch-Site (and Origin on posts); the test client
sends those headers as Chromium does. Kiosk resets and quick exits from Llais's own pages still work
(tests/kiosk/test_visits.py, tests/browser/test_kiosk.py).
"""
from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import KioskLink
from survey.models import Draft
from tests.helpers import Respondent, text_of

FROM_ANOTHER_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"}
FROM_A_SIBLING_HOST = {"Sec-Fetch-Site": "same-site", "Origin": "https://other.localhost"}
FROM_THIS_SITE = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}


def drafts() -> list[Draft]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(select(Draft)))


def test_a_kiosk_reset_posted_from_another_site_wipes_nothing(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    for headers in (FROM_ANOTHER_SITE, FROM_A_SIBLING_HOST, {"Origin": "https://elsewhere.example"}):
        refused = kiosk.client.post(f"{kiosk.base}/reset", headers=headers)
        assert refused.status_code == 400, headers
        assert "Clear-Site-Data" not in refused.headers
        html = text_of(refused)
        assert "This page has expired" in html and "Mae'r dudalen hon wedi dod i ben" in html.replace("&#39;", "'")
        assert len(drafts()) == 1
    assert 'value="powys" checked' in text_of(kiosk.get("/en/p/your-area"))  # the visit goes on


def test_a_kiosk_reset_from_its_own_pages_still_wipes(kiosk: Respondent) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    wiped = kiosk.client.post(f"{kiosk.base}/reset", headers=FROM_THIS_SITE)
    assert wiped.status_code == 303 and wiped.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert drafts() == []


def test_a_kiosk_reset_of_a_made_up_token_clears_nothing(client: FlaskClient, link: KioskLink) -> None:
    response = client.post("/k/" + "x" * 32 + "/reset", headers=FROM_THIS_SITE)
    assert response.status_code == 404 and "Clear-Site-Data" not in response.headers
    assert "This link is not working" in text_of(response)


def test_the_idle_keep_alive_from_another_site_is_refused(kiosk: Respondent) -> None:
    assert kiosk.client.post(f"{kiosk.base}/still-here", headers=FROM_ANOTHER_SITE).status_code == 400
    assert kiosk.client.post(f"{kiosk.base}/still-here", headers=FROM_THIS_SITE).status_code == 204


def test_the_quick_exit_followed_from_another_site_wipes_nothing(client: FlaskClient,
                                                                 conformance: SurveyDefinition) -> None:
    public = Respondent(client, "/s/conformance-check")
    public.post("/en/p/your-area", {"area": "powys"})
    for site in ("cross-site", "same-site"):
        left = client.get("/s/conformance-check/leave", headers={"Sec-Fetch-Site": site})
        assert left.status_code == 303 and left.location == "https://www.bbc.co.uk/weather"
        assert "Clear-Site-Data" not in left.headers
        assert 'value="powys" checked' in text_of(public.get("/en/p/your-area")) and len(drafts()) == 1


def test_the_quick_exit_from_its_own_pages_or_typed_in_still_wipes(client: FlaskClient,
                                                                   conformance: SurveyDefinition) -> None:
    public = Respondent(client, "/s/conformance-check")
    for site in ("same-origin", "none"):  # "none": the person typed the address or used a bookmark
        public.post("/en/p/your-area", {"area": "powys"})
        left = client.get("/s/conformance-check/leave", headers={"Sec-Fetch-Site": site})
        assert left.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
        assert 'value="powys" checked' not in text_of(public.get("/en/p/your-area")) and drafts() == []
