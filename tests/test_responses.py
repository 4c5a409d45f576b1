"""Storing responses: import of JSON Lines (all or none), and the shape of what add_response writes."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy import func, select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Response, ResponseGroup, TextAnswer
from survey.responses import ImportRefused, Provenance, add_response, import_responses

TODAY = date(2027, 1, 15)
FULL = {"area": "powys", "feel-safe": {"daytime": 4, "after-dark": 2}, "seen-dealing": "yes", "times-seen": 2,
        "used-services": ["needle-exchange", "peer-support"], "service-helped": 3, "age-band": "35-54",
        "comments": "Mwy o olau stryd — ŵ ŷ â"}


def line(answers: dict[str, Any] | None = None, **fields: Any) -> str:
    """One import line: answers (the seen-dealing question is required), then other fields."""
    body: dict[str, Any] = {"answers": answers if answers is not None else {"seen-dealing": "no"},
                            "language": "cy"}
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not ...}, ensure_ascii=False)


def run(definition: SurveyDefinition, *lines: str) -> int:
    with force_locale("en"):  # as `survey responses import` does
        return import_responses(definition, [text + "\n" for text in lines], today=TODAY)


def refused(definition: SurveyDefinition, *lines: str) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        run(definition, *lines)
    assert count(Response) == count(Answer) == count(TextAnswer) == 0  # all or none
    return caught.value.problems


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def answers_of(response_id: str) -> set[tuple[str, str, str | None, float | None]]:
    return {(a.question_id, a.row_id, a.value, a.number)
            for a in db.session.scalars(select(Answer).where(Answer.response_id == response_id))}


@pytest.fixture
def survey(conformance: SurveyDefinition) -> SurveyDefinition:
    return conformance


def test_a_good_file_stores_every_response(survey: SurveyDefinition) -> None:
    assert run(survey, line(FULL, language="en", submitted_on="2026-12-03"), "",
               line({"seen-dealing": "not-sure"}, language="cy", submitted_on=...),
               line({"seen-dealing": "no", "comments": "Dim"}, submitted_on="2026-12-24")) == 3
    responses = db.session.scalars(select(Response).order_by(Response.submitted_on)).all()
    assert [(r.language, r.channel, r.site, r.submitted_on) for r in responses] == [
        ("en", "paper", None, date(2026, 12, 3)), ("cy", "paper", None, date(2026, 12, 24)),
        ("cy", "paper", None, TODAY)]  # no submitted_on: the day of the import
    assert answers_of(responses[0].id) == {
        ("area", "", "powys", None), ("feel-safe", "daytime", "4", None), ("feel-safe", "after-dark", "2", None),
        ("seen-dealing", "", "yes", None), ("times-seen", "", None, 2.0),
        ("used-services", "", None, None), ("used-services", "", "needle-exchange", None),
        ("used-services", "", "peer-support", None),
        ("service-helped", "", "3", None), ("age-band", "", "35-54", None)}
    assert answers_of(responses[2].id) == {("seen-dealing", "", "not-sure", None)}
    texts = db.session.scalars(select(TextAnswer)).all()
    assert sorted((t.body, t.language, t.channel, t.submitted_on) for t in texts) == [  # the month only
        ("Dim", "cy", "paper", date(2026, 12, 1)), ("Mwy o olau stryd — ŵ ŷ â", "en", "paper", date(2026, 12, 1))]


def test_an_empty_file_imports_nothing(survey: SurveyDefinition) -> None:
    assert run(survey) == 0 and run(survey, "", "  ") == 0


@pytest.mark.parametrize("bad, problem", [
    (line({"seen-dealing": "yes", "times-seen": 5000}), "line 2: times-seen: Enter a number from 1 to 1,000"),
    (line({"seen-dealing": "yes", "times-seen": 2.5}), "line 2: times-seen: Enter a whole number, like 12"),
    (line({"seen-dealing": "yes", "times-seen": "2"}), "line 2: times-seen: Enter a whole number, like 12"),
    (line({}), "line 2: seen-dealing: Select an answer"),
    (line({"seen-dealing": "perhaps"}), "line 2: seen-dealing: Select one of the answers shown"),
    (line({"seen-dealing": "no", "area": "Powys"}), "line 2: area: Select one of the answers shown"),
    (line({"seen-dealing": "no", "used-services": ["none", "treatment"]}),
     "line 2: used-services: You cannot select ‘None of these’ with any other answer"),
    (line({"seen-dealing": "no", "used-services": ["needle-exchange", "treatment", "peer-support", "diversion"]}),
     "line 2: used-services: Select no more than 3 answers"),
    (line({"seen-dealing": "no", "feel-safe": {"daytime": 6}}), "line 2: feel-safe: Select one of the answers shown"),
    (line({"seen-dealing": "no", "feel-safe": 3}), "line 2: feel-safe: Select one of the answers shown"),
    (line({"seen-dealing": "no", "comments": "x" * 2001}),
     "line 2: comments: Your answer must be 2000 characters or fewer"),
    (line({"seen-dealing": "no", "comments": 7}), "line 2: comments: Enter your answer"),
    (line({"seen-dealing": "no", "colour": "blue"}), "line 2: colour: there is no such question"),
    ('{"answers": {"seen-dealing": "no"}, "language": "cy"', "line 2: not valid JSON (Expecting ',' delimiter)"),
    ("seen-dealing=no", "line 2: not valid JSON (Expecting value)"),
    ('["seen-dealing"]', 'line 2: expected an object with "answers"'),
    ('{"language": "cy"}', 'line 2: expected an object with "answers"'),
    ('{"answers": ["no"], "language": "cy"}', 'line 2: expected an object with "answers"'),
    (line(language=...), 'line 2: language must be "cy" or "en"'),
    (line(language="fr"), 'line 2: language must be "cy" or "en"'),
    (line(language="CY"), 'line 2: language must be "cy" or "en"'),
    (line(submitted_on="03/12/2026"), "line 2: submitted_on must be a date such as 2026-12-03"),
    (line(submitted_on="2026-12-03T10:15"), "line 2: submitted_on must be a date such as 2026-12-03"),  # day only
    (line(channel="kiosk"), "line 2: unknown field 'channel'"),   # imports are always paper
    (line(site="Llanelli"), "line 2: unknown field 'site'"),
    (line(ip="192.0.2.1"), "line 2: unknown field 'ip'"),          # nothing about the respondent is taken
], ids=["above-max", "not-whole", "number-as-string", "required-missing", "unknown-option", "label-not-value",
        "exclusive", "max-choices", "grid-out-of-range", "grid-bare-number", "text-too-long", "text-not-string",
        "unknown-question", "malformed-json", "not-json", "not-an-object", "no-answers", "answers-not-object",
        "language-missing", "language-invalid", "language-upper-case", "date-invalid", "date-and-time",
        "channel", "site", "ip-address"])
def test_one_bad_line_stores_nothing_and_is_named(survey: SurveyDefinition, bad: str, problem: str) -> None:
    assert refused(survey, line(FULL), bad, line({"seen-dealing": "no"})) == [problem]


def test_every_problem_in_the_file_is_listed(survey: SurveyDefinition) -> None:
    problems = refused(survey, line({"seen-dealing": "no"}), "", "{oops",
                       line({"seen-dealing": "yes", "times-seen": 0, "area": "mars"}, language="de"))
    assert problems == ["line 3: not valid JSON (Expecting property name enclosed in double quotes)",
                        'line 4: language must be "cy" or "en"',
                        "line 4: area: Select one of the answers shown",
                        "line 4: times-seen: Enter a number from 1 to 1,000"]  # lines counted as in the file


def test_the_refusal_names_the_lines(survey: SurveyDefinition) -> None:
    with pytest.raises(ImportRefused, match=r"^line 1: seen-dealing: Select an answer\nline 2: colour: there is"):
        run(survey, line({}), line({"seen-dealing": "no", "colour": "red"}))


@pytest.mark.parametrize("answers, kept", [
    ({"seen-dealing": "no", "times-seen": 4}, {"seen-dealing"}),                      # hidden question
    ({"seen-dealing": "no", "times-seen": 40000}, {"seen-dealing"}),                  # not checked once hidden
    ({"seen-dealing": "no", "used-services": ["none"], "service-helped": 2}, {"seen-dealing", "used-services"}),
    ({"seen-dealing": "no", "service-helped": 2}, {"seen-dealing"}),                  # page hidden: nothing ticked
    ({"seen-dealing": "yes", "times-seen": 4, "used-services": ["diversion"], "service-helped": 2},
     {"seen-dealing", "times-seen", "used-services", "service-helped"}),
], ids=["hidden-question", "hidden-out-of-range", "hidden-page", "hidden-page-no-answer", "all-shown"])
def test_answers_to_hidden_questions_are_dropped(survey: SurveyDefinition, answers: dict[str, Any],
                                                 kept: set[str]) -> None:
    assert run(survey, line(answers)) == 1
    assert {a.question_id for a in db.session.scalars(select(Answer))} == kept


def test_a_hidden_answer_that_cannot_be_read_is_still_refused(survey: SurveyDefinition) -> None:
    assert refused(survey, line({"seen-dealing": "no", "times-seen": "lots"})) == [
        "line 1: times-seen: Enter a whole number, like 12"]


def test_blank_text_is_no_answer(survey: SurveyDefinition) -> None:
    assert run(survey, line({"seen-dealing": "no", "comments": "  \x00 "})) == 1  # blank text is no answer
    assert count(TextAnswer) == 0


# add_response: the shape of the stored rows.

def test_one_answer_row_per_option_and_per_grid_row(survey: SurveyDefinition) -> None:
    response = add_response(survey, FULL, Provenance("cy", "kiosk", "Llanelli"), date(2026, 12, 3))
    db.session.commit()
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    assert sorted(((a.question_id, a.row_id, a.value, a.number) for a in rows), key=str) == sorted([
        ("area", "", "powys", None), ("feel-safe", "daytime", "4", None), ("feel-safe", "after-dark", "2", None),
        ("seen-dealing", "", "yes", None), ("times-seen", "", None, 2.0),
        ("used-services", "", None, None), ("used-services", "", "needle-exchange", None),
        ("used-services", "", "peer-support", None),
        ("service-helped", "", "3", None), ("age-band", "", "35-54", None)], key=str)
    assert all(a.survey_id == survey.id for a in rows)
    stored = db.session.scalars(select(Response)).one()
    assert (stored.language, stored.channel, stored.site, stored.submitted_on) == ("cy", "kiosk", "Llanelli",
                                                                                    date(2026, 12, 3))
    assert len(stored.id) == 32 and stored.id != add_response(survey, FULL, Provenance("en", "public"), TODAY).id


def test_answers_name_their_response_group_and_carry_its_month(survey: SurveyDefinition) -> None:
    """Each answer carries its response's group (language, channel, site and breakdown answers) and
    its month; responses alike in all but the month share a group."""
    first = add_response(survey, FULL, Provenance("cy", "kiosk", "Llanelli"), date(2026, 12, 3))
    same = add_response(survey, {**FULL, "seen-dealing": "no"}, Provenance("cy", "kiosk", "Llanelli"),
                        date(2027, 1, 30))
    other = add_response(survey, {"seen-dealing": "no", "area": "powys"}, Provenance("cy", "kiosk", "Llanelli"),
                         date(2026, 12, 3))
    db.session.commit()

    def group_of(response: Response) -> ResponseGroup:
        ids = set(db.session.scalars(select(Answer.group_id).where(Answer.response_id == response.id)))
        assert len(ids) == 1
        return db.session.get(ResponseGroup, ids.pop())

    def months_of(response: Response) -> set[str]:
        return set(db.session.scalars(select(Answer.month).where(Answer.response_id == response.id)))

    group = group_of(first)
    assert (group.survey_id, group.language, group.channel, group.site) == (survey.id, "cy", "kiosk", "Llanelli")
    assert json.loads(group.answers_json) == {"area": "powys", "age-band": "35-54"}  # the breakdown questions
    assert group_of(same).id == group.id                    # the same breakdown answers, another month
    assert (months_of(first), months_of(same)) == ({"2026-12"}, {"2027-01"})
    assert json.loads(group_of(other).answers_json) == {"area": "powys"}  # age band not answered
    assert count(ResponseGroup) == 2


def test_free_text_is_kept_apart_with_no_link_to_its_response(survey: SurveyDefinition) -> None:
    add_response(survey, FULL, Provenance("en", "public"), date(2026, 12, 3))
    db.session.commit()
    assert count(Answer) == 10 and not db.session.scalars(select(Answer).where(Answer.question_id == "comments")).all()
    text = db.session.scalars(select(TextAnswer)).one()
    assert (text.survey_id, text.question_id, text.body, text.language, text.channel, text.submitted_on) == (
        survey.id, "comments", "Mwy o olau stryd — ŵ ŷ â", "en", "public", date(2026, 12, 1))  # its month only
    columns = {c["name"] for c in sa.inspect(db.engine).get_columns("text_answers")}
    assert columns == {"id", "survey_id", "question_id", "language", "channel", "submitted_on", "body", "release",
                       "withheld"}
    foreign = {fk["referred_table"] for fk in sa.inspect(db.engine).get_foreign_keys("text_answers")}
    assert foreign == {"surveys"}  # no way back to the response


def test_nothing_finer_than_the_day_is_kept(app: Any) -> None:
    inspector = sa.inspect(db.engine)
    responses = {c["name"]: c["type"] for c in inspector.get_columns("responses")}
    assert set(responses) == {"id", "survey_id", "language", "channel", "site", "submitted_on", "submission_key",
                              "record_key", "release"}
    assert isinstance(responses["submitted_on"], sa.Date) and not isinstance(responses["submitted_on"], sa.DateTime)
    texts = {c["name"]: c["type"] for c in inspector.get_columns("text_answers")}
    assert isinstance(texts["submitted_on"], sa.Date) and not isinstance(texts["submitted_on"], sa.DateTime)


def test_add_response_drops_hidden_answers(survey: SurveyDefinition) -> None:
    add_response(survey, {"seen-dealing": "no", "times-seen": 3, "used-services": ["none"], "service-helped": 1},
                 Provenance("en", "public"), TODAY)
    db.session.commit()
    assert {a.question_id for a in db.session.scalars(select(Answer))} == {"seen-dealing", "used-services"}


def test_a_response_without_answers_is_still_a_response(survey: SurveyDefinition) -> None:
    add_response(survey, {}, Provenance("cy", "paper"), TODAY)
    db.session.commit()
    assert count(Response) == 1 and count(Answer) == 0


PHYSICAL_ORDER = {"sqlite": "rowid", "postgresql": "ctid"}


def _matches_by_position(first: list[str], second: list[str], written_by: dict[str, str]) -> int:
    """How many responses a join of two orders pairs with their own comment."""
    return sum(written_by.get(body) == response for response, body in zip(first, second))


def test_joining_responses_and_comments_by_their_order_matches_no_better_than_chance(survey: SurveyDefinition) -> None:
    """Issue 15.2: responses in rowid (or physical) order joined to comments in id order, or in
    their own physical order, pair each comment with its writer no more often than chance."""
    from survey.results.releases import cut_release
    for n in range(120):
        add_response(survey, {"seen-dealing": "no", "comments": f"comment {n}"}, Provenance("en", "public"),
                     date(2026, 12, 3))
        db.session.commit()
    physical = PHYSICAL_ORDER[db.engine.dialect.name]
    cut_release(survey.id, date(2026, 12, 4))  # on PostgreSQL, rewrites the comments in id order
    responses = db.session.scalars(sa.text(f"SELECT id FROM responses ORDER BY {physical}")).all()
    written_by = {f"comment {n}": response for n, response in enumerate(responses)}  # the n-th response wrote it
    by_key = db.session.scalars(sa.select(TextAnswer.body).order_by(TextAnswer.id)).all()
    by_place = db.session.scalars(sa.text(f"SELECT body FROM text_answers ORDER BY {physical}")).all()
    assert sorted(by_key) == sorted(written_by)
    assert _matches_by_position(responses, by_key, written_by) <= 6   # chance: about 1 of 120
    assert _matches_by_position(responses, by_place, written_by) <= 6
    ids = db.session.scalars(sa.select(TextAnswer.id)).all()
    assert len(set(ids)) == 120 and max(ids) > 2 ** 40  # random, not counted up
