"""What a release truly holds, read straight from the stored rows (independently of the export's
GROUP BY): each cell's true count and the sum of its respondents' record keys, for checking that
every published figure is the perturbation of exactly that (results/disclosure.py)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Sequence

import sqlalchemy as sa

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Response
from survey.results import disclosure

Group = tuple[str, str]


@dataclass
class Truth:
    counts: Counter[tuple[Any, ...]] = field(default_factory=Counter)   # (question, row, option, group)
    count_keys: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    bases: Counter[tuple[Any, ...]] = field(default_factory=Counter)    # (question, row, group)
    base_keys: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    numbers: dict[tuple[Any, ...], list[float]] = field(default_factory=lambda: defaultdict(list))
    responses: int = 0

    def count(self, question: str, row: str, option: str, group: Group, min_cell: int) -> str:
        """The count as it must be published."""
        key = (question, row, option, group)
        if self.base(question, row, group, min_cell) == disclosure.SUPPRESSED:
            return disclosure.SUPPRESSED
        return disclosure.shown(disclosure.published(self.counts[key], self.count_keys[key], min_cell))

    def base(self, question: str, row: str, group: Group, min_cell: int) -> str:
        key = (question, row, group)
        return disclosure.shown(disclosure.published(self.bases[key], self.base_keys[key], min_cell))


def breakdown_value(by: str, response: Any, answers: dict[str, Any]) -> str | None:
    if by in ("language", "channel", "site"):
        return getattr(response, by)
    if by == "month":
        return response.submitted_on.strftime("%Y-%m")
    return answers.get(by, "_skipped")


def release_truth(definition: SurveyDefinition, release: int, by: Sequence[str] = ()) -> Truth:
    truth = Truth()
    responses = {r.id: r for r in db.session.scalars(
        sa.select(Response).where(Response.survey_id == definition.id, Response.release <= release))}
    truth.responses = len(responses)
    rows: dict[str, list[Answer]] = defaultdict(list)
    for answer in db.session.scalars(sa.select(Answer).where(Answer.survey_id == definition.id)):
        if answer.response_id in responses:
            rows[answer.response_id].append(answer)
    for response_id, answers in rows.items():
        response = responses[response_id]
        single = {a.question_id: a.value for a in answers if a.value is not None and a.row_id == ""}
        groups = [("", "")] + [(b, v) for b in by if (v := breakdown_value(b, response, single)) is not None]
        answered = {(a.question_id, a.row_id) for a in answers}
        for group in groups:
            for question, row in answered:
                truth.bases[(question, row, group)] += 1
                truth.base_keys[(question, row, group)] += response.record_key
            for a in answers:
                if a.value is not None:
                    truth.counts[(a.question_id, a.row_id, a.value, group)] += 1
                    truth.count_keys[(a.question_id, a.row_id, a.value, group)] += response.record_key
                elif a.number is not None:
                    truth.numbers[(a.question_id, group)].append(a.number)
    return truth
