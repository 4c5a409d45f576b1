"""A survey with responses may change its text, never its structure."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import pytest

from survey.definition import SurveyDefinition, parse_definition
from survey.responses import Provenance, add_response
from survey.extensions import db
from survey.surveys import SurveyError, load_survey
from tests.conftest import conformance_raw


def changed(change: Callable[[dict[str, Any]], None]) -> SurveyDefinition:
    raw = conformance_raw()
    change(raw)
    return parse_definition(raw)


@pytest.fixture
def answered(conformance: SurveyDefinition) -> SurveyDefinition:
    add_response(conformance, {"seen-dealing": "no"}, Provenance("en", "public"), date(2026, 12, 1))
    db.session.commit()
    return conformance


def test_text_may_change(answered: SurveyDefinition) -> None:
    result = load_survey(changed(lambda r: r["title"].update(cy="Cyffuriau yn ein cymunedau ni")))
    assert result.changed and result.survey.definition.title.cy == "Cyffuriau yn ein cymunedau ni"


@pytest.mark.parametrize("change, reason", [
    (lambda r: r["pages"][4]["questions"].pop(1), "pages[4].questions has 1 items instead of 2"),
    (lambda r: [r["pages"][1]["questions"][1].pop(k) for k in ("min", "max")] and
     r["pages"][1]["questions"][1].update(type="text"), "pages[1].questions[1]"),
    (lambda r: r["pages"][0]["questions"][0]["options"][0].update(value="sir-gar"),
     "pages[0].questions[0].options[0].value changed from 'carmarthenshire' to 'sir-gar'"),
    (lambda r: r["pages"][0]["questions"][0]["options"].pop(), "pages[0].questions[0].options has 4 items"),
])
def test_structure_is_frozen_once_answered(answered: SurveyDefinition, change: Callable[[dict[str, Any]], None],
                                           reason: str) -> None:
    with pytest.raises(SurveyError, match="only its text can change") as caught:
        load_survey(changed(change))
    assert reason in str(caught.value)


def test_structure_may_change_before_any_response(conformance: SurveyDefinition) -> None:
    result = load_survey(changed(lambda r: r["pages"][4]["questions"].pop(1)))
    assert result.survey.definition.question("comments") is None
