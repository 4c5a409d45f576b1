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
from .breakdowns import Breakdown, allowed_breakdowns, grouped_from

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


def _grouped_query(survey_id: str, breakdown: Breakdown | None, question_ids: Sequence[str],
                   columns: Sequence[Any], group_by: Sequence[Any]) -> list[sa.Row[Any]]:
    source, group = grouped_from(breakdown, _dialect())
    query = (sa.select(*columns, group.label("group")).select_from(source)
             .where(Answer.survey_id == survey_id, Answer.question_id.in_(question_ids), group.is_not(None))
             .group_by(*group_by, group))
    return list(db.session.execute(query))


def _median(survey_id: str, breakdown: Breakdown | None, question_id: str, group_value: str,
            how_many: int) -> float:
    """The median, reading only the one or two middle values from the database."""
    source, group = grouped_from(breakdown, _dialect())
    query = (sa.select(Answer.number).select_from(source)
             .where(Answer.survey_id == survey_id, Answer.question_id == question_id,
                    Answer.number.is_not(None), group == group_value)
             .order_by(Answer.number).offset((how_many - 1) // 2).limit(2 - how_many % 2))
    middle = list(db.session.scalars(query))
    return sum(middle) / len(middle)


def count_figures(definition: SurveyDefinition, breakdowns: Sequence[Breakdown], min_cell: int) -> Figures:
    """All figures for the overall group and each breakdown, straight from GROUP BY queries."""
    survey_id = definition.id
    counted = _counted(definition, "count")
    numeric = _counted(definition, "number")
    distinct_base = [q.id for q in counted if not kind_of(q).options_add_up]
    count_rows: list[tuple[Any, ...]] = []
    base_rows: list[tuple[Any, ...]] = []
    number_rows: list[tuple[Any, ...]] = []
    groups: list[tuple[str, str]] = [("", "")]
    for breakdown in [None, *breakdowns]:
        bid = breakdown.id if breakdown else ""
        seen: set[str] = set()
        for qid, row_id, value, how_many, group in _grouped_query(
                survey_id, breakdown, [q.id for q in counted],
                [Answer.question_id, Answer.row_id, Answer.value, sa.func.count()],
                [Answer.question_id, Answer.row_id, Answer.value]):
            count_rows.append((qid, row_id, value, bid, group, how_many))
            seen.add(group)
        if distinct_base:
            for qid, row_id, how_many, group in _grouped_query(
                    survey_id, breakdown, distinct_base,
                    [Answer.question_id, Answer.row_id, sa.func.count(sa.distinct(Answer.response_id))],
                    [Answer.question_id, Answer.row_id]):
                base_rows.append((qid, row_id, bid, group, how_many))
        if numeric:
            for qid, how_many, mean, group in _grouped_query(
                    survey_id, breakdown, [q.id for q in numeric],
                    [Answer.question_id, sa.func.count(Answer.number), sa.func.avg(Answer.number)],
                    [Answer.question_id]):
                median = (_median(survey_id, breakdown, qid, group, how_many)
                          if how_many >= min_cell else float("nan"))
                base_rows.append((qid, "", bid, group, how_many))
                number_rows.append((qid, bid, group, float(mean), median))
                seen.add(group)
        if breakdown:
            groups += [(bid, value) for value in sorted(seen, key=breakdown.sort_key)]
    counts = pd.DataFrame(count_rows, columns=[*CELL_KEY, "count"])
    cells = _every_cell(counted, groups).merge(counts, on=CELL_KEY, how="left")
    cells["count"] = cells["count"].fillna(0).astype("int64")
    bases = pd.concat([_summed_bases(cells, counted), pd.DataFrame(base_rows, columns=[*BASE_KEY, "base"])])
    bases = _every_base(definition, groups).merge(bases, on=BASE_KEY, how="left")
    bases["base"] = bases["base"].fillna(0).astype("int64")
    numbers = pd.DataFrame(number_rows, columns=["question_id", *GROUP, "mean", "median"])
    return Figures(cells=cells, bases=bases, numbers=numbers, groups=groups)


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
