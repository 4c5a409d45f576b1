"""Counting stored answers in the database: GROUP BY queries, shaped into small pandas tables.

Memory grows with the number of figures (questions x options x response groups), never with the
number of responses: no query here brings individual answers into Python.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
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


FIGURE = ["question_id", "row_id", "value", "number"]
FIGURE_COLUMNS = [Answer.question_id, Answer.row_id, Answer.value, Answer.number]


def _answer_counts(survey_id: str, breakdowns: Sequence[Breakdown], dims: Sequence[str]) -> pd.DataFrame:
    """How many answer rows share each question, row, value and number, with a column per breakdown.

    One GROUP BY, which the ix_answers_count index covers. With breakdowns it is split by response
    group, and the database sums the groups into combinations of breakdown values (combinations.py),
    so only a row per figure and combination comes back. A group added since the groups were read
    has no combination: its answers count overall, in no breakdown.
    """
    if dims:
        groups = _group_values(survey_id, breakdowns, dims)
        if not groups.empty:
            return _counts_by_combination(survey_id, groups, dims)
    query = (sa.select(*FIGURE_COLUMNS, sa.func.count()).where(Answer.survey_id == survey_id)
             .group_by(*FIGURE_COLUMNS))
    frame = pd.DataFrame.from_records(_plain_rows(query), columns=[*FIGURE, "n"])
    for dim in dims:  # no group was there to read: whatever is counted is in no breakdown
        frame[dim] = None
    return frame


def _counts_by_combination(survey_id: str, groups: pd.DataFrame, dims: Sequence[str]) -> pd.DataFrame:
    combination = groups.groupby(dims, dropna=False, sort=False).ngroup()   # groups alike in every breakdown
    values = groups.assign(combination=combination).drop_duplicates("combination")[["combination", *dims]]
    split = (sa.select(*FIGURE_COLUMNS, Answer.group_id, sa.func.count().label("n"))
             .where(Answer.survey_id == survey_id).group_by(*FIGURE_COLUMNS, Answer.group_id).subquery())
    split_keys = [split.c[name] for name in FIGURE]
    connection = db.session.connection()
    with combinations_of_groups(connection, list(zip(groups["group_id"], combination))) as mapping:
        query = (sa.select(*split_keys, mapping.c.combination, sa.cast(sa.func.sum(split.c.n), sa.BigInteger))
                 .join_from(split, mapping, mapping.c.group_id == split.c.group_id, isouter=True)
                 .group_by(*split_keys, mapping.c.combination))
        counted = pd.DataFrame.from_records(_plain_rows(query), columns=[*FIGURE, "combination", "n"])
    counted["combination"] = counted["combination"].astype("Int64")  # None: a group added meanwhile
    return (counted.merge(values.astype({"combination": "Int64"}), on="combination", how="left")
            .drop(columns="combination"))


def _plain_rows(query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query that returns many, as plain tuples straight from the database driver:
    building SQLAlchemy rows, and a DataFrame from them, would cost more than the query itself.
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


def _group_values(survey_id: str, breakdowns: Sequence[Breakdown], dims: Sequence[str]) -> pd.DataFrame:
    """Each of the survey's response groups, with its value in each breakdown (None: not in it)."""
    query = (sa.select(ResponseGroup.id, ResponseGroup.language, ResponseGroup.channel, ResponseGroup.site,
                       ResponseGroup.month, ResponseGroup.answers_json)
             .where(ResponseGroup.survey_id == survey_id))
    rows = []
    answers: dict[str, dict[str, str]] = {}  # many groups share their breakdown answers: parse each once
    for group_id, language, channel, site, month, answers_json in db.session.connection().execute(query):
        if answers_json not in answers:
            answers[answers_json] = json.loads(answers_json or "{}")
        group = Group(language, channel, site, month, answers[answers_json])
        rows.append((group_id, *(breakdown.value(group) for breakdown in breakdowns)))
    return pd.DataFrame(rows, columns=["group_id", *dims], dtype=object)


def _margins(frame: pd.DataFrame, keys: list[str], dims: Sequence[str], breakdowns: Sequence[Breakdown],
             value: str) -> pd.DataFrame:
    """Sum the cube over everything but `keys`: once overall, then once per breakdown, with group columns."""
    parts = []
    for dim, breakdown in [(None, None), *zip(dims, breakdowns)]:
        if dim is None:
            summed = frame.groupby(keys, sort=False, dropna=False)[value].sum().reset_index()
            summed["breakdown_id"], summed["breakdown_value"] = "", ""
        else:
            summed = (frame[frame[dim].notna()].groupby([*keys, dim], sort=False, dropna=False)[value].sum()
                      .reset_index().rename(columns={dim: "breakdown_value"}))
            summed["breakdown_id"] = breakdown.id
        parts.append(summed)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*keys, *GROUP, value])


