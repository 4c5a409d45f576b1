"""A database failure while sending: nothing is lost, and trying again never stores twice."""
from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Response
from survey.respond import views
from tests.helpers import CSRF, Respondent, text_of

BASE = "/s/conformance-check"


def answered(client: FlaskClient) -> Respondent:
    you = Respondent(client, BASE)
    you.get("/en")
    for page, answers in (("your-area", {"area": "powys"}), ("what-you-have-seen", {"seen-dealing": "no"}),
                          ("services", {}), ("about-you", {})):
        assert you.post(f"/en/p/{page}", answers).status_code == 302
    return you


def stored() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Response)) or 0)


def try_again(client: FlaskClient, page_html: str) -> Any:
    key = re.search(r'name="submission_key" value="([^"]+)"', page_html)
    assert key and 'method="post"' in page_html and f'action="{BASE}/en/check"' in page_html
    return client.post(f"{BASE}/en/check", data={"csrf_token": CSRF.search(page_html).group(1),
                                                 "submission_key": key.group(1)})


@pytest.mark.parametrize("stored_before_the_failure", [False, True])
def test_trying_again_stores_exactly_once(client: FlaskClient, conformance: SurveyDefinition,
                                          monkeypatch: pytest.MonkeyPatch, stored_before_the_failure: bool) -> None:
    you = answered(client)
    real_add = views.add_response

    def failing(*args: Any, **kwargs: Any) -> Any:
        if stored_before_the_failure:  # the commit went through, but the reply to it was lost
            real_add(*args, **kwargs)
            db.session.commit()
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(views, "add_response", failing)
    failed = you.submit("en")
    assert failed.status_code == 503
    assert "Sorry, your answers were not sent" in text_of(failed)
    monkeypatch.setattr(views, "add_response", real_add)
    again = try_again(client, text_of(failed))
    assert again.status_code == 302 and again.location.endswith("/en/thanks")
    assert stored() == 1
