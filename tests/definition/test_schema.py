"""The JSON Schema of the survey definition format (survey/definition/schema.json)."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "survey" / "definition" / "schema.json"
FIXTURE_PATH = ROOT / "tests" / "fixtures" / "conformance.yaml"


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def conformance():
    return yaml.safe_load(FIXTURE_PATH.read_text(encoding="utf-8"))


def find_question(survey, question_id):
    for page in survey["pages"]:
        for question in page["questions"]:
            if question["id"] == question_id:
                return question
    raise KeyError(question_id)


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://llais.cymru/schema/survey-format-1.json"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_conformance_fixture_is_valid(validator, conformance):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(conformance)]
    assert errors == []


def test_dates_and_a_list_of_conditions_are_accepted(validator, conformance):
    survey = copy.deepcopy(conformance)
    survey["opens"] = "2026-12-01T09:00"
    survey["closes"] = "2027-01-31"
    find_question(survey, "times-seen")["show_if"] = [
        {"question": "seen-dealing", "any_of": ["yes"]},
        {"question": "feel-safe", "any_of": [1, 2]},
    ]
    assert list(validator.iter_errors(survey)) == []


def _missing_cy_in_title(s):
    del s["title"]["cy"]


def _whitespace_only_en(s):
    s["pages"][0]["title"]["en"] = "  \n\t "


def _unknown_top_level_key(s):
    s["colour"] = "red"


def _optins_typo(s):
    question = find_question(s, "area")
    question["optins"] = question.pop("options")


def _options_on_text_question(s):
    find_question(s, "comments")["options"] = copy.deepcopy(find_question(s, "area")["options"])


def _max_choices_on_single_choice(s):
    find_question(s, "area")["max_choices"] = 2


def _breakdown_on_scale(s):
    find_question(s, "feel-safe")["breakdown"] = True


def _uppercase_id(s):
    find_question(s, "area")["id"] = "Area"


def _uppercase_survey_id(s):
    s["id"] = "Conformance-Check"


def _empty_pages(s):
    s["pages"] = []


def _show_if_without_any_of(s):
    del find_question(s, "times-seen")["show_if"]["any_of"]


def _email_channel(s):
    s["channels"] = ["public", "email"]


def _bad_opens(s):
    s["opens"] = "1 December 2026"


def _single_option(s):
    question = find_question(s, "area")
    question["options"] = question["options"][:1]


def _unquoted_yes_option_value(s):
    find_question(s, "seen-dealing")["options"][0]["value"] = True


BROKEN = {
    "missing cy in title": _missing_cy_in_title,
    "whitespace-only en": _whitespace_only_en,
    "unknown top-level key": _unknown_top_level_key,
    "unknown question key optins": _optins_typo,
    "options on a text question": _options_on_text_question,
    "max_choices on a single_choice": _max_choices_on_single_choice,
    "breakdown on a scale": _breakdown_on_scale,
    "question id with uppercase": _uppercase_id,
    "survey id with uppercase": _uppercase_survey_id,
    "empty pages": _empty_pages,
    "show_if without any_of": _show_if_without_any_of,
    "channels containing email": _email_channel,
    "opens not a date": _bad_opens,
    "single_choice with one option": _single_option,
    "option value read as a boolean": _unquoted_yes_option_value,
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_broken_variants_are_refused(validator, conformance, change):
    survey = copy.deepcopy(conformance)
    change(survey)
    assert list(validator.iter_errors(survey)), "the broken definition was accepted"
    # the fixture itself is untouched by the deep copy
    assert list(validator.iter_errors(conformance)) == []
