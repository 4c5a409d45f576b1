"""The surveys screens: list, upload (with the loader's errors), preview, open, close, schedule."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
import yaml

from survey import audit
from survey.admin.operations import state_of
from survey.vocabulary import SurveyState as State
from survey.extensions import db
from survey.models import Survey
from survey.responses import Provenance, add_response
from survey.models import london_now
from tests.conftest import FIXTURES, conformance_raw
from tests.definition.test_loader_limits import ALIAS_BOMB

from .helpers import post, signed_in_admin, signed_in_analyst, text


def upload(client, content: bytes, name: str = "survey.yaml"):
    return post(client, "/admin/surveys/upload", {"definition": (io.BytesIO(content), name)},
                content_type="multipart/form-data")


def test_the_list_shows_each_survey_with_its_state(app, client, make_survey):
    make_survey()
    make_survey(lambda raw: raw.update(id="second-survey"), open_it=False)
    signed_in_admin(client)
    page = text(client.get("/admin/"))
    assert "Drugs in our communities" in page
    assert "/admin/surveys/second-survey" in page
    assert "Open" in page and "Draft: not open" in page


def test_uploading_a_good_file_loads_a_draft_and_shows_its_preview(app, client):
    signed_in_admin(client)
    response = upload(client, (FIXTURES / "conformance.yaml").read_bytes(), "conformance.yaml")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/surveys/conformance-check/preview"
    survey = db.session.get(Survey, "conformance-check")
    assert survey is not None and survey.status == "draft"
    event = audit.recent(action=audit.Action.SURVEY_LOADED)[0]
    assert (event.actor, event.subject) == ("admin@example.org", "conformance-check")
    assert "conformance.yaml" in event.detail
    preview = text(client.get(response.headers["Location"]))
    assert "Cyffuriau yn ein cymunedau" in preview and "Drugs in our communities" in preview
    assert '<div class="admin-preview__lang" lang="cy">' in preview
    assert "Pa mor ddiogel ydych chi" in preview and "How safe do you feel" in preview
    assert "Yn ystod y dydd" in preview  # grid rows


def test_a_bad_file_shows_every_problem_with_its_path(app, client):
    signed_in_admin(client)
    raw = conformance_raw()
    del raw["title"]["cy"]
    raw["pages"][0]["questions"][0]["options"][1]["label"]["en"] = ""
    response = upload(client, yaml.safe_dump(raw, allow_unicode=True).encode(), "my-survey.yaml")
    assert response.status_code == 400
    page = text(response)
    assert "Error:" in page.split("</title>")[0]
    assert "The survey could not be loaded" in page
    assert "my-survey.yaml: title" in page
    assert "pages[0].questions[0].options[1].label.en" in page
    assert 'href="#definition"' in page  # the error summary links to the file field
    assert db.session.get(Survey, "conformance-check") is None


def test_a_file_that_is_not_yaml_is_refused(app, client):
    signed_in_admin(client)
    response = upload(client, b"title: [unclosed", "broken.yaml")
    assert response.status_code == 400
    assert "broken.yaml" in text(response) and "not valid YAML" in text(response)
    response = upload(client, b"\x89PNG", "picture.png")
    assert response.status_code == 400
    assert "must be a YAML or JSON file" in text(response)


@pytest.mark.parametrize("content, words", [
    (ALIAS_BOMB.encode(), "anchors and aliases (&amp; and *) are not allowed"),
    (b"retention_days: " + b"7" * 5000 + b"\n", "a number can have at most 15 digits"),
    (b"[" * 60_000, "nested more than 20 levels deep"),
])
def test_a_hostile_file_gets_a_short_clear_answer(app, client, content, words):
    signed_in_admin(client)
    response = upload(client, content, "hostile.yaml")
    assert response.status_code == 400
    assert "hostile.yaml</code>: line 1" in text(response) and words in text(response)
    assert len(response.data) < 20_000


def test_no_file_chosen(app, client):
    signed_in_admin(client)
    response = post(client, "/admin/surveys/upload", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a survey definition file" in text(response)


def test_a_survey_with_responses_keeps_its_structure(app, client, conformance):
    add_response(conformance, {"area": "powys", "seen-dealing": "no"}, Provenance("cy", "public"), date(2026, 1, 5))
    db.session.commit()
    signed_in_admin(client)
    raw = conformance_raw()
    del raw["pages"][0]["questions"][0]["options"][4]
    response = upload(client, yaml.safe_dump(raw, allow_unicode=True).encode())
    assert response.status_code == 400
    assert "already has responses" in text(response)
    raw = conformance_raw()
    raw["title"]["en"] = "Drugs in our communities (2026)"
    response = upload(client, yaml.safe_dump(raw, allow_unicode=True).encode())
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, "conformance-check").definition.title.en == "Drugs in our communities (2026)"


def test_open_and_close(app, client, make_survey):
    make_survey(open_it=False)
    signed_in_admin(client)
    page = "/admin/surveys/conformance-check"
    assert post(client, page + "/open", form_page=page).status_code == 302
    assert db.session.get(Survey, "conformance-check").status == "open"
    assert client.get("/s/conformance-check/en").status_code == 200
    assert post(client, page + "/close", form_page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, "conformance-check").status == "closed"
    assert client.get("/s/conformance-check/en").status_code == 410
    actions = [e.action for e in audit.recent()]
    assert audit.Action.SURVEY_OPENED in actions and audit.Action.SURVEY_CLOSED in actions
    assert all(e.actor == "admin@example.org" for e in audit.recent() if e.action.startswith("survey_"))


def test_schedule_in_london_time(app, client, make_survey):
    make_survey(open_it=False)
    signed_in_admin(client)
    url = "/admin/surveys/conformance-check/schedule"
    opens = (london_now() + timedelta(days=2)).replace(second=0, microsecond=0)
    closes = opens + timedelta(days=30)
    response = post(client, url, {"opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
                                  "closes_at": closes.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    survey = db.session.get(Survey, "conformance-check")
    assert (survey.opens_at, survey.closes_at) == (opens, closes)
    assert survey.status == "open" and state_of(survey) == State.SCHEDULED
    assert client.get("/s/conformance-check/en").status_code == 403  # not open yet
    event = audit.recent(action=audit.Action.SURVEY_SCHEDULED)[0]
    assert opens.strftime("%Y-%m-%d %H:%M") in event.detail
    assert "Scheduled" in text(client.get("/admin/"))
    # "Open now" clears a future opening time so that the survey really opens.
    post(client, "/admin/surveys/conformance-check/open", form_page="/admin/surveys/conformance-check")
    db.session.expire_all()
    assert state_of(db.session.get(Survey, "conformance-check")) == State.OPEN


def test_a_closing_time_before_the_opening_time_is_refused(app, client, make_survey):
    make_survey(open_it=False)
    signed_in_admin(client)
    url = "/admin/surveys/conformance-check/schedule"
    response = post(client, url, {"opens_at": "2027-01-10T09:00", "closes_at": "2027-01-01T09:00"})
    assert response.status_code == 400
    assert "The closing time must be after the opening time" in text(response)
    response = post(client, url, {"opens_at": "tomorrow", "closes_at": ""})
    assert response.status_code == 400
    assert db.session.get(Survey, "conformance-check").opens_at is None


def test_analysts_can_read_but_not_change(app, client, conformance):
    signed_in_analyst(client)
    assert client.get("/admin/surveys/conformance-check").status_code == 200
    assert client.get("/admin/surveys/conformance-check/preview").status_code == 200
    response = post(client, "/admin/surveys/conformance-check/close", form_page="/admin/")
    assert response.status_code == 403
    assert db.session.get(Survey, "conformance-check").status == "open"


def test_an_unknown_survey_is_not_found(app, client):
    signed_in_admin(client)
    response = client.get("/admin/surveys/no-such-survey")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


def test_state_of_each_kind(app, conformance):
    survey = db.session.get(Survey, "conformance-check")
    now = datetime(2026, 6, 1, 12, 0)
    assert state_of(survey, now) == State.OPEN
    survey.closes_at = datetime(2026, 5, 1)
    assert state_of(survey, now) == State.ENDED
    survey.status = "closed"
    assert state_of(survey, now) == State.CLOSED
    survey.status, survey.closes_at = "draft", None
    assert state_of(survey, now) == State.DRAFT


def test_a_file_too_big_is_refused_beside_the_field(app, client):
    signed_in_admin(client)
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = upload(client, b"# padding\n" * 1000, "huge.yaml")
    assert response.status_code == 413
    page = text(response)
    assert "The file is too big. The largest file you can upload is 4 KB." in page
    assert 'id="definition-error"' in page
