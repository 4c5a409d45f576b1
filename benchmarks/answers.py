"""Synthetic respondents: plausible answers to any survey definition, as answers or as a web form.

Answers are skewed the way real ones are (some options far more popular than others, questions
skipped now and then, numbers mostly small with a long tail) and follow the survey's conditions,
so a page or question that would be hidden is never answered.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any, Callable

from survey.definition import Question, SurveyDefinition
from survey.flow import Answers, page_shown, question_shown

SKIP = 0.06            # chance of leaving an optional question unanswered
EXCLUSIVE = 0.45       # chance of ticking a multiple choice question's "none of these" option
COMMENT = 0.12         # chance of writing in a free-text box
COMMENTS = ("More street lights, please.", "Mwy o heddlu yn y dref gyda'r nos.",
            "Needles in the park by the school.", "Diolch am ofyn.", "Nothing to add.",
            "The bus station feels unsafe after dark.")
SITES = ("Llyfrgell Aberystwyth", "Canolfan Hamdden Llanelli", "Neuadd y Dref Llandrindod")
Picker = Callable[[random.Random], Any]


def _weights(count: int) -> list[float]:
    """Zipf-like popularity: the first option twice as common as the second, and so on."""
    return list(accumulate(1 / (i + 1) for i in range(count)))


def _single(values: list[str]) -> Picker:
    cumulative = _weights(len(values))
    return lambda rng: rng.choices(values, cum_weights=cumulative)[0]


def _multiple(question: Question) -> Picker:
    exclusive = [o.value for o in question.options if o.exclusive]
    others = [o.value for o in question.options if not o.exclusive]
    most = min(question.max_choices or len(others), len(others), 4)
    cumulative = _weights(len(others))

    def pick(rng: random.Random) -> list[str]:
        if exclusive and rng.random() < EXCLUSIVE:
            return [exclusive[0]]
        chosen = set(rng.choices(others, cum_weights=cumulative, k=rng.randint(1, most)))
        return [v for v in others if v in chosen]
    return pick


def _scale(question: Question) -> Picker:
    points = [int(p.value) for p in question.scale]
    middle_heavy = [1.0 + math.exp(-abs(i - len(points) / 2)) for i in range(len(points))]
    cumulative = list(accumulate(middle_heavy))
    if not question.rows:
        return lambda rng: rng.choices(points, cum_weights=cumulative)[0]
    rows = [r.id for r in question.rows]
    return lambda rng: {row: rng.choices(points, cum_weights=cumulative)[0] for row in rows
                        if rng.random() > SKIP}


def _number(question: Question) -> Picker:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 10_000

    def pick(rng: random.Random) -> int | float:
        drawn = min(max(low, low + rng.lognormvariate(1.5, 1.1)), high)
        return int(drawn) if question.integer else round(drawn, 1)
    return pick


def _text(_question: Question) -> Picker:
    return lambda rng: rng.choice(COMMENTS) if rng.random() < COMMENT / (1 - SKIP) else None


def picker(question: Question) -> Picker:
    if question.type == "single_choice":
        return _single([o.value for o in question.options])
    if question.type == "multiple_choice":
        return _multiple(question)
    if question.type == "scale":
        return _scale(question)
    if question.type == "number":
        return _number(question)
    return _text(question)


@dataclass(frozen=True)
class Synthetic:
    """One generated response: its answers and the provenance kept with it."""
    answers: Answers
    language: str
    channel: str
    site: str | None
    submitted_on: date


class Respondents:
    """Reproducible synthetic respondents for one survey (same seed, same respondents)."""

    def __init__(self, definition: SurveyDefinition, seed: int = 1) -> None:
        self.definition = definition
        self.rng = random.Random(seed)
        self.pickers = [(page, question, picker(question)) for page, question in definition.questions()]
        self.channels = [c for c in ("public", "kiosk") if c in definition.channels] or ["public"]
        self.first_day = date(2026, 1, 5)

    def answers(self) -> Answers:
        rng = self.rng
        given: Answers = {}
        for page, question, pick in self.pickers:
            if not (page_shown(page, given) and question_shown(question, given)):
                continue
            if not question.required and rng.random() < SKIP:
                continue
            value = pick(rng)
            if value not in (None, {}, []):
                given[question.id] = value
        return given

    def response(self, answers: Answers | None = None) -> Synthetic:
        """A new respondent: generated answers (unless given) and where and when they answered."""
        rng = self.rng
        channel = self.channels[0] if rng.random() < 0.8 else self.channels[-1]
        return Synthetic(answers=self.answers() if answers is None else answers, language="cy" if rng.random() < 0.3 else "en",
                         channel=channel, site=rng.choice(SITES) if channel == "kiosk" else None,
                         submitted_on=self.first_day + timedelta(days=int(rng.triangular(0, 300, 40))))


def form_for(question: Question, value: Any) -> dict[str, Any]:
    """A question's answer as a browser posts it (grids as one field a row, lists as repeated fields)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {f"{question.id}__{row}": str(point) for row, point in value.items()}
    if isinstance(value, list):
        return {question.id: list(value)}
    return {question.id: str(value)}
