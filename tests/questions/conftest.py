"""Question types read in each language: questions built in code, no database needed."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from flask_babel import force_locale

from survey import create_app
from survey.definition.model import Option, Question, Row, Text
from survey.questions import kind_of

Outcome = tuple[Any, list[tuple[str, str]]]  # the value read, and (anchor, message) for each problem


def text(en: str, cy: str | None = None) -> Text:
    return Text(cy=cy or en, en=en)


def question(id: str, type: str, **fields: Any) -> Question:
    """A question as the loader would build it (text in both languages)."""
    return Question(id=id, type=type, text=text(f"Question {id}", f"Cwestiwn {id}"), **fields)


def options(*pairs: tuple[str, str, str], exclusive: str = "") -> tuple[Option, ...]:
    return tuple(Option(value, Text(cy=cy, en=en), value == exclusive) for value, en, cy in pairs)


def rows(*pairs: tuple[str, str, str]) -> tuple[Row, ...]:
    return tuple(Row(id, Text(cy=cy, en=en)) for id, en, cy in pairs)


@pytest.fixture(scope="module")
def babel_app() -> Iterator[Flask]:
    """An application context for Flask-Babel only: question types never touch the database."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test-" + "x" * 40})
    with app.app_context():
        yield app


def _in(lang: str, work: Callable[[], Outcome]) -> Outcome:
    with force_locale(lang):
        return work()


@pytest.fixture
def from_form(babel_app: Flask) -> Callable[[Question, dict[str, Any]], dict[str, Outcome]]:
    """A form read by the question's type, in English and in Welsh: {"en": outcome, "cy": outcome}."""
    def read(q: Question, form: dict[str, Any]) -> dict[str, Outcome]:
        data = {k: v if isinstance(v, list) else [v] for k, v in form.items()}

        def work() -> Outcome:
            value, errors = kind_of(q).read(q, data)
            return value, [(e.anchor, e.message) for e in errors]
        return {lang: _in(lang, work) for lang in ("en", "cy")}
    return read


@pytest.fixture
def from_json(babel_app: Flask) -> Callable[[Question, Any], dict[str, Outcome]]:
    """An import line's answer read and checked by the question's type, in English and in Welsh."""
    from survey.questions.base import Unreadable

    def read(q: Question, raw: Any) -> dict[str, Outcome]:
        def work() -> Outcome:
            kind = kind_of(q)
            try:
                value = kind.from_json(q, raw)
            except Unreadable as exc:
                return None, [(exc.error.anchor, exc.error.message)]
            return value, [(e.anchor, e.message) for e in kind.problems(q, value)]
        return {lang: _in(lang, work) for lang in ("en", "cy")}
    return read


def messages(outcome: dict[str, Outcome]) -> dict[str, list[tuple[str, str]]]:
    return {lang: errors for lang, (_, errors) in outcome.items()}


def expect(anchor: str, en: str, cy: str) -> dict[str, list[tuple[str, str]]]:
    """One problem, at the anchor, worded so in each language."""
    return {"en": [(anchor, en)], "cy": [(anchor, cy)]}


NO_PROBLEMS: dict[str, list[tuple[str, str]]] = {"en": [], "cy": []}
