"""What every question type does: read a form, check an answer, store it, show it back."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Sequence

from ..definition.model import Question

FormData = Mapping[str, Sequence[str]]  # field name -> the values sent for it


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer: the id of the input to link to, and the message."""
    anchor: str
    message: str


@dataclass(frozen=True)
class StoredAnswer:
    """One row of the answers table: a chosen option, a grid row's point or a number (or, with
    neither value nor number, the mark of an answered question whose options do not add up)."""
    row_id: str = ""
    value: str | None = None
    number: float | None = None


class Unreadable(Exception):
    """An answer that cannot be read as its question's type (the message says why)."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


def anchor(question: Question, suffix: str = "") -> str:
    """The HTML id of a question's first input (what error summaries link to)."""
    return f"q-{question.id}{'-' + suffix if suffix else ''}"


def clean_text(raw: str) -> str:
    """Text as typed, without NUL or other control characters that no one types."""
    return "".join(ch for ch in raw if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def first(form: FormData, name: str) -> str:
    values = form.get(name) or []
    return clean_text(values[0]) if values else ""


class QuestionType:
    """One kind of question. Subclasses fill in the hooks; the registry holds one of each."""

    name: ClassVar[str]
    template: ClassVar[str]          # the Jinja template that renders it
    summary: ClassVar[str]           # how exports summarise it: "count", "number" or "text"
    options_add_up: ClassVar[bool] = False  # one option per answer (row), so counts sum to the base

    def from_form(self, question: Question, form: FormData) -> Any:
        """The answer given in a submitted form, or None; raises Unreadable."""
        raise NotImplementedError

    def from_json(self, question: Question, raw: Any) -> Any:
        """The answer given in an import line, or None; raises Unreadable."""
        raise NotImplementedError

    def problems(self, question: Question, value: Any) -> list[FieldError]:
        """What is wrong with a readable answer (None when it was skipped)."""
        raise NotImplementedError

    def to_form(self, question: Question, value: Any) -> dict[str, list[str]]:
        """The form fields that show this answer again."""
        raise NotImplementedError

    def stored(self, question: Question, value: Any) -> list[StoredAnswer]:
        raise NotImplementedError

    def display(self, question: Question, value: Any, lang: str) -> list[str]:
        """The answer as the respondent reads it on the check-your-answers page."""
        raise NotImplementedError

    def form_fields(self, question: Question) -> list[str]:
        return [question.id]

    def read(self, question: Question, form: FormData) -> tuple[Any, list[FieldError]]:
        """The answer in a form and what is wrong with it."""
        try:
            value = self.from_form(question, form)
        except Unreadable as exc:
            return None, [exc.error]
        return value, self.problems(question, value)
