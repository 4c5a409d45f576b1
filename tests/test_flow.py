"""Conditions: single and listed, on pages and questions, on the same page; hidden answers dropped."""
from __future__ import annotations

import copy
import html
from typing import Any, Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from survey import flow
from survey.definition import SurveyDefinition, parse_definition
from survey.extensions import db
from survey.models import Answer, TextAnswer
from tests.helpers import Respondent, text_of


def t(en: str) -> dict[str, str]:
    return {"en": en, "cy": f"{en} (yn Gymraeg)"}


def choice(qid: str, values: list[str], kind: str = "single_choice", **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": kind, "text": t(f"Question {qid}?"),
            "options": [{"value": v, "label": t(v.title())} for v in values], **extra}


def when(qid: str, *values: str) -> dict[str, Any]:
    return {"question": qid, "any_of": list(values)}


CHAIN: dict[str, Any] = {
    "format": 1, "id": "flow-check", "title": t("Flow check"), "description": t("About flow."),
    "privacy": t("No names."),
    "pages": [
        {"id": "first", "questions": [
            choice("a", ["yes", "no"]),
            choice("b", ["yes", "no"], show_if=when("a", "yes")),                 # same page
        ]},
        {"id": "second", "questions": [
            choice("c", ["yes", "no"], show_if=when("b", "yes"), required=True),  # earlier page
            choice("k", ["keep", "drop"]),
        ]},
        {"id": "third", "show_if": when("c", "yes"), "questions": [             # page-level
            choice("d", ["x", "y", "z"], kind="multiple_choice"),
        ]},
        {"id": "fourth", "show_if": [when("a", "yes"), when("d", "x", "z")], "questions": [  # list: all must hold
            {"id": "e", "type": "text", "text": t("Tell us more")},
        ]},
        {"id": "last", "questions": [
            {"id": "s", "type": "scale", "text": t("How much?"),
             "scale": [{"value": v, "label": t(str(v))} for v in (1, 2, 3)],
             "rows": [{"id": "r1", "label": t("Row one")}, {"id": "r2", "label": t("Row two")}]},
            choice("f", ["p", "q"]),
            {"id": "g", "type": "number", "text": t("How many?"), "min": 1, "max": 9,
             "show_if": [when("a", "yes"), when("f", "p")]},                    # list: earlier page and same page
            {"id": "h", "type": "text", "text": t("Why?"), "show_if": when("s", "3")},  # on a grid's points
        ]},
    ],
}
EVERYTHING = {"a": "yes", "b": "yes", "c": "yes", "k": "keep", "d": ["x"], "e": "more", "s": {"r1": 3},
              "f": "p", "g": 4, "h": "because"}


@pytest.fixture(scope="module")
def chain() -> SurveyDefinition:
    return parse_definition(copy.deepcopy(CHAIN), "chain.yaml")


def page_ids(pages: list[Any]) -> list[str]:
    return [p.id for p in pages]


@pytest.mark.parametrize("answers, shown", [
    ({}, ["first", "second", "last"]),
    ({"c": "yes"}, ["first", "second", "third", "last"]),
    ({"c": "no"}, ["first", "second", "last"]),
    ({"c": "yes", "a": "yes", "d": ["y", "z"]}, ["first", "second", "third", "fourth", "last"]),
    ({"c": "yes", "a": "yes", "d": ["y"]}, ["first", "second", "third", "last"]),   # second condition fails
    ({"c": "yes", "a": "no", "d": ["x"]}, ["first", "second", "third", "last"]),    # first condition fails
    ({"a": "yes", "d": ["x"]}, ["first", "second", "fourth", "last"]),
], ids=["nothing", "page-condition", "page-condition-fails", "list-holds", "list-second-fails",
        "list-first-fails", "list-without-third"])
def test_page_conditions(chain: SurveyDefinition, answers: dict[str, Any], shown: list[str]) -> None:
    assert page_ids(flow.visible_pages(chain, answers)) == shown


@pytest.mark.parametrize("answers, shown", [
    ({}, ["s", "f"]),
    ({"a": "yes"}, ["s", "f"]),
    ({"f": "p"}, ["s", "f"]),
    ({"a": "yes", "f": "p"}, ["s", "f", "g"]),            # both conditions of the list
    ({"a": "no", "f": "p"}, ["s", "f"]),
    ({"s": {"r1": 1, "r2": 3}}, ["s", "h", "f"]),         # any row of a grid can meet a condition
    ({"s": {"r1": 1, "r2": 2}}, ["s", "f"]),
    ({"s": 3}, ["s", "h", "f"]),
], ids=["nothing", "first-only", "second-only", "both", "first-fails", "grid-row", "grid-no-row", "bare-scale"])
def test_question_conditions(chain: SurveyDefinition, answers: dict[str, Any], shown: list[str]) -> None:
    assert sorted(q.id for q in flow.visible_questions(chain.page("last"), answers)) == sorted(shown)


