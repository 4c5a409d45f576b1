"""Counting stored answers in the database: one GROUP BY, summed into small pandas tables.

Memory grows with the number of figures (questions x options x response groups), never with the
number of responses: no query here brings individual answers into Python.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from math import fsum
from typing import Any, Sequence

import pandas as pd
import sqlalchemy as sa

from ..definition import Question, SurveyDefinition
from ..extensions import db
from ..groups import Group
from ..models import Answer, Response, ResponseGroup
from ..questions import kind_of
from .breakdowns import Breakdown, allowed_breakdowns
from .combinations import combinations_of_groups

GROUP = ["breakdown_id", "breakdown_value"]
CELL_KEY = ["question_id", "row_id", "option_value", *GROUP]
BASE_KEY = ["question_id", "row_id", *GROUP]

__all__ = ["Figures", "count_figures", "allowed_breakdowns", "response_count"]


@dataclass
class Figures:
    """Every count, base and statistic of an export, before disclosure control.

    cells: CELL_KEY + count, one row per question (row), option and group, zeros included.
    bases: BASE_KEY + base, the responses in a group that answered that question (row).
    numbers: question_id, breakdown_id, breakdown_value, mean, median (bases give how many).
    """
    cells: pd.DataFrame
    bases: pd.DataFrame
    numbers: pd.DataFrame
    groups: list[tuple[str, str]]       # ("", "") first, then each breakdown's values in order


def _counted(definition: SurveyDefinition, summary: str) -> list[Question]:
    return [q for q in definition.all_questions() if kind_of(q).summary == summary]


FIGURE_COLUMNS = [Answer.question_id, Answer.row_id, Answer.value, Answer.number]
# question_id, row_id, value, number, how many answer rows, and the value in each breakdown (None: in none)
Counted = tuple[str, str, str | None, float | None, int, tuple[str | None, ...]]


def _answer_counts(survey_id: str, breakdowns: Sequence[Breakdown]) -> list[Counted]:
    """How many answer rows share each question, row, value and number, and each breakdown's value.

    One GROUP BY, which the ix_answers_count index covers. With breakdowns it is split by response
    group (and by month, which the answers carry, when that is asked for), and the database sums
    the groups into combinations of breakdown values (combinations.py), so only a row per figure
    and combination comes back. A group added since the groups were read has no combination: its
    answers count overall, in no breakdown.
    """
    nowhere: tuple[str | None, ...] = (None,) * len(breakdowns)
    month_at = next((i for i, breakdown in enumerate(breakdowns) if breakdown.by_month), None)
    if any(not breakdown.by_month for breakdown in breakdowns):
        groups = _group_values(survey_id, breakdowns)
        if groups:
            return _counts_by_combination(survey_id, groups, nowhere, month_at)
        month_at = None  # no group was read: whatever is counted is in no breakdown
    by_month = [Answer.month] if month_at is not None else []
    query = (sa.select(*FIGURE_COLUMNS, *by_month, sa.func.count()).where(Answer.survey_id == survey_id)
             .group_by(*FIGURE_COLUMNS, *by_month))
    if month_at is None:
        return [(*figure, n, nowhere) for *figure, n in _plain_rows(query)]
    return [(question, row, value, number, n, (month,))  # the month is the only breakdown
            for question, row, value, number, month, n in _plain_rows(query)]


def _counts_by_combination(survey_id: str, groups: dict[int, tuple[str | None, ...]],
                           nowhere: tuple[str | None, ...], month_at: int | None) -> list[Counted]:
    combination_of: dict[tuple[str | None, ...], int] = {}   # groups alike in every breakdown share one
    pairs = [(group_id, combination_of.setdefault(values, len(combination_of))) for group_id, values in groups.items()]
    values_of = [*combination_of, nowhere]                   # combination number -> breakdown values
    by_month = [Answer.month] if month_at is not None else []
    split = (sa.select(*FIGURE_COLUMNS, Answer.group_id, *by_month, sa.func.count().label("n"))
             .where(Answer.survey_id == survey_id).group_by(*FIGURE_COLUMNS, Answer.group_id, *by_month).subquery())
    split_keys = [split.c[column.key] for column in (*FIGURE_COLUMNS, *by_month)]
    with combinations_of_groups(db.session.connection(), pairs) as mapping:
        query = (sa.select(*split_keys, sa.func.coalesce(mapping.c.combination, len(values_of) - 1),
                           sa.cast(sa.func.sum(split.c.n), sa.BigInteger))
                 .join_from(split, mapping, mapping.c.group_id == split.c.group_id, isouter=True)
                 .group_by(*split_keys, mapping.c.combination))
        rows = _plain_rows(query)
    if month_at is None:
        return [(question, row, value, number, n, values_of[combination])
                for question, row, value, number, combination, n in rows]
    months = {row[4] for row in rows}
    in_month = {(combination, month): (*values[:month_at], month, *values[month_at + 1:])
                for combination, values in enumerate(values_of[:-1]) for month in months}
    return [(question, row, value, number, n, in_month.get((combination, month), nowhere))  # nowhere: a new group
            for question, row, value, number, month, combination, n in rows]


def _plain_rows(query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query that returns many, as plain tuples straight from the database driver:
    building SQLAlchemy rows would cost more than the query itself.
    (Only for columns that need no conversion: text, numbers.)"""
    connection = db.session.connection()
    compiled = query.compile(dialect=connection.dialect)
    parameters: Any = ([compiled.params[name] for name in compiled.positiontup or ()] if compiled.positional
                       else compiled.params)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, parameters)
        return cursor.fetchall()
    finally:
        cursor.close()


