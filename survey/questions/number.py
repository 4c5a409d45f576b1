"""A number, whole by default, within optional bounds. Summarised by mean and median."""
from __future__ import annotations

import math
import re
from typing import Any

from ..definition.model import Question
from . import messages
from .base import FieldError, FormData, QuestionType, StoredAnswer, Unreadable, anchor, first

GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")  # 1,000 or 12,345.6: commas between thousands


def _number(raw: float, question: Question) -> int | float:
    if question.integer:
        if raw != int(raw):
            raise ValueError("not whole")
        return int(raw)
    return raw


class Number(QuestionType):
    name = "number"
    template = "questions/number.html"
    summary = "number"

    def from_form(self, question: Question, form: FormData) -> int | float | None:
        typed = first(form, question.id).replace(" ", "")
        if not typed:
            return None
        try:
            if "," in typed and not GROUPED.fullmatch(typed):
                raise ValueError(typed)  # 2,5 is not 25
            raw = float(typed.replace(",", ""))
            if not math.isfinite(raw) or len(typed) > 30:
                raise ValueError(typed)
            return _number(raw, question)
        except ValueError:
            raise Unreadable(FieldError(anchor(question), messages.not_a_number(question.integer))) from None

    def from_json(self, question: Question, raw: Any) -> int | float | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
            raise Unreadable(FieldError(anchor(question), messages.not_a_number(question.integer)))
        try:
            return _number(raw, question)
        except ValueError:
            raise Unreadable(FieldError(anchor(question), messages.not_a_number(question.integer))) from None

    def problems(self, question: Question, value: int | float | None) -> list[FieldError]:
        if value is None:
            return [FieldError(anchor(question), messages.enter_number())] if question.required else []
        if (question.min is not None and value < question.min) or \
                (question.max is not None and value > question.max):
            return [FieldError(anchor(question), messages.out_of_range(question))]
        return []

    def to_form(self, question: Question, value: int | float | None) -> dict[str, list[str]]:
        return {question.id: [str(value)]} if value is not None else {}

    def stored(self, question: Question, value: int | float) -> list[StoredAnswer]:
        return [StoredAnswer(number=float(value))]

    def display(self, question: Question, value: int | float, lang: str) -> list[str]:
        from babel.numbers import format_decimal
        return [format_decimal(value, locale=lang)]
