"""Writing responses: the one place where answers are stored.

A response is stored in one transaction with all its answers, or not at all.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from .definition.model import SurveyDefinition
from .extensions import db
from .groups import Group, group_of, month_of
from .models import Answer, Response, ResponseGroup, TextAnswer, new_record_key
from .questions import kind_of
from .flow import Answers, prune, response_problems
from .vocabulary import LANGUAGES, Channel


@dataclass(frozen=True)
class Provenance:
    """Where a response came from: all that is kept about the respondent."""
    language: str
    channel: str
    site: str | None = None


def add_response(definition: SurveyDefinition, answers: Answers, provenance: Provenance,
                 submitted_on: date, submission_key: str | None = None) -> Response:
    """Add a response and its answers to the session; the caller commits."""
    answers = prune(definition, answers)
    response = Response(survey_id=definition.id, language=provenance.language,
                        channel=provenance.channel, site=provenance.site,
                        submitted_on=submitted_on, submission_key=submission_key, record_key=new_record_key())
    db.session.add(response)
    db.session.flush()
    group_id = group_id_of(definition.id, group_of(definition, answers, provenance.language, provenance.channel,
                                                   provenance.site))
    month = month_of(submitted_on)
    rows: list[dict[str, Any]] = []
    texts: list[dict[str, Any]] = []
    for _, question in definition.questions():
        if question.id not in answers:
            continue
        value = answers[question.id]
        if kind_of(question).summary == "text":
            texts.append(dict(survey_id=definition.id, question_id=question.id,
                              language=provenance.language, channel=provenance.channel,
                              submitted_on=submitted_on.replace(day=1), body=value))  # the month only
            continue
        rows += [dict(response_id=response.id, survey_id=definition.id, question_id=question.id,
                      row_id=a.row_id, value=a.value, number=a.number, group_id=group_id, month=month,
                      record_key=response.record_key)
                 for a in kind_of(question).stored(question, value)]
    if rows:
        db.session.execute(insert(Answer), rows)
    if texts:
        db.session.execute(insert(TextAnswer), texts)
    return response


# INSERT that leaves a row already there alone, by dialect (two servers may add one group at once).
INSERT_IF_NEW = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def group_id_of(survey_id: str, group: Group) -> int:
    """The id of this group of the survey's responses, added if it is new, in the caller's transaction.

    On PostgreSQL the group is held (FOR KEY SHARE) until the caller commits, so that a purge
    cannot delete it in between (retention.py); a group being deleted is waited for, and made anew.
    """
    find = (select(ResponseGroup.id).where(ResponseGroup.survey_id == survey_id,
                                           ResponseGroup.digest == group.digest(survey_id))
            .with_for_update(read=True, key_share=True))
    found = db.session.scalar(find)
    if found is None:
        insert_if_new = INSERT_IF_NEW[db.engine.dialect.name]
        db.session.execute(insert_if_new(ResponseGroup).values(**group.columns(survey_id))
                           .on_conflict_do_nothing(index_elements=["survey_id", "digest"]))
        found = db.session.scalar(find)
    assert found is not None
    return found


class ImportRefused(Exception):
    """An import file with problems; nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _import_line(definition: SurveyDefinition, number: int, text: str,
                 today: date) -> tuple[Answers, Provenance, date] | list[str]:
    where = f"line {number}"
    try:
        line = json.loads(text)
    except json.JSONDecodeError as exc:
        return [f"{where}: not valid JSON ({exc.msg})"]
    if not isinstance(line, dict) or not isinstance(line.get("answers"), dict):
        return [f"{where}: expected an object with \"answers\""]
    problems = [f"{where}: unknown field {k!r}" for k in line if k not in ("answers", "language", "submitted_on")]
    language = line.get("language")
    if language not in LANGUAGES:
        problems.append(f"{where}: language must be \"cy\" or \"en\"")
    submitted_on = today
    if line.get("submitted_on") is not None:
        try:
            submitted_on = date.fromisoformat(str(line["submitted_on"]))
        except ValueError:
            problems.append(f"{where}: submitted_on must be a date such as 2026-12-03")
    answers, answer_problems = response_problems(definition, line["answers"])
    problems += [f"{where}: {p}" for p in answer_problems]
    if problems:
        return problems
    return answers, Provenance(language=language, channel=Channel.PAPER), submitted_on


def import_responses(definition: SurveyDefinition, lines: Iterable[str], today: date) -> int:
    """Import JSON Lines as paper responses, all or none. Raises ImportRefused naming each line."""
    parsed = []
    problems: list[str] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        result = _import_line(definition, number, text, today)
        if isinstance(result, list):
            problems += result
        else:
            parsed.append(result)
    if problems:
        raise ImportRefused(problems)
    try:
        for answers, provenance, submitted_on in parsed:
            add_response(definition, answers, provenance, submitted_on)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(parsed)
