"""Counting stored answers in the database: one GROUP BY, summed into small pandas tables.

Memory grows with the number of figures (questions x options x response groups), never with the
number of responses: no query here brings individual answers into Python.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd
import sqlalchemy as sa

from ..definition import Question, SurveyDefinition
from ..extensions import db
from ..groups import Group
from ..models import Answer, ResponseGroup
from ..questions import kind_of
from .breakdowns import OTHER, Breakdown, allowed_breakdowns
from .combinations import combinations_of_groups
from .disclosure import Numbers

GROUP = ["breakdown_id", "breakdown_value"]
CELL_KEY = ["question_id", "row_id", "option_value", *GROUP]
BASE_KEY = ["question_id", "row_id", *GROUP]

__all__ = ["Figures", "count_figures", "allowed_breakdowns"]



@dataclass
class Figures:
    """Every count, base and statistic of an export of one release, before disclosure control.

    cells: CELL_KEY + count + key, one row per question (row), option and group, zeros included.
    bases: BASE_KEY + base + key, the responses in a group that answered that question (row).
    numbers: (question_id, breakdown_id, breakdown_value) -> the numbers given in that group.
    key: the sum of the record keys of the people counted (disclosure.cell_key takes it mod 256).
    """
    cells: pd.DataFrame
    bases: pd.DataFrame
    numbers: dict[tuple[str, str, str], Numbers]
    groups: list[tuple[str, str]]       # ("", "") first, then each breakdown's values in order


def _counted(definition: SurveyDefinition, summary: str) -> list[Question]:
    return [q for q in definition.all_questions() if kind_of(q).summary == summary]


FIGURE_COLUMNS = [Answer.question_id, Answer.row_id, Answer.value, Answer.number]
# question_id, row_id, value, number, how many answer rows, the sum of their record keys, and the
# value in each breakdown (None: in none)
Counted = tuple[str, str, str | None, float | None, int, int, tuple[str | None, ...]]
COUNTED = (sa.func.count(), sa.cast(sa.func.sum(Answer.record_key), sa.BigInteger))


def _answer_counts(survey_id: str, release: int, breakdowns: Sequence[Breakdown]) -> list[Counted]:
    """How many answer rows share each question, row, value and number, and each breakdown's value.

    One GROUP BY, which the ix_answers_count index covers. With breakdowns it is split by response
    group (and by month, which the answers carry, when that is asked for), and the database sums
    the groups into combinations of breakdown values (combinations.py), so only a row per figure
    and combination comes back. A group added since the groups were read has no combination: its
    answers count overall, in no breakdown. Only the answers of release `release` or before.
    """
    nowhere: tuple[str | None, ...] = (None,) * len(breakdowns)
    month_at = next((i for i, breakdown in enumerate(breakdowns) if breakdown.by_month), None)
    if any(not breakdown.by_month for breakdown in breakdowns):
        groups = _group_values(survey_id, breakdowns)
        if groups:
            return _counts_by_combination(survey_id, release, groups, nowhere, month_at)
        month_at = None  # no group was read: whatever is counted is in no breakdown
    by_month = [Answer.month] if month_at is not None else []
    query = (sa.select(*FIGURE_COLUMNS, *by_month, *COUNTED).where(*_in_release(survey_id, release))
             .group_by(*FIGURE_COLUMNS, *by_month))
    if month_at is None:
        return [(*figure, n, key, nowhere) for *figure, n, key in _plain_rows(query)]
    return [(question, row, value, number, n, key, (month,))  # the month is the only breakdown
            for question, row, value, number, month, n, key in _plain_rows(query)]


def _in_release(survey_id: str, release: int) -> tuple[sa.ColumnElement[bool], ...]:
    return Answer.survey_id == survey_id, Answer.release <= release


def _counts_by_combination(survey_id: str, release: int, groups: dict[int, tuple[str | None, ...]],
                           nowhere: tuple[str | None, ...], month_at: int | None) -> list[Counted]:
    combination_of: dict[tuple[str | None, ...], int] = {}   # groups alike in every breakdown share one
    pairs = [(group_id, combination_of.setdefault(values, len(combination_of))) for group_id, values in groups.items()]
    values_of = [*combination_of, nowhere]                   # combination number -> breakdown values
    by_month = [Answer.month] if month_at is not None else []
    split = (sa.select(*FIGURE_COLUMNS, Answer.group_id, *by_month, COUNTED[0].label("n"), COUNTED[1].label("k"))
             .where(*_in_release(survey_id, release)).group_by(*FIGURE_COLUMNS, Answer.group_id, *by_month)
             .subquery())
    split_keys = [split.c[column.key] for column in (*FIGURE_COLUMNS, *by_month)]
    with combinations_of_groups(db.session.connection(), pairs) as mapping:
        query = (sa.select(*split_keys, sa.func.coalesce(mapping.c.combination, len(values_of) - 1),
                           sa.cast(sa.func.sum(split.c.n), sa.BigInteger), sa.cast(sa.func.sum(split.c.k), sa.BigInteger))
                 .join_from(split, mapping, mapping.c.group_id == split.c.group_id, isouter=True)
                 .group_by(*split_keys, mapping.c.combination))
        rows = _plain_rows(query)
    if month_at is None:
        return [(question, row, value, number, n, key, values_of[combination])
                for question, row, value, number, combination, n, key in rows]
    months = {row[4] for row in rows}
    in_month = {(combination, month): (*values[:month_at], month, *values[month_at + 1:])
                for combination, values in enumerate(values_of[:-1]) for month in months}
    return [(question, row, value, number, n, key, in_month.get((combination, month), nowhere))  # nowhere: new group
            for question, row, value, number, month, combination, n, key in rows]


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
    """Counts, and the sums of their record keys, summed into the overall group and each
    breakdown value they belong to."""

    def __init__(self, breakdowns: Sequence[Breakdown]) -> None:
        self.ids = [b.id for b in breakdowns]
        self.seen: list[set[str]] = [set() for _ in breakdowns]   # each breakdown's values with answers
        self.counts: Counter[tuple[Any, ...]] = Counter()
        self.keys: Counter[tuple[Any, ...]] = Counter()

    def add(self, key: tuple[Any, ...], values: tuple[str | None, ...], n: int, key_sum: int) -> None:
        self.counts[(*key, "", "")] += n
        self.keys[(*key, "", "")] += key_sum
        for i, value in enumerate(values):
            if value is not None:
                self.counts[(*key, self.ids[i], value)] += n
                self.keys[(*key, self.ids[i], value)] += key_sum
                self.seen[i].add(value)


@dataclass
class _Tallies:
    options: _Tally     # (question, row, option, group)
    answered: _Tally    # (question, row, group): multiple choice's "answered" rows
    numbers: _Tally     # (question, number, group)


def _tally(definition: SurveyDefinition, breakdowns: Sequence[Breakdown], rows: list[Counted]) -> _Tallies:
    counted_ids = {q.id for q in _counted(definition, "count")}
    numeric_ids = {q.id for q in _counted(definition, "number")}
    marked_ids = {q.id for q in _counted(definition, "count") if not kind_of(q).options_add_up}
    tallies = _Tallies(_Tally(breakdowns), _Tally(breakdowns), _Tally(breakdowns))
    for question, row, value, number, n, key, values in rows:
        if value is not None:
            if question in counted_ids:
                tallies.options.add((question, row, value), values, n, key)
        elif number is not None:
            if question in numeric_ids:
                tallies.numbers.add((question, number), values, n, key)
        elif question in marked_ids:
            tallies.answered.add((question, row), values, n, key)
    return tallies


def _sizes(definition: SurveyDefinition, tallies: _Tallies) -> Counter[tuple[str, str]]:
    """Each breakdown value's size: the most people in it who answered any one question (row)."""
    totals: Counter[tuple[Any, ...]] = Counter()
    adding = {q.id for q in definition.all_questions() if kind_of(q).options_add_up}
    for (question, row, _, bid, value), n in tallies.options.counts.items():
        if question in adding:
            totals[(question, row, bid, value)] += n
    for (question, row, bid, value), n in tallies.answered.counts.items():
        totals[(question, row, bid, value)] += n
    for (question, _, bid, value), n in tallies.numbers.counts.items():
        totals[(question, "#", bid, value)] += n
    sizes: Counter[tuple[str, str]] = Counter()
    for (_, _, bid, value), n in totals.items():
        if bid:
            sizes[(bid, value)] = max(sizes[(bid, value)], n)
    return sizes


