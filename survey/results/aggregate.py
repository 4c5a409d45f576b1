"""Counting stored answers in the database: GROUP BY queries, shaped into small pandas tables.

Memory grows with the number of figures (questions x options x groups), never with the number
of responses: no query here brings individual answers into Python, except for the one or two
middle values a median needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd
import sqlalchemy as sa

from ..definition import Question, SurveyDefinition
from ..extensions import db
from ..models import Answer, Response
from ..questions import kind_of
from .breakdowns import Breakdown, allowed_breakdowns, cube_from

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


def _dialect() -> str:
    return db.engine.dialect.name


def _counted(definition: SurveyDefinition, summary: str) -> list[Question]:
    return [q for q in definition.all_questions() if kind_of(q).summary == summary]


def _cube(survey_id: str, breakdowns: Sequence[Breakdown], question_ids: Sequence[str],
          columns: Sequence[sa.Label[Any]], dims: Sequence[str]) -> pd.DataFrame:
    """One GROUP BY over the answers and every breakdown at once; None where a response has no group."""
    if not question_ids:
        return pd.DataFrame(columns=[*dims, *(c.name for c in columns)])
    source, groups = cube_from(breakdowns, _dialect())
    query = (sa.select(*groups, *columns).select_from(source)
             .where(Answer.survey_id == survey_id, Answer.question_id.in_(question_ids))
             .group_by(*groups, *columns[:-1]))
    frame = pd.DataFrame(db.session.execute(query).all(), columns=[*dims, *(c.name for c in columns)])
    for dim in dims:
        frame[dim] = frame[dim].map(lambda v: None if pd.isna(v) else str(v)).astype(object)
    return frame


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


def count_figures(definition: SurveyDefinition, breakdowns: Sequence[Breakdown], min_cell: int) -> Figures:
    """All figures for the overall group and each breakdown, from three GROUP BY queries in all."""
    survey_id = definition.id
    counted = _counted(definition, "count")
    numeric = _counted(definition, "number")
    dims = [f"d{i}" for i in range(len(breakdowns))]
    n = sa.func.count().label("n")
    question, row = Answer.question_id.label("question_id"), Answer.row_id.label("row_id")
    counts = _cube(survey_id, breakdowns, [q.id for q in counted], [question, row, Answer.value.label("value"), n],
                   dims)
    distinct = _cube(survey_id, breakdowns, [q.id for q in counted if not kind_of(q).options_add_up],
                     [question, row, sa.func.count(sa.distinct(Answer.response_id)).label("n")], dims)
    frequencies = _cube(survey_id, breakdowns, [q.id for q in numeric],
                        [question, Answer.number.label("number"), n], dims)
    frequencies = frequencies[frequencies["number"].notna()]
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
                       _margins(distinct, ["question_id", "row_id"], dims, breakdowns, "n").rename(columns={"n": "base"}),
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
