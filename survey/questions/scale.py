"""An ordered scale, lowest first: one set of radios, or a grid with a row of radios each."""
from __future__ import annotations

import re
from typing import Any

from ..definition.model import Question, Row
from . import messages
from .base import FieldError, FormData, QuestionType, StoredAnswer, Unreadable, anchor, first

Grid = dict[str, int]
WHOLE = re.compile(r"-?[0-9]+")


def field_name(question: Question, row: Row | None) -> str:
    return f"{question.id}__{row.id}" if row else question.id


def _point(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and WHOLE.fullmatch(raw):
        return int(raw)
    return None


class Scale(QuestionType):
    name = "scale"
    template = "questions/scale.html"
    summary = "count"
    options_add_up = True

    def form_fields(self, question: Question) -> list[str]:
        return [field_name(question, r) for r in question.rows] or [question.id]

    def _read(self, question: Question, raw: Any, where: str) -> int | None:
        if raw is None or raw == "":
            return None
        point = _point(raw)
        if point is None:
            raise Unreadable(FieldError(where, messages.select_shown()))
        return point

    def from_form(self, question: Question, form: FormData) -> int | Grid | None:
        if not question.rows:
            return self._read(question, first(form, question.id), anchor(question))
        grid = {r.id: self._read(question, first(form, field_name(question, r)), anchor(question, r.id))
                for r in question.rows}
        return {k: v for k, v in grid.items() if v is not None} or None

    def from_json(self, question: Question, raw: Any) -> int | Grid | None:
        if raw is None:
            return None
        if question.rows and isinstance(raw, dict):
            return {str(k): self._read(question, v, anchor(question)) for k, v in raw.items()} or None
        if not question.rows and isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        raise Unreadable(FieldError(anchor(question), messages.select_shown()))

    def problems(self, question: Question, value: int | Grid | None) -> list[FieldError]:
        points = {int(p.value) for p in question.scale}
        if not question.rows:
            if value is None:
                return [FieldError(anchor(question), messages.select_one())] if question.required else []
            return [] if value in points else [FieldError(anchor(question), messages.select_shown())]
        grid = value or {}
        rows = {r.id for r in question.rows}
        wrong = [r for r in question.rows if r.id in grid and grid[r.id] not in points]
        if set(grid) - rows or wrong:
            return [FieldError(anchor(question, (wrong or question.rows)[0].id), messages.select_shown())]
        if not question.required:
            return []
        return [FieldError(anchor(question, r.id), messages.select_for_row(r.label))
                for r in question.rows if r.id not in grid]

    def to_form(self, question: Question, value: int | Grid | None) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not question.rows:
            return {question.id: [str(value)]}
        return {field_name(question, r): [str(value[r.id])] for r in question.rows if r.id in value}

    def stored(self, question: Question, value: int | Grid) -> list[StoredAnswer]:
        if isinstance(value, dict):
            return [StoredAnswer(row_id=r.id, value=str(value[r.id])) for r in question.rows if r.id in value]
        return [StoredAnswer(value=str(value))]

    def display(self, question: Question, value: int | Grid, lang: str) -> list[str]:
        label = {int(p.value): p.label(lang) for p in question.scale}
        if isinstance(value, dict):
            return [f"{r.label(lang)}: {label[value[r.id]]}" for r in question.rows if r.id in value]
        return [label[value]]