def _merged_values(breakdowns: Sequence[Breakdown], sizes: Counter[tuple[str, str]],
                   smallest: int) -> list[dict[str, str]]:
    """For each breakdown, the values merged into "other": every value under `smallest`, and where
    that is one value alone, the next smallest too (so "other" never names one value)."""
    merged: list[dict[str, str]] = []
    for breakdown in breakdowns:
        values = sorted(((n, value) for (bid, value), n in sizes.items() if bid == breakdown.id))
        small = [value for n, value in values if n < smallest]
        if len(small) == 1 and len(values) > 1:
            small.append(values[1][1])
        merged.append({value: OTHER for value in small})
    return merged


def count_figures(definition: SurveyDefinition, breakdowns: Sequence[Breakdown], release: int,
                  min_cell: int) -> Figures:
    """All figures of a release for the overall group and each breakdown, from one GROUP BY over
    the answers. A breakdown value with fewer than 2 x min_cell people is merged into "other".

    The figures are few (questions x options x groups), so plain Python sums them: a pandas
    operation would cost more than the summing, however many responses there are.
    """
    rows = _answer_counts(definition.id, release, breakdowns)
    tallies = _tally(definition, breakdowns, rows)
    merged = _merged_values(breakdowns, _sizes(definition, tallies), 2 * min_cell)
    if any(merged):
        rows = [(*figure, tuple(value if value is None else merged[i].get(value, value)
                                for i, value in enumerate(values))) for *figure, values in rows]
        tallies = _tally(definition, breakdowns, rows)
    options, answered, numbers = tallies.options, tallies.answered, tallies.numbers
    groups: list[tuple[str, str]] = [("", "")]
    for i, breakdown in enumerate(breakdowns):
        seen = options.seen[i] | numbers.seen[i] | answered.seen[i]
        groups += [(breakdown.id, value) for value in sorted(seen, key=lambda v: (v == OTHER, breakdown.sort_key(v)))]
    statistics = _numbers(definition, numbers)
    counted = _counted(definition, "count")
    cells = [(q.id, row, option.value, bid, value, options.counts.get((q.id, row, option.value, bid, value), 0),
              options.keys.get((q.id, row, option.value, bid, value), 0))
             for q in counted for row in _row_ids(q) for bid, value in groups for option in q.choices]
    bases = [(q.id, row, bid, value, *_base(q, row, (bid, value), tallies, statistics))
             for q in definition.all_questions() if kind_of(q).summary != "text"
             for row in _row_ids(q) for bid, value in groups]
    return Figures(cells=pd.DataFrame(cells, columns=[*CELL_KEY, "count", "key"]),
                   bases=pd.DataFrame(bases, columns=[*BASE_KEY, "base", "key"]),
                   numbers=statistics, groups=groups)


