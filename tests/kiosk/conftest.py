"""Fixtures for kiosk tests: a kiosk link to the conformance survey, and a respondent at it."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from survey.definition import SurveyDefinition
from survey.kiosk.links import create_link
from survey.models import KioskLink
from tests.helpers import Respondent

SITE = "Canolfan Aberystwyth"


@pytest.fixture(autouse=True)
def fresh_form_token_per_request(app: Flask) -> None:
    """Requests made while a test holds the app context share `g`, where Flask-WTF caches the form
    token; a real server gives every request its own. Forget it, so a wiped session gets a new one."""
    @app.before_request
    def forget_form_token() -> None:
        g.pop("csrf_token", None)


@pytest.fixture
def link(conformance: SurveyDefinition) -> KioskLink:
    """An active kiosk link to the conformance survey at SITE."""
    return create_link(conformance.id, SITE)


@pytest.fixture
def kiosk(client: FlaskClient, link: KioskLink) -> Respondent:
    """Someone at the kiosk (the kiosk's browser: one client, one cookie jar)."""
    return Respondent(client, f"/k/{link.token}")


ANSWERS: list[tuple[str, dict[str, Any]]] = [
    ("your-area", {"area": "powys", "feel-safe__daytime": "4"}),
    ("what-you-have-seen", {"seen-dealing": "yes", "times-seen": "7"}),
    ("services", {"used-services": ["peer-support"]}),
    ("more-about-services", {"service-helped": "3"}),
    ("about-you", {"age-band": "35-54", "comments": "Mwy o olau stryd"}),
]


@pytest.fixture
def answer_all() -> Callable[[Respondent, str], None]:
    """Answer every page of the conformance survey (the check page comes next)."""
    def answer(person: Respondent, lang: str) -> None:
        for page, data in ANSWERS:
            response = person.post(f"/{lang}/p/{page}", data)
            assert response.status_code == 302, person.errors(response)
    return answer
