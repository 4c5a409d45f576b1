"""The translator role: Welsh text in the builder, and nothing else, enforced on the server."""
from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.admin import accounts
from survey.builder import edits, store
from survey.extensions import db
from survey.models import Survey
from tests.admin.helpers import PASSWORD, sign_in, text
from tests.admin.test_authorisation import requests_for
from tests.conftest import conformance_raw

from .helpers import question_form, settings_form

BASE = "/admin/builder"
TRANSLATOR = "cyfieithydd@example.org"


@pytest.fixture
def translator(app: Flask, client: FlaskClient, runner: Any, conformance: Any) -> FlaskClient:
    """A translator made as the README says, from the command line, and signed in."""
    result = runner.invoke(args=["users", "create", TRANSLATOR, "--role", "translator"], input=PASSWORD + "\n")
    assert result.exit_code == 0 and "created (translator)" in result.output, result.output
    app.config["WTF_CSRF_ENABLED"] = False
    assert sign_in(client, TRANSLATOR).status_code == 302
    return client


def latest_doc() -> dict[str, Any]:
    return store.current("conformance-check").doc


def test_a_translator_lands_in_the_builder_and_saves_welsh(translator: FlaskClient) -> None:
    assert translator.get("/admin/").headers["Location"].endswith("/admin/builder/")
    page = text(translator.get(f"{BASE}/conformance-check/welsh"))
    assert 'name="cy-q:area:text"' in page and 'name="en-q:area:text"' not in page
    saved = translator.post(f"{BASE}/conformance-check/welsh",
                            data={"cy-q:area:text": "Ble rydych chi'n byw?", "en-q:area:text": "Changed?",
                                  "cy-survey:title": "Cyffuriau yn ein cymunedau"})
    assert saved.status_code == 302
    doc = latest_doc()
    assert doc["pages"][0]["questions"][0]["text"] == {"cy": "Ble rydych chi'n byw?", "en": "Which area do you live in?"}
    assert edits.only_welsh_changed(conformance_raw(), doc)
    assert store.latest("conformance-check").author == TRANSLATOR


def test_a_translator_can_change_nothing_else(translator: FlaskClient, app: Flask) -> None:
    before = latest_doc()
    question = conformance_raw()["pages"][0]["questions"][0]
    attempts = [
        (f"{BASE}/conformance-check/settings", settings_form(conformance_raw()) | {"title-en": "New"}),
        (f"{BASE}/conformance-check/pages/1/questions/1", question_form(question) | {"text-en": "New"}),
        (f"{BASE}/conformance-check/pages/1", {"id": "renamed"}),
        (f"{BASE}/conformance-check/pages", {"action": "remove:0"}),
        (f"{BASE}/conformance-check/pages/1/questions", {"action": "add", "type": "text"}),
        (f"{BASE}/conformance-check/store", {}),
        (f"{BASE}/conformance-check/versions/1/restore", {}),
        (f"{BASE}/new", {"new_id": "mine"}),
        (f"{BASE}/copy", {"copy_from": "conformance-check", "copy_id": "mine"}),
        (f"{BASE}/upload", {}),
        ("/admin/surveys/conformance-check/close", {}),
        ("/admin/users", {"email": "x@example.org", "role": "admin"}),
    ]
    for url, data in attempts:
        assert translator.post(url, data=data).status_code == 403, url
    for url in ("/admin/surveys/conformance-check", "/admin/surveys/conformance-check/results",
                "/admin/surveys/conformance-check/exports", "/admin/audit"):
        assert translator.get(url).status_code in (403, 404), url
    # Welsh only, even through the translation import, which names texts by key:
    english = json.dumps({"q:area:text": "Ble?"})
    assert translator.post(f"{BASE}/conformance-check/translation/apply", data={"welsh": english}).status_code == 302
    assert latest_doc()["pages"][0]["questions"][0]["text"]["en"] == before["pages"][0]["questions"][0]["text"]["en"]
    assert db.session.get(Survey, "conformance-check").definition.question("area").text.cy == "Ym mha ardal ydych chi'n byw?"


def test_the_rule_holds_below_the_pages_too(translator: FlaskClient) -> None:
    """Whatever page a change comes through, store.save refuses a translator anything but Welsh."""
    english = conformance_raw()
    english["title"]["en"] = "Something else"
    with pytest.raises(store.BuilderError):
        store.save("conformance-check", english, TRANSLATOR, accounts.TRANSLATOR)
    fewer = edits.remove(conformance_raw(), ("pages",), 4)
    with pytest.raises(store.BuilderError):
        store.save("conformance-check", fewer, TRANSLATOR, accounts.TRANSLATOR)
    welsh = edits.apply_welsh(conformance_raw(), {"survey:title": "Teitl"})
    assert store.save("conformance-check", welsh, TRANSLATOR, accounts.TRANSLATOR).number == 1


def test_translators_reach_only_the_builders_shared_pages(translator: FlaskClient, app: Flask) -> None:
    allowed = refused = 0
    for endpoint, method, url in requests_for(app):
        if endpoint in ("admin.sign_in", "admin.sign_out"):
            continue
        roles = app.view_functions[endpoint].allowed_roles
        status = translator.open(url, method=method).status_code
        if "translator" in roles:
            assert status != 403, (endpoint, method)
            allowed += 1
        else:
            assert status == 403, (endpoint, method, status)
            refused += 1
    assert allowed >= 10 and refused >= 20


def test_an_admin_can_add_a_translator_in_the_console(app: Flask, client: FlaskClient) -> None:
    from tests.admin.helpers import post, signed_in_admin
    signed_in_admin(client)
    assert "Translator: edits the Welsh text of surveys, nothing else" in text(client.get("/admin/users"))
    made = post(client, "/admin/users", {"email": "cy@example.org", "role": "translator", "language": "cy",
                                         "password": PASSWORD})
    assert made.status_code == 302
    assert accounts.find_user("cy@example.org").role == "translator"
    assert "Translator" in text(client.get("/admin/users"))
