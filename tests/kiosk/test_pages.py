"""Kiosk pages: the start screen, a response through a kiosk, refused links, headers, nothing off the survey."""
from __future__ import annotations

import re
from html import unescape
from datetime import timedelta
from typing import Any, Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import create_link, london_today, revoke_link
from survey.models import KioskLink, Response, TextAnswer
from survey.vocabulary import SurveyState as SurveyStatus
from survey.surveys import set_status
from tests.helpers import Respondent, text_of
from tests.kiosk.conftest import SITE

HREF = re.compile(r'href="([^"#][^"]*)"')


def kiosk_pages(kiosk: Respondent, answer_all: Callable[[Respondent, str], None], lang: str) -> list[str]:
    """Every kind of page a kiosk shows (the start screen first: it begins a new visit), answered."""
    assert kiosk.get("").status_code == 200
    answer_all(kiosk, lang)
    return ["", f"/{lang}", f"/{lang}/p/your-area", f"/{lang}/p/about-you", f"/{lang}/check", f"/{lang}/privacy"]


def test_start_screen_has_both_titles_and_welsh_first(client: FlaskClient, link: KioskLink) -> None:
    response = client.get(f"/k/{link.token}")
    html = text_of(response)
    assert response.status_code == 200
    assert '<span lang="cy">Cyffuriau yn ein cymunedau</span>' in html
    assert '<span lang="en" class="bilingual-second">Drugs in our communities</span>' in html
    assert html.index(f'href="/k/{link.token}/cy"') < html.index(f'href="/k/{link.token}/en"')
    assert "button--large" in html and "Dewiswch eich iaith" in html and "Choose your language" in html


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_kiosk_response_carries_the_channel_and_site(kiosk: Respondent, answer_all: Callable[..., None],
                                                      lang: str) -> None:
    assert kiosk.get("").status_code == 200
    assert kiosk.get(f"/{lang}").status_code == 200
    answer_all(kiosk, lang)
    done = kiosk.submit(lang)
    assert done.status_code == 302 and done.location.endswith(f"{kiosk.base}/{lang}/thanks")
    stored = db.session.scalars(select(Response)).one()
    assert (stored.channel, stored.site, stored.language) == ("kiosk", SITE, lang)
    assert db.session.scalars(select(TextAnswer)).one().channel == "kiosk"


def test_thanks_shows_support_and_a_finish_button(kiosk: Respondent, answer_all: Callable[..., None],
                                                   app: Flask) -> None:
    app.config["KIOSK_THANKS_SECONDS"] = 20
    answer_all(kiosk, "cy")
    kiosk.submit("cy")
    html = text_of(kiosk.get("/cy/thanks"))
    assert "Diolch am rannu eich barn." in html and "0808 808 2234" in html
    assert 'form="kiosk-reset"' in html and "Gorffen" in html and "Finish" in html
    assert 'data-seconds="20"' in html and "ymhen 20 eiliad" in html


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_no_page_leads_off_the_survey(kiosk: Respondent, answer_all: Callable[..., None], lang: str) -> None:
    for path in kiosk_pages(kiosk, answer_all, lang)[1:] + [""]:
        html = text_of(kiosk.get(path))
        for href in HREF.findall(html):
            assert href.startswith(kiosk.base) or href.startswith("/static/"), (path, href)
        assert 'method="post" action="' + kiosk.base + '/reset"' in html, path
    start = text_of(kiosk.get(f"/{lang}"))
    assert "example.org" in start  # the privacy notice's address is shown as words, never as a link
    assert kiosk.base + f"/{lang}/privacy" in start


def test_every_kiosk_page_says_no_store(kiosk: Respondent, answer_all: Callable[..., None],
                                        client: FlaskClient) -> None:
    paths = kiosk_pages(kiosk, answer_all, "en")[1:]
    responses = [kiosk.get(path) for path in paths]
    assert responses[-2].status_code == 200  # the check page: the answers are all there
    responses += [kiosk.post("/en/p/your-area", {"area": "powys"}), kiosk.submit("en"), kiosk.get("/en/thanks"),
                  client.post(f"{kiosk.base}/reset"), client.post(f"{kiosk.base}/still-here"),
                  client.get("/k/" + "x" * 32), kiosk.get("")]
    for response in responses:
        assert response.headers["Cache-Control"] == "no-store", response.request.path
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_inputs_never_autofill(kiosk: Respondent, answer_all: Callable[..., None]) -> None:
    for page in ("your-area", "what-you-have-seen", "about-you"):
        html = text_of(kiosk.get(f"/en/p/{page}"))
        assert '<form id="answers" method="post" novalidate autocomplete="off">' in html
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
            if 'type="radio"' in tag or 'type="checkbox"' in tag or 'type="hidden"' in tag:
                continue
            assert 'autocomplete="off"' in tag, tag


def refused(client: FlaskClient, token: str, status: int, cy: str, en: str) -> str:
    for path in ("", "/cy", "/en/p/your-area", "/cy/check", "/en/thanks"):
        response = client.get(f"/k/{token}{path}")
        html = unescape(text_of(response))
        assert response.status_code == status, path
        assert cy in html and en in html
        assert "Drugs in our communities" not in html or "caption" in html
        assert 'name="csrf_token"' not in html and "radios__input" not in html
    return html


