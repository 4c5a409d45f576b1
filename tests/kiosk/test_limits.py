"""Kiosk links are limited per link, never per address: sending, and answering pages.

A kiosk is many people behind one address, so an address says nothing there; a link posted
to over and over (150 posts made 150 drafts) is what a limit can hold.
"""
from __future__ import annotations

from typing import Any, Callable

import pytest
from flask.testing import FlaskClient

from survey.definition import SurveyDefinition
from survey.kiosk.links import KioskLink, create_link
from tests.helpers import Respondent, text_of

KIOSK_LIMITS = {"RATELIMIT_ENABLED": True, "RATELIMIT_KIOSK_SUBMIT": "2 per minute",
                "RATELIMIT_KIOSK_RESPOND": "16 per minute", "RATELIMIT_RESPOND": "1 per minute"}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **KIOSK_LIMITS}


def next_person(kiosk: Respondent, number: int) -> Respondent:
    """Whoever uses the kiosk next: the visit is wiped, and each comes from an address of their own."""
    kiosk.client.post(f"{kiosk.base}/reset")
    kiosk.client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
    return kiosk


def send(person: Respondent, answer_all: Callable[[Respondent, str], None]) -> Any:
    answer_all(person, "en")
    return person.submit("en")


def test_sending_is_limited_per_kiosk_link_whatever_the_address(
        kiosk: Respondent, answer_all: Callable[..., None], client: FlaskClient,
        conformance: SurveyDefinition) -> None:
    sent = [send(next_person(kiosk, n), answer_all) for n in range(2)]
    assert [r.status_code for r in sent] == [302, 302]
    third = next_person(kiosk, 9)
    answer_all(third, "en")
    refused = third.submit("en")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    html = text_of(refused)
    assert "Please wait a moment" in html and "Arhoswch eiliad" in html  # both languages: a kiosk page
    assert f'href="{kiosk.base}/en/check"' in html and "Try again" in html
    assert refused.headers["Cache-Control"] == "no-store"
    assert third.get("/en/check").status_code == 200  # the answers wait on the check page
    other = Respondent(client, f"/k/{create_link(conformance.id, 'Y Drenewydd').token}")
    assert send(next_person(other, 9), answer_all).status_code == 302  # another link: a count of its own


def test_answering_pages_is_limited_per_kiosk_link_not_per_address(kiosk: Respondent, link: KioskLink) -> None:
    statuses = []
    for number in range(18):
        person = next_person(kiosk, number)
        statuses.append(person.post("/en/p/your-area", {"area": "powys"}).status_code)
    assert statuses[:16] == [302] * 16 and statuses[16:] == [429, 429]  # 16 a minute, across 18 addresses


def test_the_limits_do_not_apply_to_reading_or_leaving(kiosk: Respondent, answer_all: Callable[..., None]) -> None:
    for number in range(3):
        send(next_person(kiosk, number), answer_all)
    assert kiosk.get("/en/p/your-area").status_code == 200
    assert kiosk.client.post(f"{kiosk.base}/reset").status_code == 303
