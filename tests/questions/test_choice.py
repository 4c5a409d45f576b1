"""Single and multiple choice: every rule, its message in English and Welsh, and where it points."""
from __future__ import annotations

from typing import Any

import pytest

from survey.questions import kind_of
from survey.questions.base import StoredAnswer
from tests.questions.conftest import NO_PROBLEMS, expect, messages, options, question

AREAS = options(("powys", "Powys", "Powys"), ("ceredigion", "Ceredigion", "Ceredigion"),
                ("pembrokeshire", "Pembrokeshire", "Sir Benfro"))
SERVICES = options(("needle-exchange", "Needle exchange", "Cyfnewid nodwyddau"),
                   ("treatment", "Drug treatment service", "Gwasanaeth triniaeth cyffuriau"),
                   ("peer-support", "Peer support", "Cymorth gan gymheiriaid"),
                   ("diversion", "Diversion scheme", "Cynllun dargyfeirio"),
                   ("none", "None of these", "Dim un o'r rhain"), exclusive="none")

AREA = question("area", "single_choice", options=AREAS)
AREA_REQUIRED = question("area", "single_choice", options=AREAS, required=True)
USED = question("used", "multiple_choice", options=SERVICES, max_choices=3)
USED_REQUIRED = question("used", "multiple_choice", options=SERVICES, required=True)
USED_ONE = question("used", "multiple_choice", options=SERVICES, max_choices=1)

