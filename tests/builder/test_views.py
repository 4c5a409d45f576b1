"""The builder's pages: building a survey with plain forms, round trips, versions, and the rules."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from survey import audit
from survey.builder import store
from survey.builder.models import BuilderVersion
from survey.definition import parse_definition
from survey.extensions import db
from survey.models import Survey
from survey.responses import Provenance, add_response
from tests.admin.helpers import post, signed_in_admin, text
from tests.conftest import conformance_raw

from .helpers import page_form, question_form, settings_form
from .test_document import DEFINITION_FILES, parsed

BASE = "/admin/builder"


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> FlaskClient:
    app.config["WTF_CSRF_ENABLED"] = False  # these tests are about the builder; CSRF is checked below
    signed_in_admin(client)
    return client


def saved_yaml(client: FlaskClient, survey_id: str) -> dict[str, Any]:
    response = client.get(f"{BASE}/{survey_id}/definition.yaml")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    return yaml.safe_load(response.get_data(as_text=True))


def ok(response: Any) -> Any:
    assert response.status_code == 302, (response.status_code, text(response)[:2000])
    return response


def build_through_forms(client: FlaskClient, raw: dict[str, Any]) -> None:
    """Everything a person does in the builder to make `raw` from nothing, form by form."""
    survey_id = raw["id"]
    ok(client.post(f"{BASE}/new", data={"new_id": survey_id}))
    ok(client.post(f"{BASE}/{survey_id}/settings", data=settings_form(raw)))
    for page_number, page in enumerate(raw["pages"], start=1):
        ok(client.post(f"{BASE}/{survey_id}/pages", data={"action": "add"}))
        for question_number, question in enumerate(page["questions"], start=1):
            added = ok(client.post(f"{BASE}/{survey_id}/pages/{page_number}/questions",
                                   data={"action": "add", "type": question["type"]}))
            assert added.headers["Location"].endswith(f"/pages/{page_number}/questions/{question_number}")
            ok(client.post(added.headers["Location"], data=question_form(question)))
        ok(client.post(f"{BASE}/{survey_id}/pages/{page_number}", data=page_form(page)))


def test_the_conformance_fixture_built_with_the_forms_is_the_fixture(admin: FlaskClient) -> None:
    fixture = conformance_raw()
    build_through_forms(admin, fixture)
    built = saved_yaml(admin, "conformance-check")
    assert parse_definition(built) == parse_definition(conformance_raw())  # the loader's objects: equal
    assert {k: v for k, v in built.items() if k != "channels"} == {k: v for k, v in fixture.items() if k != "channels"}
    ok(admin.post(f"{BASE}/conformance-check/store"))
    stored = db.session.get(Survey, "conformance-check")
    assert stored.definition == parse_definition(conformance_raw())


@pytest.mark.parametrize("path", DEFINITION_FILES, ids=lambda p: p.name)
def test_upload_then_download_gives_the_same_definition(admin: FlaskClient, path: Path) -> None:
    with path.open("rb") as f:
        ok(admin.post(f"{BASE}/upload", data={"definition": (f, path.name)}, content_type="multipart/form-data"))
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert parsed(saved_yaml(admin, original["id"])) == parsed(original)


def test_a_stored_survey_opens_in_the_builder_unchanged(admin: FlaskClient, conformance: Any) -> None:
    assert saved_yaml(admin, "conformance-check") == json.loads(db.session.get(Survey, "conformance-check").definition_json)
    page = text(admin.get(f"{BASE}/conformance-check"))
    assert "This is the survey as stored" in page and "Welsh is missing" not in page


def test_buttons_add_move_copy_and_delete(admin: FlaskClient, conformance: Any) -> None:
    ok(admin.post(f"{BASE}/conformance-check/pages", data={"action": "down:0"}))
    ok(admin.post(f"{BASE}/conformance-check/pages/2/questions", data={"action": "copy:0"}))
    ok(admin.post(f"{BASE}/conformance-check/pages/2/questions", data={"action": "remove:1"}))
    question = f"{BASE}/conformance-check/pages/2/questions/1"
    form = question_form(conformance_raw()["pages"][0]["questions"][0])
    ok(admin.post(question, data={**form, "action": "options:up:4"}))
    doc = saved_yaml(admin, "conformance-check")
    assert [p["id"] for p in doc["pages"][:2]] == ["what-you-have-seen", "your-area"]
    assert [q["id"] for q in doc["pages"][1]["questions"]] == ["area", "feel-safe"]
    area = doc["pages"][1]["questions"][0]
    assert [o["value"] for o in area["options"]] == ["carmarthenshire", "ceredigion", "pembrokeshire", "elsewhere", "powys"]
    ok(admin.post(question, data={**question_form(area), "action": "options:add"}))
    added = saved_yaml(admin, "conformance-check")["pages"][1]["questions"][0]["options"]
    assert [o["value"] for o in added][-2:] == ["powys", "new"] and added[-1]["label"] == {"cy": "", "en": ""}
    page = text(admin.get(question))
    assert 'id="options-5-cy"' in page and "Welsh missing" in page


def test_every_change_is_a_version_saying_who_and_when(admin: FlaskClient, conformance: Any) -> None:
    ok(admin.post(f"{BASE}/conformance-check/pages", data={"action": "add"}))
    ok(admin.post(f"{BASE}/conformance-check/pages", data={"action": "remove:5"}))
    assert "To undo this, go back to the version before" in text(admin.get(f"{BASE}/conformance-check"))
    versions = store.history("conformance-check")
    assert [(v.number, v.author) for v in versions] == [(2, "admin@example.org"), (1, "admin@example.org")]
    assert len(json.loads(versions[1].definition_json)["pages"]) == 6
    ok(admin.post(f"{BASE}/conformance-check/versions/1/restore"))
    assert len(saved_yaml(admin, "conformance-check")["pages"]) == 6
    assert "admin@example.org" in text(admin.get(f"{BASE}/conformance-check/versions"))


def test_a_survey_cannot_be_stored_while_welsh_is_missing(admin: FlaskClient, conformance: Any) -> None:
    ok(admin.post(f"{BASE}/conformance-check/welsh", data={"cy-q:area:text": ""}))
    page = text(admin.get(f"{BASE}/conformance-check"))
    assert "Welsh is missing in 1 place" in page and "q:area:text" in page
    refused = admin.post(f"{BASE}/conformance-check/store")
    assert refused.status_code == 400 and "could not be stored" in text(refused)
    assert db.session.get(Survey, "conformance-check").definition.question("area").text.cy


def test_with_responses_only_wording_changes_and_each_change_is_audited(admin: FlaskClient, conformance: Any) -> None:
    add_response(conformance, {"area": "powys"}, Provenance("cy", "public"), date(2026, 12, 3))
    db.session.commit()
    removed = admin.post(f"{BASE}/conformance-check/pages/1/questions", data={"action": "remove:0"})
    assert removed.status_code == 400 and "only its wording can change" in text(removed)
    assert "pages[0].questions[0].breakdown was removed" in text(removed)  # the loader's reason, shown too
    form = question_form(conformance_raw()["pages"][0]["questions"][0])
    retyped = admin.post(f"{BASE}/conformance-check/pages/1/questions/1", data={**form, "type": "multiple_choice"})
    assert retyped.status_code == 400
    ok(admin.post(f"{BASE}/conformance-check/pages/1/questions/1", data={**form, "text-en": "Where do you live?"}))
    ok(admin.post(f"{BASE}/conformance-check/store"))
    assert db.session.get(Survey, "conformance-check").definition.question("area").text.en == "Where do you live?"
    events = audit.recent(action=store.SURVEY_TEXT_CHANGED)
    assert [e.detail for e in events] == [
        'q:area:text (en): before "Which area do you live in?", after "Where do you live?"']


def test_a_copy_keeps_question_ids_under_a_new_survey_id(admin: FlaskClient, conformance: Any) -> None:
    ok(admin.post(f"{BASE}/copy", data={"copy_from": "conformance-check", "copy_id": "conformance-2027"}))
    copy = saved_yaml(admin, "conformance-2027")
    assert copy["id"] == "conformance-2027" and copy["pages"] == conformance_raw()["pages"]
    taken = admin.post(f"{BASE}/copy", data={"copy_from": "conformance-check", "copy_id": "conformance-2027"})
    assert taken.status_code == 400 and "already a survey with this id" in text(taken)


def test_a_translation_file_shows_what_changes_before_it_is_applied(admin: FlaskClient, conformance: Any) -> None:
    xliff = admin.get(f"{BASE}/conformance-check/translation.xlf").get_data()
    changed = xliff.replace("Dim un o&apos;r rhain".encode(), "Dim un ohonyn nhw".encode()).replace(
        "Dim un o'r rhain".encode(), "Dim un ohonyn nhw".encode())
    assert changed != xliff
    shown = admin.post(f"{BASE}/conformance-check/translation", content_type="multipart/form-data",
                       data={"translation": (__import__("io").BytesIO(changed), "back.xlf")})
    page = text(shown)
    assert shown.status_code == 200 and "Dim un ohonyn nhw" in page and "q:used-services:option:none" in page
    assert saved_yaml(admin, "conformance-check") == conformance_raw() | {"channels": ["public", "kiosk"]}
    welsh = json.dumps({"q:used-services:option:none": "Dim un ohonyn nhw"})
    ok(admin.post(f"{BASE}/conformance-check/translation/apply", data={"welsh": welsh}))
    options = saved_yaml(admin, "conformance-check")["pages"][2]["questions"][0]["options"]
    assert options[-1]["label"] == {"cy": "Dim un ohonyn nhw", "en": "None of these"}


def test_the_preview_is_the_respondents_page(admin: FlaskClient, conformance: Any) -> None:
    page = admin.get(f"{BASE}/conformance-check/preview/cy/p/your-area")
    assert page.status_code == 200 and "Ym mha ardal ydych chi&#39;n byw?" in text(page) and "Yn eich blaen" in text(page)
    refused = admin.post(f"{BASE}/conformance-check/preview/en/p/what-you-have-seen", data={})
    assert refused.status_code == 200 and "There is a problem" in text(refused)
    onwards = ok(admin.post(f"{BASE}/conformance-check/preview/en/p/what-you-have-seen", data={"seen-dealing": "no"}))
    assert onwards.headers["Location"].endswith("/preview/en/p/services")
    assert db.session.scalar(db.select(db.func.count()).select_from(BuilderVersion)) == 0


def test_the_preview_waits_until_nothing_is_left_to_put_right(admin: FlaskClient, conformance: Any) -> None:
    ok(admin.post(f"{BASE}/conformance-check/welsh", data={"cy-survey:title": ""}))
    refused = ok(admin.get(f"{BASE}/conformance-check/preview/en"))
    assert refused.headers["Location"].endswith(f"{BASE}/conformance-check")
    assert "nothing left to put right" in text(admin.get(refused.headers["Location"]))


def test_builder_forms_need_their_token(app: Flask, client: FlaskClient, conformance: Any) -> None:
    signed_in_admin(client)
    assert client.post(f"{BASE}/conformance-check/pages", data={"action": "add"}).status_code == 400
    assert post(client, f"{BASE}/conformance-check/pages", {"action": "add"},
                form_page=f"{BASE}/conformance-check").status_code == 302


def test_a_condition_left_behind_by_a_move_is_removed_and_said(admin: FlaskClient, conformance: Any) -> None:
    """times-seen depends on seen-dealing; moved above it, its condition can no longer be ticked."""
    ok(admin.post(f"{BASE}/conformance-check/pages/2/questions", data={"action": "up:1"}))
    moved = saved_yaml(admin, "conformance-check")["pages"][1]["questions"][0]
    assert moved["id"] == "times-seen" and "show_if" in moved
    ok(admin.post(f"{BASE}/conformance-check/pages/2/questions/1", data=question_form(moved)))
    assert "show_if" not in saved_yaml(admin, "conformance-check")["pages"][1]["questions"][0]
    assert "no longer comes before this one" in text(admin.get(f"{BASE}/conformance-check"))


def test_the_smallest_group_and_the_release_size_are_settings(admin: FlaskClient, conformance: Any) -> None:
    form = settings_form(conformance_raw())
    ok(admin.post(f"{BASE}/conformance-check/settings", data={**form, "min_cell": "12", "release_min_new": "30"}))
    saved = saved_yaml(admin, "conformance-check")
    assert (saved["min_cell"], saved["release_min_new"]) == (12, 30)
    bad = admin.post(f"{BASE}/conformance-check/settings", data={**form, "min_cell": "twelve"})
    assert bad.status_code == 400 and 'href="#min_cell"' in text(bad)


def test_settings_refuse_what_cannot_be_saved(admin: FlaskClient, conformance: Any) -> None:
    form = settings_form(conformance_raw())
    bad = admin.post(f"{BASE}/conformance-check/settings", data={**form, "retention_days": "a year"})
    assert bad.status_code == 400 and "Enter a whole number, such as 10" in text(bad) and 'href="#retention_days"' in text(bad)
    renamed = admin.post(f"{BASE}/conformance-check/settings", data={**form, "id": "another-id"})
    assert renamed.status_code == 400 and "cannot change" in text(renamed)
    assert store.latest("conformance-check") is None and store.latest("another-id") is None
    ok(admin.post(f"{BASE}/new", data={"new_id": "draft-only"}))
    ok(admin.post(f"{BASE}/draft-only/settings", data={**settings_form(conformance_raw()), "id": "draft-renamed"}))
    assert store.current("draft-only") is None and [v.number for v in store.history("draft-renamed")] == [2, 1]


def test_two_saves_at_once_never_overwrite_each_other(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that lost the race for its version number is refused with a message, never a 500."""
    first = store.save("race", {**conformance_raw(), "id": "race"}, "a@example.org", "admin")
    monkeypatch.setattr(db.session, "scalar", lambda *args, **kwargs: None)  # a read made before the first save
    with pytest.raises(store.BuilderError) as refused:
        store.save("race", {**conformance_raw(), "id": "race"}, "b@example.org", "admin")
    assert str(refused.value) == str(store.SAVED_MEANWHILE)
    monkeypatch.undo()
    assert [v.number for v in store.history("race")] == [first.number]