def test_unknown_links_are_refused_in_both_languages(client: FlaskClient, conformance: SurveyDefinition) -> None:
    html = refused(client, "x" * 32, 404, "Dydy'r ddolen hon ddim yn gweithio", "This link is not working")
    assert "Cyffuriau" not in html
    assert client.get("/k/short").status_code == 404


def test_revoked_links_are_refused(client: FlaskClient, link: KioskLink) -> None:
    assert client.get(f"/k/{link.token}").status_code == 200
    revoke_link(link.token)
    refused(client, link.token, 410, "Mae'r ddolen hon wedi'i diffodd", "This link has been turned off")


def test_expired_links_are_refused(client: FlaskClient, conformance: SurveyDefinition) -> None:
    today = london_today()
    link = create_link(conformance.id, SITE, today)
    assert client.get(f"/k/{link.token}").status_code == 200
    link.expires_on = today - timedelta(days=1)
    db.session.commit()
    refused(client, link.token, 410, "Mae'r ddolen hon wedi dod i ben", "This link has expired")


def test_answers_cannot_be_posted_through_a_revoked_link(kiosk: Respondent, link: KioskLink) -> None:
    kiosk.post("/en/p/your-area", {"area": "powys"})
    page = kiosk.get("/en/p/about-you")
    revoke_link(link.token)
    token = re.search(r'name="csrf_token" value="([^"]+)"', text_of(page)).group(1)
    response = kiosk.client.post(f"{kiosk.base}/en/p/about-you", data={"csrf_token": token, "age-band": "18-34"})
    assert response.status_code == 410


def test_a_closed_survey_shows_no_survey(client: FlaskClient, link: KioskLink) -> None:
    set_status(link.survey_id, SurveyStatus.CLOSED)
    response = client.get(f"/k/{link.token}/en/p/your-area")
    assert response.status_code == 410 and "This survey has closed" in text_of(response)
    set_status(link.survey_id, SurveyStatus.DRAFT)
    assert client.get(f"/k/{link.token}").status_code == 403


def test_a_survey_that_stops_taking_kiosk_responses(client: FlaskClient, link: KioskLink,
                                                    make_survey: Callable[..., SurveyDefinition]) -> None:
    def public_only(raw: dict[str, Any]) -> None:
        raw["channels"] = ["public"]
    make_survey(public_only)
    assert client.get(f"/k/{link.token}/en").status_code == 404


def test_many_kiosks_behind_one_address_are_never_limited(app_config: dict[str, Any], link: KioskLink) -> None:
    from survey import create_app
    # the link's own limits (tests/kiosk/test_limits.py) set high: this is about the address's
    limited = create_app({**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_RESPOND": "2 per minute",
                          "RATELIMIT_SUBMIT": "1 per minute", "RATELIMIT_KIOSK_SUBMIT": "100 per minute"})
    environ = {"REMOTE_ADDR": "203.0.113.7"}
    try:
        for _ in range(4):  # four people in a row, all behind the service site's one address
            person = Respondent(limited.test_client(), f"/k/{link.token}")
            for page, data in (("your-area", {"area": "powys"}), ("what-you-have-seen", {"seen-dealing": "no"}),
                               ("services", {}), ("about-you", {})):
                assert person.post(f"/en/p/{page}", data, environ_base=environ).status_code == 302
            assert person.submit("en").status_code == 302
            assert person.client.post(f"{person.base}/reset", environ_base=environ).status_code == 303
        public = Respondent(limited.test_client(), "/s/conformance-check")
        statuses = [public.post("/en/p/your-area", {"area": "powys"}, environ_base=environ).status_code
                    for _ in range(3)]
        assert statuses[-1] == 429  # the limits are on: only kiosks are spared
    finally:
        with limited.app_context():
            db.engine.dispose()


def test_the_public_pages_have_a_quick_exit_that_forgets_answers(client: FlaskClient,
                                                                  conformance: SurveyDefinition) -> None:
    public = Respondent(client, "/s/conformance-check")
    public.post("/en/p/your-area", {"area": "powys"})
    html = text_of(public.get("/en/p/your-area"))
    assert 'value="powys" checked' in html
    assert 'href="/s/conformance-check/leave"' in html and "Leave quickly" in html
    assert "Gadael yn gyflym" in text_of(public.get("/cy/p/your-area"))
    left = client.get("/s/conformance-check/leave")
    assert left.status_code == 303 and left.location == "https://www.bbc.co.uk/weather"
    assert left.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert 'value="powys" checked' not in text_of(public.get("/en/p/your-area"))
    from survey.models import Draft
    assert db.session.scalars(select(Draft)).all() == []


@pytest.mark.parametrize("method, path, data, status, en", [
    ("post", "/en/p/your-area", {"csrf_token": "stale", "area": "powys"}, 400, "This page has expired"),
    ("get", "/en/p/no-such-page", None, 404, "Page not found"),
])
def test_problems_inside_a_kiosk_stay_inside_it(client: FlaskClient, link: KioskLink, method: str, path: str,
                                                data: dict[str, str] | None, status: int, en: str) -> None:
    base = f"/k/{link.token}"
    response = getattr(client, method)(base + path, data=data)
    html = unescape(text_of(response))
    assert response.status_code == status and en in html and "Dechrau eto" in html and "Start again" in html
    assert f'action="{base}/reset"' in html
    assert all(href.startswith("/static/") for href in HREF.findall(html))
    assert response.headers["Cache-Control"] == "no-store"
