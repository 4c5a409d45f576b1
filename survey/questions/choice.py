"""Single choice (radios) and multiple choice (checkboxes): values stored, never labels."""
from __future__ import annotations

from typing import Any

from ..definition.model import Question
from . import messages
from .base import FieldError, FormData, QuestionType, StoredAnswer, Unreadable, anchor, first


class SingleChoice(QuestionType):
    name = "single_choice"
    template = "questions/radios.html"
    summary = "count"
    options_add_up = True

    def from_form(self, question: Question, form: FormData) -> str | None:
        return first(form, question.id) or None

    def from_json(self, question: Question, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise Unreadable(FieldError(anchor(question), messages.select_shown()))
        return raw

    def problems(self, question: Question, value: str | None) -> list[FieldError]:
        if value is None:
            return [FieldError(anchor(question), messages.select_one())] if question.required else []
        if question.option(value) is None:
            return [FieldError(anchor(question), messages.select_shown())]
        return []

    def to_form(self, question: Question, value: str | None) -> dict[str, list[str]]:
        return {question.id: [value]} if value is not None else {}

    def stored(self, question: Question, value: str) -> list[StoredAnswer]:
        return [StoredAnswer(value=value)]

    def display(self, question: Question, value: str, lang: str) -> list[str]:
        option = question.option(value)
        return [option.label(lang)] if option else []


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    template = "questions/checkboxes.html"
    summary = "count"

    def from_form(self, question: Question, form: FormData) -> list[str] | None:
        chosen = [v.strip() for v in form.get(question.id) or [] if v.strip()]
        return list(dict.fromkeys(chosen)) or None

    def from_json(self, question: Question, raw: Any) -> list[str] | None:
        if raw is None:
            return None
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise Unreadable(FieldError(anchor(question), messages.select_shown()))
        return list(dict.fromkeys(raw)) or None

    def problems(self, question: Question, value: list[str] | None) -> list[FieldError]:
        where = anchor(question)
        if not value:
            return [FieldError(where, messages.select_at_least_one())] if question.required else []
        options = [question.option(v) for v in value]
        if any(o is None for o in options):
            return [FieldError(where, messages.select_shown())]
        lone = next((o for o in options if o and o.exclusive), None)
        if lone and len(value) > 1:
            return [FieldError(where, messages.exclusive(lone.label))]
        if question.max_choices and len(value) > question.max_choices:
            return [FieldError(where, messages.too_many(question.max_choices))]
        return []

    def to_form(self, question: Question, value: list[str] | None) -> dict[str, list[str]]:
        return {question.id: list(value)} if value else {}

    def stored(self, question: Question, value: list[str]) -> list[StoredAnswer]:
        """A row per chosen option, and one that says the question was answered: counted, those
        rows are the base, which the options' counts are not (one person may choose several)."""
        return [StoredAnswer(), *(StoredAnswer(value=v) for v in value)]

    def display(self, question: Question, value: list[str], lang: str) -> list[str]:
        return [o.label(lang) for o in question.options if o.value in value]