def _group_values(survey_id: str, breakdowns: Sequence[Breakdown]) -> dict[int, tuple[str | None, ...]]:
    """Each of the survey's response groups, with its value in each breakdown (None: not in it, or
    a breakdown by month, which the answers carry)."""
    query = (sa.select(ResponseGroup.id, ResponseGroup.language, ResponseGroup.channel, ResponseGroup.site,
                       ResponseGroup.answers_json)
             .where(ResponseGroup.survey_id == survey_id))
    values: dict[int, tuple[str | None, ...]] = {}
    answers: dict[str, dict[str, str]] = {}  # many groups share their breakdown answers: parse each once
    for group_id, language, channel, site, answers_json in db.session.connection().execute(query):
        if answers_json not in answers:
            answers[answers_json] = json.loads(answers_json or "{}")
        group = Group(language, channel, site, answers[answers_json])
        values[group_id] = tuple(None if breakdown.by_month else breakdown.value(group) for breakdown in breakdowns)
    return values


class _Tally:
    """Counts summed into the overall group and each breakdown value they belong to."""

    def __init__(self, breakdowns: Sequence[Breakdown]) -> None:
        self.ids = [b.id for b in breakdowns]
        self.seen: list[set[str]] = [set() for _ in breakdowns]   # each breakdown's values with answers
        self.counts: Counter[tuple[Any, ...]] = Counter()

    def add(self, key: tuple[Any, ...], values: tuple[str | None, ...], n: int) -> None:
        self.counts[(*key, "", "")] += n
        for i, value in enumerate(values):
            if value is not None:
                self.counts[(*key, self.ids[i], value)] += n
                self.seen[i].add(value)


def count_figures(definition: SurveyDefinition, breakdowns: Sequence[Breakdown]) -> Figures:
    """All figures for the overall group and each breakdown, from one GROUP BY over the answers.

    The figures are few (questions x options x groups), so plain Python sums them: a pandas
    operation would cost more than the summing, however many responses there are.
    """
    counted = _counted(definition, "count")
    counted_ids = {q.id for q in counted}
    numeric_ids = {q.id for q in _counted(definition, "number")}
    marked_ids = {q.id for q in counted if not kind_of(q).options_add_up}  # multiple choice: "answered" rows
    options = _Tally(breakdowns)        # (question, row, option, group)
    answered = _Tally(breakdowns)       # (question, row, group)
    numbers = _Tally(breakdowns)        # (question, number, group)
    for question, row, value, number, n, values in _answer_counts(definition.id, breakdowns):
        if value is not None:
            if question in counted_ids:
                options.add((question, row, value), values, n)
        elif number is not None:
            if question in numeric_ids:
                numbers.add((question, number), values, n)
        elif question in marked_ids:
            answered.add((question, row), values, n)
    groups: list[tuple[str, str]] = [("", "")]
    for i, breakdown in enumerate(breakdowns):
        seen = options.seen[i] | numbers.seen[i]
        groups += [(breakdown.id, value) for value in sorted(seen, key=breakdown.sort_key)]
    statistics = _statistics(numbers.counts)
    cells = [(q.id, row, option.value, bid, value, options.counts.get((q.id, row, option.value, bid, value), 0))
             for q in counted for row in _row_ids(q) for bid, value in groups for option in q.choices]
    bases = [(q.id, row, bid, value, _base(q, row, (bid, value), options.counts, answered.counts, statistics))
             for q in definition.all_questions() if kind_of(q).summary != "text"
             for row in _row_ids(q) for bid, value in groups]
    return Figures(cells=pd.DataFrame(cells, columns=[*CELL_KEY, "count"]),
                   bases=pd.DataFrame(bases, columns=[*BASE_KEY, "base"]),
                   numbers=pd.DataFrame([(q, bid, value, mean, median)
                                         for (q, bid, value), (_, mean, median) in statistics.items()],
                                        columns=["question_id", *GROUP, "mean", "median"]),
                   groups=groups)


def _row_ids(question: Question) -> list[str]:
    return [r.id for r in question.rows] or [""]


def _base(question: Question, row: str, group: tuple[str, str], options: Counter[tuple[Any, ...]],
          answered: Counter[tuple[Any, ...]], statistics: dict[tuple[str, str, str], tuple[int, float, float]]) -> int:
    """The responses in a group that answered a question (row): the sum of its counts where its
    options add up, its "answered" rows for multiple choice, how many numbers for a number."""
    if kind_of(question).summary == "number":
        return statistics.get((question.id, *group), (0, 0.0, 0.0))[0]
    if kind_of(question).options_add_up:
        return sum(options.get((question.id, row, option.value, *group), 0) for option in question.choices)
    return answered.get((question.id, row, *group), 0)


def _statistics(frequencies: Counter[tuple[Any, ...]]) -> dict[tuple[str, str, str], tuple[int, float, float]]:
    """How many, mean and median per (question, breakdown id, value), from how often each number was given."""
    given: dict[tuple[str, str, str], list[tuple[float, int]]] = {}
    for (question, number, bid, value), n in frequencies.items():
        given.setdefault((question, bid, value), []).append((float(number), n))
    statistics = {}
    for key, pairs in given.items():
        pairs.sort()
        how_many = sum(n for _, n in pairs)
        if not how_many:
            continue
        positions = list(accumulate(n for _, n in pairs))
        middle = [pairs[bisect_right(positions, k)][0] for k in ((how_many - 1) // 2, how_many // 2)]
        statistics[key] = (how_many, fsum(number * n for number, n in pairs) / how_many, sum(middle) / 2)
    return statistics


def response_count(survey_id: str) -> int:
    query = sa.select(sa.func.count()).select_from(Response).where(Response.survey_id == survey_id)
    return int(db.session.scalar(query) or 0)