def test_a_condition_on_several_ticked_options(chain: SurveyDefinition) -> None:
    fourth = chain.page("fourth")
    assert flow.page_shown(fourth, {"a": "yes", "d": ["y", "z"]})
    assert not flow.page_shown(fourth, {"a": "yes", "d": ["y"]})
    assert not flow.page_shown(fourth, {"a": "yes", "d": None})


def test_next_and_previous_skip_hidden_pages(chain: SurveyDefinition) -> None:
    answers = {"c": "no"}
    assert flow.next_page(chain, answers, None).id == "first"
    assert flow.next_page(chain, answers, chain.page("second")).id == "last"
    assert flow.previous_page(chain, answers, chain.page("last")).id == "second"
    assert flow.next_page(chain, answers, chain.page("last")) is None
    answers = {"c": "yes", "a": "yes", "d": ["x"]}
    assert flow.next_page(chain, answers, chain.page("third")).id == "fourth"
    assert flow.previous_page(chain, answers, chain.page("last")).id == "fourth"


def test_same_page_condition_judged_by_the_new_answer(chain: SurveyDefinition) -> None:
    first = chain.page("first")
    answers, errors = flow.read_page(chain, first, {"a": ["yes"], "b": ["yes"]}, {})
    assert (answers, errors) == ({"a": "yes", "b": "yes"}, [])
    answers, errors = flow.read_page(chain, first, {"a": ["no"], "b": ["nonsense"]}, {"a": "yes", "b": "yes"})
    assert (answers, errors) == ({"a": "no"}, [])  # b is hidden: neither checked nor kept
    answers, errors = flow.read_page(chain, first, {"a": ["yes"], "b": ["nonsense"]}, {})
    assert [e.anchor for e in errors] == ["q-b"]


def test_same_page_and_earlier_page_conditions_together(chain: SurveyDefinition) -> None:
    last = chain.page("last")
    form = {"f": ["p"], "g": ["5"]}
    assert flow.read_page(chain, last, form, {"a": "yes"}) == ({"a": "yes", "f": "p", "g": 5}, [])
    assert flow.read_page(chain, last, form, {"a": "no"}) == ({"a": "no", "f": "p"}, [])
    _, errors = flow.read_page(chain, last, {"f": ["p"], "g": ["50"]}, {"a": "yes"})
    assert [e.anchor for e in errors] == ["q-g"]
    assert flow.read_page(chain, last, {"f": ["q"], "g": ["50"]}, {"a": "yes"}) == ({"a": "yes", "f": "q"}, [])


@pytest.mark.parametrize("change, kept", [
    ({}, set(EVERYTHING)),
    ({"a": "no"}, {"a", "k", "s", "f", "h"}),       # b, then c, then page third (d), page fourth (e), and g
    ({"b": "no"}, {"a", "b", "k", "s", "f", "g", "h"}),  # c goes, so page third (d), so page fourth (e)
    ({"c": "no"}, {"a", "b", "c", "k", "s", "f", "g", "h"}),
    ({"d": ["y"]}, {"a", "b", "c", "k", "d", "s", "f", "g", "h"}),
    ({"s": {"r1": 1}}, set(EVERYTHING) - {"h"}),
    ({"f": "q"}, set(EVERYTHING) - {"g"}),
], ids=["all-shown", "hide-a-chain", "hide-b-chain", "hide-page", "hide-list-page", "hide-by-grid",
        "hide-same-page"])
def test_hidden_answers_are_pruned_down_the_chain(chain: SurveyDefinition, change: dict[str, Any],
                                                  kept: set[str]) -> None:
    answers = dict(EVERYTHING, **change)
    pruned = flow.prune(chain, answers)
    assert set(pruned) == kept
    assert all(pruned[k] == answers[k] for k in pruned)
    assert flow.prune(chain, pruned) == pruned


