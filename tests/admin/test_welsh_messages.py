"""The console's own words in Welsh and English: form messages, upload problems, export refusals, the audit log.

No message of WTForms (its English, or its own Welsh catalogue), of the JSON Schema library or
of the stored audit details reaches a Welsh page.
"""
from __future__ import annotations

import html
import importlib
import io
import pkgutil

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import survey
from survey import audit
from survey.forms import ProjectForm
from survey.hub.forms import ProgressForm

from .helpers import make_user, post, sign_in, text
from .test_results import answered, unreleased  # noqa: F401 - fixtures: 40 responses, release 1
from .test_welsh import visible_text as visible

SURVEY = "/admin/surveys/conformance-check"


def visible_text(page: str) -> str:
    return html.unescape(visible(page))
WTFORMS_WORDS = ("Not a valid", "integer", "This field is required", "Gwerth integer", "annilys", "Invalid")

# (form page, bad values, the message in Welsh, the message in English)
BAD_VALUES = [
    (SURVEY + "/exports", {"release": "1", "language": "cy", "min_cell": "ten"},
     "Rhowch rif cyfan, fel 10", "Enter a whole number, like 10"),
    (SURVEY + "/schedule", {"opens_at": "next Tuesday", "closes_at": ""},
     "Rhowch ddyddiad ac amser go iawn", "Enter a real date and time"),
    (SURVEY + "/kiosk", {"site": "Llyfrgell Aberystwyth", "expires_on": "31/02/2027"},
     "Rhowch ddyddiad go iawn", "Enter a real date"),
]


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("url, data, welsh, english", BAD_VALUES)
def test_a_bad_value_gets_the_projects_message(app, client, answered, lang, url, data, welsh, english):  # noqa: F811
    make_user(language=lang)
    sign_in(client)
    response = post(client, url, data)
    assert response.status_code == 400
    shown = visible_text(text(response))
    assert (welsh if lang == "cy" else english) in shown
    assert not [word for word in WTFORMS_WORDS if word in shown]


@pytest.mark.parametrize("lang, message", [("cy", "Rhowch ddyddiad go iawn"), ("en", "Enter a real date")])
def test_the_hubs_progress_date_gets_the_projects_message(app, lang, message):
    with app.test_request_context(method="POST"), force_locale(lang):
        form = ProgressForm(formdata=MultiDict({"day": "5 October", "status": "done", "text_cy": "Gwnaed",
                                                "text_en": "Done"}), meta={"csrf": False})
        assert not form.validate()
        assert form.day.errors == [message]


def test_every_form_in_the_package_speaks_the_projects_words(app):
    for module in pkgutil.walk_packages(survey.__path__, "survey."):
        importlib.import_module(module.name)
    forms, waiting = [], [FlaskForm]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            forms.append(sub)
            waiting.append(sub)
    ours = [form for form in forms if form.__module__.startswith("survey.")]
    assert ours and all(issubclass(form, ProjectForm) for form in ours), [f for f in ours if not issubclass(f, ProjectForm)]


PROBLEMS = b"""format: 1
id: welsh-problems
title: {cy: "Arolwg", en: "Survey"}
description: {cy: "Disgrifiad", en: "Description"}
privacy: {cy: "Preifatrwydd", en: "Privacy"}
channels: [email]
pages:
  - id: one
    questions:
      - {id: q1, type: single_choice, text: {cy: "Cwestiwn", en: "Question"},
         options: [{value: a, label: {cy: "A", en: "A"}}, {value: a, label: {cy: "B"}}]}
"""


def test_an_upload_with_problems_is_told_in_welsh(app, client):
    make_user(language="cy")
    sign_in(client)
    response = post(client, "/admin/surveys/upload",
                    {"definition": (io.BytesIO(PROBLEMS), "problems.yaml")},
                    form_page="/admin/surveys/upload", content_type="multipart/form-data")
    assert response.status_code == 400
    shown = visible_text(text(response))
    assert "does dim modd rhoi 'email' yma" in shown  # the schema's enum, as a Welsh sentence
    assert "mae 'en' ar goll: rhaid ei roi yma" in shown  # a required key
    for english in ("is not one of", "is a required property", "Failed validating"):
        assert english not in shown


