"""The question types, one small class each, in a plain registry keyed by the format's name."""
from __future__ import annotations

from ..definition.model import Question
from .base import FieldError, FormData, QuestionType, StoredAnswer, anchor
from .choice import MultipleChoice, SingleChoice
from .number import Number
from .scale import Scale
from .text import FreeText

QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind for kind in (SingleChoice(), MultipleChoice(), Scale(), Number(), FreeText())
}


def kind_of(question: Question) -> QuestionType:
    return QUESTION_TYPES[question.type]


__all__ = ["QUESTION_TYPES", "FieldError", "FormData", "QuestionType", "StoredAnswer", "anchor", "kind_of"]