def test_a_hidden_required_question_is_not_required(chain: SurveyDefinition) -> None:
    assert flow.first_incomplete_page(chain, {"a": "yes", "b": "yes"}).id == "second"  # c is shown and required
    assert flow.first_incomplete_page(chain, {"a": "yes", "b": "no"}) is None
    assert flow.first_incomplete_page(chain, {}) is None


def test_check_answers_lists_only_what_is_shown(chain: SurveyDefinition) -> None:
    listed = {p.id: [(a.question.id, a.lines) for a in items]
              for p, items in flow.summary(chain, {"a": "no", "f": "q", "s": {"r2": 2}}, "en")}
    assert listed == {"first": [("a", ["No"])], "second": [("k", [])],
                      "last": [("s", ["Row two: 2"]), ("f", ["Q"])]}


def test_a_page_whose_questions_are_all_hidden_is_skipped() -> None:
    raw = copy.deepcopy(CHAIN)
    raw["pages"][1]["questions"] = [choice("c", ["yes", "no"], show_if=when("b", "yes"))]
    definition = parse_definition(raw)
    assert page_ids(flow.visible_pages(definition, {"a": "no"})) == ["first", "last"]
    assert flow.next_page(definition, {"a": "no"}, definition.page("first")).id == "last"
    assert page_ids(flow.visible_pages(definition, {"a": "yes", "b": "yes"})) == ["first", "second", "last"]


# Through the web: what a respondent sees, and what is stored.

BASE = "/s/flow-check"


def stored() -> set[str]:
    return ({a.question_id for a in db.session.scalars(select(Answer))}
            | {t.question_id for t in db.session.scalars(select(TextAnswer))})


def test_changing_an_early_answer_drops_the_chain_it_hid(client: FlaskClient, make_survey: Callable[..., Any]) -> None:
    make_survey(raw=CHAIN)
    you = Respondent(client, BASE)
    for page, form, following in [
        ("first", {"a": "yes", "b": "yes"}, "second"), ("second", {"c": "yes", "k": "keep"}, "third"),
        ("third", {"d": ["x"]}, "fourth"), ("fourth", {"e": "more"}, "last"),
        ("last", {"s__r1": "3", "f": "p", "g": "4", "h": "because"}, "check"),
    ]:
        response = you.post(f"/en/p/{page}", form)
        assert response.status_code == 302 and response.location.endswith(following), (page, you.errors(response))
    response = you.post("/en/p/first?return=check", {"a": "no", "b": "yes"})
    assert response.location.endswith("/en/check")
    check = text_of(you.get("/en/check"))
    assert "Question b?" not in check and "Question c?" not in check and "Tell us more" not in check
    assert "How many?" not in check and "Why?" in check
    assert you.get("/en/p/third").location.endswith("/en/p/last")   # a hidden page cannot be reached
    you.submit("en")
    assert stored() == {"a", "k", "s", "f", "h"}


def test_a_same_page_condition_is_stated_without_javascript(client: FlaskClient, conformance: SurveyDefinition) -> None:
    notes = {"en": "Answer this only if you gave one of these answers to the question "
                   "‘Have you seen drug dealing in your area in the last 12 months?’: ‘Yes’.",
             "cy": "Atebwch hwn dim ond os rhoesoch chi un o'r atebion hyn i'r cwestiwn "
                   "‘Ydych chi wedi gweld delio cyffuriau yn eich ardal yn ystod y 12 mis diwethaf?’: ‘Ydw’."}
    for lang, note in notes.items():
        page_html = html.unescape(text_of(client.get(f"/s/conformance-check/{lang}/p/what-you-have-seen")))
        assert note in page_html
        condition = '[{"any_of": ["yes"], "question": "seen-dealing"}]'
        assert f'id="question-times-seen" data-show-if=\'{condition}\'' in page_html


def test_a_question_hidden_by_an_earlier_page_is_not_drawn(client: FlaskClient,
                                                          make_survey: Callable[..., Any]) -> None:
    make_survey(raw=CHAIN)
    you = Respondent(client, BASE)
    you.post("/cy/p/first", {"a": "yes", "b": "no"})
    page_html = text_of(you.get("/cy/p/second"))
    assert 'name="c"' not in page_html and 'name="k"' in page_html
    you.post("/cy/p/first", {"a": "yes", "b": "yes"})
    page_html = text_of(you.get("/cy/p/second"))
    assert 'name="c"' in page_html and "Atebwch hwn dim ond" not in page_html  # nothing to state: it holds
    assert you.post("/cy/p/second", {}).status_code == 200                      # and now it is required