def _row_ids(question: Question) -> list[str]:
    return [r.id for r in question.rows] or [""]


def _base(question: Question, row: str, group: tuple[str, str], tallies: _Tallies,
          statistics: dict[tuple[str, str, str], Numbers]) -> tuple[int, int]:
    """The responses in a group that answered a question (row), and the sum of their record keys:
    from its counts where its options add up, its "answered" rows for multiple choice, how many
    numbers for a number."""
    if kind_of(question).summary == "number":
        found = statistics.get((question.id, *group))
        return (found.how_many, sum(k for _, _, k in found.given)) if found else (0, 0)
    if kind_of(question).options_add_up:
        keys = [(question.id, row, option.value, *group) for option in question.choices]
        return sum(tallies.options.counts.get(k, 0) for k in keys), sum(tallies.options.keys.get(k, 0) for k in keys)
    key = (question.id, row, *group)
    return tallies.answered.counts.get(key, 0), tallies.answered.keys.get(key, 0)


def _numbers(definition: SurveyDefinition, numbers: _Tally) -> dict[tuple[str, str, str], Numbers]:
    """The numbers given per (question, breakdown id, value), with how often and whose keys."""
    bounds = {q.id: (q.min, q.max) for q in _counted(definition, "number")}
    given: dict[tuple[str, str, str], list[tuple[float, int, int]]] = {}
    for (question, number, bid, value), n in numbers.counts.items():
        if n:
            given.setdefault((question, bid, value), []).append(
                (float(number), n, numbers.keys[(question, number, bid, value)]))
    return {key: Numbers(tuple(sorted(pairs)), *bounds[key[0]]) for key, pairs in given.items()}