def test_a_rule_problem_is_told_in_welsh(app, client):
    make_user(language="cy")
    sign_in(client)
    fixed = PROBLEMS.replace(b"[email]", b"[public]").replace(b'{cy: "B"}', b'{cy: "B", en: "B"}')
    response = post(client, "/admin/surveys/upload", {"definition": (io.BytesIO(fixed), "rules.yaml")},
                    form_page="/admin/surveys/upload", content_type="multipart/form-data")
    shown = visible_text(text(response))
    assert "mae gwerth yr opsiwn 'a' wedi'i ddefnyddio ddwywaith" in shown
    assert "is used twice" not in shown


def test_an_export_refusal_is_one_welsh_sentence(app, client, answered):  # noqa: F811
    make_user(language="cy")
    sign_in(client)
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "cy", "min_cell": "9"})
    assert response.status_code == 400
    shown = visible_text(text(response))
    assert "Doedd dim modd creu'r allforiad: y rhif lleiaf sy'n cael ei ddangos ar gyfer conformance-check yw 10" in shown
    assert "never lower it" not in shown and "minimum cell" not in shown


def test_the_welsh_audit_log_names_actions_and_says_details_in_welsh(app, client, answered):  # noqa: F811
    make_user(language="cy")
    sign_in(client, password="not the password at all")
    sign_in(client)
    post(client, SURVEY + "/close", form_page=SURVEY)
    post(client, SURVEY + "/schedule", {"opens_at": "2027-01-04T09:00", "closes_at": "2027-02-01T17:00"})
    audit.record("admin@example.org", audit.Action.EXPORT_MADE, "conformance-check",
                 "release=1 language=cy min_cell=10 by=area")
    page = text(client.get("/admin/audit")).split("<tbody>")[1].split("</tbody>")[0]
    shown = visible_text("<body>" + page)
    for welsh in ("Wedi mewngofnodi", "Mewngofnodi wedi'i wrthod", "Cyfrinair anghywir.", "Arolwg wedi'i gau",
                  "Rhyddhad 1: ymatebion 40 i gyd", "Y system", "Allforiad wedi'i greu",
                  "Rhyddhad 1, labeli yn Gymraeg, y rhif lleiaf sy'n cael ei ddangos 10, wedi'i rannu yn ôl area."):
        assert welsh in shown, welsh
    for event in audit.recent():
        assert event.action not in shown, event.action
        if event.detail:
            assert event.detail not in shown, event.detail
    for english in ("wrong password", "release=", "responses,"):
        assert english not in shown
    assert "<td>system</td>" not in page


def test_every_audit_action_has_a_name_in_both_languages(app):
    """An action added to audit.Action without a name would show its code in the Welsh console."""
    from survey.admin.audit_text import ACTIONS, action_name
    actions = [value for name, value in vars(audit.Action).items() if name.isupper()]
    assert len(actions) > 20
    for action in actions:
        assert action in ACTIONS, action
        with app.test_request_context(), force_locale("cy"):
            assert action_name(action) != action


def test_publishing_you_said_is_told_in_welsh(app):
    from survey.admin.audit_text import detail_text
    with app.test_request_context(), force_locale("cy"):
        told = detail_text(audit.Action.YOU_SAID_PUBLISHED, "drugs release 2: q1, q2")
        none = detail_text(audit.Action.YOU_SAID_PUBLISHED, "drugs release 2: no questions")
    assert told.startswith("Arolwg drugs, rhyddhad 2") and "q1, q2" in told
    assert none.startswith("Arolwg drugs, rhyddhad 2") and "no questions" not in none
