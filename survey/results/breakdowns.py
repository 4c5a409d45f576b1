"""Breakdowns: the ways an export may split its figures, each with its values and its labels."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

from babel.dates import format_date
from flask_babel import force_locale, lazy_gettext as _l

from ..definition import SurveyDefinition
from ..groups import Group
from ..sentences import Sentence
from ..vocabulary import LANGUAGES, Channel, Language
from . import ExportError

BUILT_IN = ("channel", "language", "site", "month")

LANGUAGE_LABELS = {Language.CY: _l("Welsh"), Language.EN: _l("English")}
CHANNEL_LABELS = {Channel.PUBLIC: _l("Public link"), Channel.KIOSK: _l("Kiosk"), Channel.PAPER: _l("Paper form")}
OTHER = "_other"        # small values merged (aggregate.py); option values never start with "_"
SKIPPED = "_skipped"    # a breakdown question not answered
SHARED_LABELS = {OTHER: _l("Other (small groups together)"), SKIPPED: _l("Not answered")}


@dataclass(frozen=True)
class Breakdown:
    """One way to split the figures: each response group's value, and how to name and order values."""
    id: str
    value: Callable[[Group], str | None]            # a group's value (None: not in this breakdown)
    label: Callable[[str, str], str]                # (value, language) -> label
    sort_key: Callable[[str], Any]
    by_month: bool = False                          # the value is the month the answers carry, not the group's


def _no_group_value(_group: Group) -> None:
    return None


def _shared_label(value: str, lang: str) -> str | None:
    """The label of "other" or "not answered" in a language, None for any other value."""
    if value not in SHARED_LABELS:
        return None
    with force_locale(lang):
        return str(SHARED_LABELS[value])


def _translated(labels: dict[str, Any]) -> Callable[[str, str], str]:
    def label(value: str, lang: str) -> str:
        with force_locale(lang):
            return str(labels.get(value, SHARED_LABELS.get(value, value)))
    return label


def _month_label(value: str, lang: str) -> str:
    shared = _shared_label(value, lang)
    if shared is not None:
        return shared
    year, month = (int(part) for part in value.split("-"))
    return format_date(date(year, month, 1), "LLLL y", locale=lang)


def _index_in(values: Sequence[str]) -> Callable[[str], Any]:
    order = {value: i for i, value in enumerate(values)}
    return lambda value: (order.get(value, len(order)), value)


BUILT_IN_BREAKDOWNS: dict[str, Breakdown] = {
    "channel": Breakdown("channel", lambda g: g.channel, _translated(CHANNEL_LABELS), _index_in(tuple(Channel))),
    "language": Breakdown("language", lambda g: g.language, _translated(LANGUAGE_LABELS), _index_in(LANGUAGES)),
    "site": Breakdown("site", lambda g: g.site, lambda value, lang: _shared_label(value, lang) or value,
                      lambda value: value),
    "month": Breakdown("month", _no_group_value, _month_label, lambda value: value, by_month=True),
}


def allowed_breakdowns(definition: SurveyDefinition) -> list[str]:
    """What `--by` accepts for this survey: the built-in breakdowns, then its breakdown questions."""
    return [*BUILT_IN, *(q.id for q in definition.breakdown_questions())]


def question_breakdown(definition: SurveyDefinition, question_id: str) -> Breakdown:
    question = definition.question(question_id)
    assert question is not None

    def label(value: str, lang: str) -> str:
        option = question.option(value)
        return option.label(lang) if option else (_shared_label(value, lang) or value)

    return Breakdown(question_id, lambda g: g.answers.get(question_id, SKIPPED), label,
                     _index_in([*(o.value for o in question.options), SKIPPED]))


def resolve(definition: SurveyDefinition, names: Sequence[str]) -> list[Breakdown]:
    """The breakdowns asked for, or ExportError naming the first that is not allowed."""
    allowed = allowed_breakdowns(definition)
    resolved: list[Breakdown] = []
    for name in names:
        if name not in allowed:
            raise ExportError(Sentence("cannot break down by %(name)s: choose from %(allowed)s "
                                       "(a question must be single choice and marked breakdown: true)",
                                       name=repr(name), allowed=", ".join(allowed)))
        if name in (b.id for b in resolved):
            continue
        resolved.append(BUILT_IN_BREAKDOWNS.get(name) or question_breakdown(definition, name))
    return resolved