def _statistics(frequencies: pd.DataFrame) -> pd.DataFrame:
    """Count, mean and median per question and group, from how often each number was given."""
    rows = []
    for (qid, bid, value), part in frequencies.groupby(["question_id", *GROUP], sort=False):
        part = part.sort_values("number")
        weights, numbers = part["n"].to_numpy(), part["number"].to_numpy(dtype=float)
        how_many = int(weights.sum())
        if not how_many:
            continue
        positions = weights.cumsum()
        middle = [numbers[positions.searchsorted(k, side="right")] for k in ((how_many - 1) // 2, how_many // 2)]
        rows.append((qid, bid, value, how_many, float((numbers * weights).sum() / how_many), sum(middle) / 2))
    return pd.DataFrame(rows, columns=["question_id", *GROUP, "base", "mean", "median"])


def count_figures(definition: SurveyDefinition, breakdowns: Sequence[Breakdown]) -> Figures:
    """All figures for the overall group and each breakdown, from one GROUP BY over the answers."""
    counted = _counted(definition, "count")
    numeric = _counted(definition, "number")
    dims = [f"d{i}" for i in range(len(breakdowns))]
    answers = _answer_counts(definition.id, breakdowns, dims)
    is_number, has_value = answers["number"].notna(), answers["value"].notna()
    counts = answers[has_value & answers["question_id"].isin([q.id for q in counted])]
    not_adding = [q.id for q in counted if not kind_of(q).options_add_up]
    answered = answers[~has_value & ~is_number & answers["question_id"].isin(not_adding)]  # multiple-choice marks
    frequencies = answers[is_number & answers["question_id"].isin([q.id for q in numeric])]
    groups: list[tuple[str, str]] = [("", "")]
    for dim, breakdown in zip(dims, breakdowns):
        seen = set(counts[dim].dropna()) | set(frequencies[dim].dropna())
        groups += [(breakdown.id, value) for value in sorted(seen, key=breakdown.sort_key)]
    found = _margins(counts, ["question_id", "row_id", "value"], dims, breakdowns, "n")
    found = found.rename(columns={"value": "option_value", "n": "count"})
    cells = _every_cell(counted, groups).merge(found, on=CELL_KEY, how="left")
    cells["count"] = cells["count"].fillna(0).astype("int64")
    numbers = _statistics(_margins(frequencies, ["question_id", "number"], dims, breakdowns, "n"))
    bases = pd.concat([_summed_bases(cells, counted),
                       _margins(answered, ["question_id", "row_id"], dims, breakdowns, "n")
                       .rename(columns={"n": "base"}),
                       numbers.assign(row_id="")[[*BASE_KEY, "base"]]])
    bases = _every_base(definition, groups).merge(bases, on=BASE_KEY, how="left")
    bases["base"] = bases["base"].fillna(0).astype("int64")
    return Figures(cells=cells, bases=bases, numbers=numbers.drop(columns="base"), groups=groups)


def _every_cell(questions: Sequence[Question], groups: list[tuple[str, str]]) -> pd.DataFrame:
    """Every (question, row, group, option) an export lists, in the order it lists them."""
    keys = [(q.id, row, option.value, bid, value)
            for q in questions for row in ([r.id for r in q.rows] or [""])
            for bid, value in groups for option in q.choices]
    return pd.DataFrame(keys, columns=CELL_KEY, dtype=object)


def _every_base(definition: SurveyDefinition, groups: list[tuple[str, str]]) -> pd.DataFrame:
    keys = [(q.id, row, bid, value)
            for q in definition.all_questions() if kind_of(q).summary != "text"
            for row in ([r.id for r in q.rows] or [""]) for bid, value in groups]
    return pd.DataFrame(keys, columns=BASE_KEY, dtype=object)


def _summed_bases(cells: pd.DataFrame, questions: Sequence[Question]) -> pd.DataFrame:
    """Bases of questions whose options add up: the sum of their counts, no second query."""
    adding = [q.id for q in questions if kind_of(q).options_add_up]
    summed = cells[cells["question_id"].isin(adding)].groupby(BASE_KEY, sort=False)["count"].sum()
    return summed.rename("base").reset_index()


def response_count(survey_id: str) -> int:
    query = sa.select(sa.func.count()).select_from(Response).where(Response.survey_id == survey_id)
    return int(db.session.scalar(query) or 0)
