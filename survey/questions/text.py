"""Free text: a one-line box or a text area. Stored apart from every other answer."""
from __future__ import annotations

from typing import Any

from ..definition.model import Question
from . import messages
from .base import FieldError, FormData, QuestionType, StoredAnswer, Unreadable, anchor, clean_text, first


class FreeText(QuestionType):
    name = "text"
    template = "questions/text.html"
    summary = "text"

    def from_form(self, question: Question, form: FormData) -> str | None:
        return first(form, question.id) or None

    def from_json(self, question: Question, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise Unreadable(FieldError(anchor(question), messages.enter_answer()))
        return clean_text(raw) or None

    def problems(self, question: Question, value: str | None) -> list[FieldError]:
        if value is None:
            return [FieldError(anchor(question), messages.enter_answer())] if question.required else []
        if len(value) > question.max_length:
            return [FieldError(anchor(question), messages.too_long(question.max_length))]
        return []

    def to_form(self, question: Question, value: str | None) -> dict[str, list[str]]:
        return {question.id: [value]} if value else {}

    def stored(self, question: Question, value: str) -> list[StoredAnswer]:
        return []  # kept in the text answers table instead

    def display(self, question: Question, value: str, lang: str) -> list[str]:
        return [value]
