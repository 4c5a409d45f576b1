"""Breakdowns: the ways an export may split its figures, each with its SQL and its labels."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy.orm import aliased

from ..definition import SurveyDefinition
from ..models import Answer, Response
from . import ExportError

BUILT_IN = ("channel", "language", "site", "month")

LANGUAGE_LABELS = {"cy": _l("Welsh"), "en": _l("English")}
CHANNEL_LABELS = {"public": _l("Public link"), "kiosk": _l("Kiosk"), "paper": _l("Paper form")}
CHANNEL_ORDER = ("public", "kiosk", "paper")


@dataclass(frozen=True)
class Breakdown:
    """One way to split the figures: how to find each response's group, and how to name it."""
    id: str
    column: Callable[[str], sa.ColumnElement[Any]]  # (dialect) -> each response's group
    label: Callable[[str, str], str]                # (group value, language) -> label
    sort_key: Callable[[str], Any]
    question_id: str | None = None                  # a question breakdown: its answers give the group
    answer: Any = None                              # ...joined as this alias of the answers table


def _translated(labels: dict[str, Any]) -> Callable[[str, str], str]:
    def label(value: str, lang: str) -> str:
        with force_locale(lang):
            return str(labels.get(value, value))
    return label


def _month_label(value: str, lang: str) -> str:
    year, month = (int(part) for part in value.split("-"))
    return format_date(date(year, month, 1), "LLLL y", locale=lang)


def _month_column(dialect: str) -> sa.ColumnElement[Any]:
    if dialect == "postgresql":
        return sa.func.to_char(Response.submitted_on, "YYYY-MM")
    return sa.func.strftime("%Y-%m", Response.submitted_on)


def _index_in(values: Sequence[str]) -> Callable[[str], Any]:
    order = {value: i for i, value in enumerate(values)}
    return lambda value: (order.get(value, len(order)), value)


BUILT_IN_BREAKDOWNS: dict[str, Breakdown] = {
    "channel": Breakdown("channel", lambda d: Response.channel, _translated(CHANNEL_LABELS),
                         _index_in(CHANNEL_ORDER)),
    "language": Breakdown("language", lambda d: Response.language, _translated(LANGUAGE_LABELS),
                          _index_in(("cy", "en"))),
    "site": Breakdown("site", lambda d: Response.site, lambda value, lang: value, lambda value: value),
    "month": Breakdown("month", _month_column, _month_label, lambda value: value),
}


def allowed_breakdowns(definition: SurveyDefinition) -> list[str]:
    """What `--by` accepts for this survey: the built-in breakdowns, then its breakdown questions."""
    return [*BUILT_IN, *(q.id for q in definition.all_questions() if q.breakdown and q.type == "single_choice")]


def question_breakdown(definition: SurveyDefinition, question_id: str) -> Breakdown:
    question = definition.question(question_id)

    def label(value: str, lang: str) -> str:
        option = question.option(value)
        return option.label(lang) if option else value

    answer = aliased(Answer, name=f"by_{question_id}")
    return Breakdown(question_id, lambda d: answer.value, label, _index_in([o.value for o in question.options]),
                     question_id=question_id, answer=answer)


def resolve(definition: SurveyDefinition, names: Sequence[str]) -> list[Breakdown]:
    """The breakdowns asked for, or ExportError naming the first that is not allowed."""
    allowed = allowed_breakdowns(definition)
    resolved: list[Breakdown] = []
    for name in names:
        if name not in allowed:
            raise ExportError(f"cannot break down by {name!r}: choose from {', '.join(allowed)} "
                              "(a question must be single choice and marked breakdown: true)")
        if name in (b.id for b in resolved):
            continue
        resolved.append(BUILT_IN_BREAKDOWNS.get(name) or question_breakdown(definition, name))
    return resolved


def cube_from(breakdowns: Sequence[Breakdown], dialect: str) -> tuple[Any, list[sa.ColumnElement[Any]]]:
    """Answers joined to all that the breakdowns need, and one group column per breakdown.

    Every breakdown is a property of the whole response, so each response falls in exactly one
    combination of groups: counts per combination add up to every breakdown's figures.
    """
    source: Any = Answer
    if any(b.question_id is None for b in breakdowns):
        source = sa.join(source, Response, Response.id == Answer.response_id)
    for b in breakdowns:
        if b.question_id:
            source = sa.outerjoin(source, b.answer, sa.and_(b.answer.response_id == Answer.response_id,
                                                             b.answer.question_id == b.question_id,
                                                             b.answer.row_id == ""))
    return source, [b.column(dialect).label(f"d{i}") for i, b in enumerate(breakdowns)]
