"""Error messages shown to respondents, built in their language when needed."""
from __future__ import annotations

from flask_babel import format_decimal, get_locale, gettext, ngettext

from ..definition.model import Question, Text
from ..vocabulary import Language


def current_language() -> str:
    return Language.CY if str(get_locale()) == Language.CY else Language.EN


def select_one() -> str:
    return gettext("Select an answer")


def select_shown() -> str:
    return gettext("Select one of the answers shown")


def select_at_least_one() -> str:
    return gettext("Select at least one answer")


def too_many(limit: int) -> str:
    return ngettext("Select no more than %(num)d answer", "Select no more than %(num)d answers", limit)


def exclusive(label: Text) -> str:
    return gettext("You cannot select ‘%(answer)s’ with any other answer", answer=label(current_language()))


def select_for_row(row: Text) -> str:
    return gettext("Select an answer for ‘%(row)s’", row=row(current_language()))


def enter_answer() -> str:
    return gettext("Enter your answer")


def too_long(limit: int) -> str:
    return ngettext("Your answer must be %(num)d character or fewer",
                    "Your answer must be %(num)d characters or fewer", limit)


def enter_number() -> str:
    return gettext("Enter a number")


def not_a_number(integer: bool) -> str:
    return gettext("Enter a whole number, like 12") if integer else gettext("Enter a number, like 12 or 2.5")


def out_of_range(question: Question) -> str:
    low = format_decimal(question.min) if question.min is not None else None
    high = format_decimal(question.max) if question.max is not None else None
    if low is not None and high is not None:
        return gettext("Enter a number from %(min)s to %(max)s", min=low, max=high)
    if low is not None:
        return gettext("Enter a number that is %(min)s or more", min=low)
    return gettext("Enter a number that is %(max)s or less", max=high)