SELECT_ONE = expect("q-area", "Select an answer", "Dewiswch ateb")
SHOWN_AREA = expect("q-area", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")
SHOWN_USED = expect("q-used", "Select one of the answers shown", "Dewiswch un o'r atebion sydd i'w gweld")
AT_LEAST_ONE = expect("q-used", "Select at least one answer", "Dewiswch o leiaf un ateb")
EXCLUSIVE = expect("q-used", "You cannot select ‘None of these’ with any other answer",
                   "Allwch chi ddim dewis ‘Dim un o'r rhain’ gydag unrhyw ateb arall")
NO_MORE_THAN_3 = expect("q-used", "Select no more than 3 answers", "Peidiwch â dewis mwy na 3 ateb")
NO_MORE_THAN_1 = expect("q-used", "Select no more than 1 answer", "Peidiwch â dewis mwy nag un ateb")


@pytest.mark.parametrize("q, form, value, problems", [
    (AREA, {"area": "powys"}, "powys", NO_PROBLEMS),
    (AREA, {"area": "  ceredigion "}, "ceredigion", NO_PROBLEMS),
    (AREA, {}, None, NO_PROBLEMS),                       # optional: skipped
    (AREA, {"area": ""}, None, NO_PROBLEMS),
    (AREA_REQUIRED, {}, None, SELECT_ONE),
    (AREA_REQUIRED, {"area": "   "}, None, SELECT_ONE),
    (AREA, {"area": "atlantis"}, "atlantis", SHOWN_AREA),  # a value no one was offered
    (AREA_REQUIRED, {"area": "Powys"}, "Powys", SHOWN_AREA),  # the label is not the value
    (AREA, {"area": ["powys", "ceredigion"]}, "powys", NO_PROBLEMS),  # radios send one value: the first counts
], ids=["chosen", "spaces", "skipped", "empty", "required", "required-blank", "unknown", "label-not-value",
        "two-values"])
def test_single_choice_from_the_form(from_form: Any, q: Any, form: dict[str, Any], value: Any,
                                     problems: dict[str, Any]) -> None:
    outcome = from_form(q, form)
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert messages(outcome) == problems


@pytest.mark.parametrize("q, form, value, problems", [
    (USED, {"used": ["treatment", "peer-support"]}, ["treatment", "peer-support"], NO_PROBLEMS),
    (USED, {"used": ["treatment", "treatment"]}, ["treatment"], NO_PROBLEMS),  # a repeat counts once
    (USED, {"used": ["none"]}, ["none"], NO_PROBLEMS),    # the exclusive option on its own
    (USED, {}, None, NO_PROBLEMS),
    (USED, {"used": ["", " "]}, None, NO_PROBLEMS),
    (USED_REQUIRED, {}, None, AT_LEAST_ONE),
    (USED_REQUIRED, {"used": [""]}, None, AT_LEAST_ONE),
    (USED, {"used": ["treatment", "atlantis"]}, ["treatment", "atlantis"], SHOWN_USED),
    (USED, {"used": ["none", "treatment"]}, ["none", "treatment"], EXCLUSIVE),
    (USED, {"used": ["treatment", "none"]}, ["treatment", "none"], EXCLUSIVE),
    (USED_REQUIRED, {"used": ["needle-exchange", "treatment", "peer-support", "diversion", "none"]},
     ["needle-exchange", "treatment", "peer-support", "diversion", "none"], EXCLUSIVE),  # exclusive said first
    (USED, {"used": ["needle-exchange", "treatment", "peer-support"]},
     ["needle-exchange", "treatment", "peer-support"], NO_PROBLEMS),                      # exactly the limit
    (USED, {"used": ["needle-exchange", "treatment", "peer-support", "diversion"]},
     ["needle-exchange", "treatment", "peer-support", "diversion"], NO_MORE_THAN_3),
    (USED_ONE, {"used": ["needle-exchange", "treatment"]}, ["needle-exchange", "treatment"], NO_MORE_THAN_1),
    (USED_REQUIRED, {"used": ["needle-exchange", "treatment", "peer-support", "diversion"]},
     ["needle-exchange", "treatment", "peer-support", "diversion"], NO_PROBLEMS),  # no max_choices: no limit
], ids=["two", "repeat", "exclusive-alone", "skipped", "blanks", "required", "required-blank", "unknown",
        "exclusive-first", "exclusive-last", "exclusive-with-all", "at-limit", "over-limit", "over-limit-one",
        "no-limit"])
def test_multiple_choice_from_the_form(from_form: Any, q: Any, form: dict[str, Any], value: Any,
                                       problems: dict[str, Any]) -> None:
    outcome = from_form(q, form)
    assert outcome["en"][0] == outcome["cy"][0] == value
    assert messages(outcome) == problems


@pytest.mark.parametrize("q, raw, value, problems", [
    (AREA, "pembrokeshire", "pembrokeshire", NO_PROBLEMS),
    (AREA, None, None, NO_PROBLEMS),
    (AREA_REQUIRED, None, None, SELECT_ONE),
    (AREA, "atlantis", "atlantis", SHOWN_AREA),
    (AREA, 3, None, SHOWN_AREA),
    (AREA, ["powys"], None, SHOWN_AREA),
    (USED, ["needle-exchange", "diversion"], ["needle-exchange", "diversion"], NO_PROBLEMS),
    (USED, [], None, NO_PROBLEMS),
    (USED_REQUIRED, [], None, AT_LEAST_ONE),
    (USED, "treatment", None, SHOWN_USED),                # a list is needed, even for one
    (USED, ["treatment", 2], None, SHOWN_USED),
    (USED, ["treatment", "atlantis"], ["treatment", "atlantis"], SHOWN_USED),
    (USED, ["none", "diversion"], ["none", "diversion"], EXCLUSIVE),
    (USED, ["needle-exchange", "treatment", "peer-support", "diversion"],
     ["needle-exchange", "treatment", "peer-support", "diversion"], NO_MORE_THAN_3),
], ids=["single", "single-skipped", "single-required", "single-unknown", "single-number", "single-list",
        "multiple", "multiple-empty", "multiple-required", "multiple-string", "multiple-number",
        "multiple-unknown", "multiple-exclusive", "multiple-over-limit"])
def test_choices_from_an_import_line(from_json: Any, q: Any, raw: Any, value: Any,
                                     problems: dict[str, Any]) -> None:
    outcome = from_json(q, raw)
    assert outcome["en"][0] == value
    assert messages(outcome) == problems


def test_values_are_stored_never_labels(babel_app: Any) -> None:
    assert kind_of(AREA).stored(AREA, "pembrokeshire") == [StoredAnswer(value="pembrokeshire")]
    # Multiple choice: a row per option, and one (no value) that counts the people who answered.
    assert kind_of(USED).stored(USED, ["treatment", "none"]) == [StoredAnswer(), StoredAnswer(value="treatment"),
                                                                StoredAnswer(value="none")]
    assert kind_of(AREA).display(AREA, "pembrokeshire", "cy") == ["Sir Benfro"]
    assert kind_of(USED).display(USED, ["none", "treatment"], "en") == ["Drug treatment service", "None of these"]


def test_answers_go_back_into_the_form(babel_app: Any) -> None:
    assert kind_of(AREA).to_form(AREA, "powys") == {"area": ["powys"]}
    assert kind_of(AREA).to_form(AREA, None) == {}
    assert kind_of(USED).to_form(USED, ["treatment", "none"]) == {"used": ["treatment", "none"]}
    assert kind_of(USED).to_form(USED, None) == {}
