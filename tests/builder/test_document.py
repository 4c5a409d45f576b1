"""The builder's document and edits: pure functions on the definition dict, judged by the loader."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from survey.builder import document, edits
from survey.definition import parse_definition
from tests.conftest import FIXTURES, conformance_raw

EXAMPLES = Path(__file__).resolve().parents[2] / "survey" / "examples"
DEFINITION_FILES = [FIXTURES / "conformance.yaml", *sorted(EXAMPLES.glob("*.yaml"))]


def parsed(raw: dict[str, Any]) -> dict[str, Any]:
    """The data a definition means: what the loader makes of it."""
    return parse_definition(copy.deepcopy(raw)).raw


@pytest.mark.parametrize("path", DEFINITION_FILES, ids=lambda p: p.name)
def test_a_file_read_and_written_again_means_the_same(path: Path) -> None:
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = document.read_yaml(path.read_bytes())
    written = document.to_yaml(doc)
    assert parsed(yaml.safe_load(written)) == parsed(original)
    assert document.problems(doc) == [] and document.missing_welsh(doc) == []


def test_missing_welsh_is_listed_by_place_and_the_loader_refuses_it() -> None:
    doc = conformance_raw()
    doc["pages"][2]["questions"][0]["options"][1]["label"]["cy"] = ""
    doc["thank_you"]["cy"] = "  "
    missing = document.missing_welsh(doc)
    assert [m.key for m in missing] == ["survey:thank_you", "q:used-services:option:treatment"]
    assert any(path == "pages[2].questions[0].options[1].label.cy" for path, _ in document.problems(doc))


def test_an_unfinished_file_opens_but_a_file_of_another_shape_does_not() -> None:
    unfinished = b"format: 1\nid: half-done\ntitle: {cy: '', en: Half done}\npages: []\n"
    assert document.read_yaml(unfinished)["id"] == "half-done"
    for bad in (b"- a list\n", b"id: Not A Slug\n", b"id: ok-id\npages: [{questions: [{type: essay}]}]\n",
                b"id: ok\nid: twice\n", b"\xff\xfe"):
        with pytest.raises(document.ShapeError):
            document.read_yaml(bad)


def test_pages_questions_and_options_move_copy_and_go() -> None:
    doc = conformance_raw()
    moved = edits.move(doc, ("pages",), 1, -1)
    assert [p["id"] for p in moved["pages"][:2]] == ["what-you-have-seen", "your-area"]
    assert edits.move(doc, ("pages",), 0, -1) == doc  # the first cannot go higher
    assert doc["pages"][0]["id"] == "your-area"     # the original is untouched
    copied = edits.duplicate(doc, ("pages",), 0)
    twin = copied["pages"][1]
    assert twin["id"] == "your-area-copy" and [q["id"] for q in twin["questions"]] == ["area-copy", "feel-safe-copy"]
    assert document.problems(copied) == []
    options = ("pages", 0, "questions", 0, "options")
    fewer = edits.remove(doc, options, 4)
    assert [o["value"] for o in document.node_at(fewer, options)][-1] == "powys"
    scale = ("pages", 0, "questions", 1, "scale")
    assert document.node_at(edits.duplicate(doc, scale, 0), scale)[1]["value"] == 6


def test_a_question_written_from_its_form_keeps_what_the_file_said() -> None:
    doc = conformance_raw()
    doc["pages"][0]["questions"][0]["required"] = False  # said, though it is the default
    data = edits.QuestionData(
        id="area", kind="single_choice", texts={"text": ("Ble?", "Where?")}, breakdown=True,
        items={"options": [edits.ItemData("powys", "Powys", "Powys"), edits.ItemData("ceredigion", "Ceredigion", "Ceredigion")]})
    new = edits.update_question(doc, 0, 0, data)
    question = new["pages"][0]["questions"][0]
    assert question == {"id": "area", "type": "single_choice", "required": False, "breakdown": True,
                        "text": {"cy": "Ble?", "en": "Where?"},
                        "options": [{"value": "powys", "label": {"cy": "Powys", "en": "Powys"}},
                                    {"value": "ceredigion", "label": {"cy": "Ceredigion", "en": "Ceredigion"}}]}


def test_changing_a_questions_type_drops_what_does_not_fit() -> None:
    doc = conformance_raw()
    data = edits.QuestionData(id="area", kind="number", texts={"text": ("Faint?", "How many?")}, min=0, max=10)
    question = edits.update_question(doc, 0, 0, data)["pages"][0]["questions"][0]
    assert question == {"id": "area", "type": "number", "text": {"cy": "Faint?", "en": "How many?"}, "min": 0, "max": 10}


def test_conditions_are_picked_and_follow_a_renamed_question() -> None:
    doc = conformance_raw()
    page = edits.update_page(doc, 3, edits.PageData("more-about-services", {"title": ("Eich profiad", "Your experience")},
                                                    [("used-services", ["treatment"]), ("seen-dealing", ["yes"])]))
    assert page["pages"][3]["show_if"] == [{"question": "used-services", "any_of": ["treatment"]},
                                          {"question": "seen-dealing", "any_of": ["yes"]}]
    assert document.problems(page) == []
    unchanged = edits.update_page(doc, 3, edits.PageData("more-about-services", {"title": ("Eich profiad", "Your experience")},
                                                         [("used-services", ["diversion", "peer-support", "treatment", "needle-exchange"])]))
    assert unchanged == doc  # the same condition, ticked: the file's own writing stays
    data = edits.QuestionData(id="seen", kind="single_choice", texts={"text": ("Ydych chi?", "Have you?")},
                              required=True, items={"options": [edits.ItemData(v, v, v) for v in ("yes", "no", "not-sure")]})
    renamed = edits.update_question(doc, 1, 0, data)
    assert renamed["pages"][1]["questions"][1]["show_if"] == {"question": "seen", "any_of": ["yes"]}
    assert document.problems(renamed) == []


def test_earlier_questions_are_the_only_ones_a_condition_can_name() -> None:
    doc = conformance_raw()
    assert [q["id"] for q in document.earlier_choice_questions(doc, 1, 1)] == ["area", "feel-safe", "seen-dealing"]
    assert [q["id"] for q in document.earlier_choice_questions(doc, 1, None)] == ["area", "feel-safe"]


def test_only_welsh_changed_tells_a_translation_from_anything_else() -> None:
    doc = conformance_raw()
    welsh = edits.apply_welsh(doc, {"q:area:text": "Ble rydych chi'n byw?", "survey:support": "Help"})
    assert edits.only_welsh_changed(doc, welsh)
    assert welsh["pages"][0]["questions"][0]["text"] == {"cy": "Ble rydych chi'n byw?", "en": "Which area do you live in?"}
    english = copy.deepcopy(doc)
    english["title"]["en"] = "Something else"
    assert not edits.only_welsh_changed(doc, english)
    structure = edits.remove(doc, ("pages", 0, "questions", 0, "options"), 0)
    assert not edits.only_welsh_changed(doc, structure)


def test_text_changes_name_each_wording_before_and_after() -> None:
    doc = conformance_raw()
    new = edits.apply_welsh(doc, {"q:comments:hint": "Peidiwch ag enwi neb."})
    new["title"]["en"] = "Drugs where you live"
    found = [(c.key, c.lang, c.after) for c in edits.text_changes(doc, new)]
    assert found == [("survey:title", "en", "Drugs where you live"), ("q:comments:hint", "cy", "Peidiwch ag enwi neb.")]
