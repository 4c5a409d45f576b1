"""A validated survey definition as plain, immutable Python objects."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator

from ..vocabulary import DEFINITION_CHANNELS, Language


@dataclass(frozen=True)
class Text:
    """A piece of text in both languages."""
    cy: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.cy if lang == Language.CY else self.en

    @classmethod
    def maybe(cls, raw: dict[str, str] | None) -> Text | None:
        return cls(cy=raw["cy"], en=raw["en"]) if raw else None


@dataclass(frozen=True)
class Condition:
    question: str
    any_of: tuple[str, ...]

    def holds(self, answers: dict[str, Any]) -> bool:
        given = answers.get(self.question)
        if isinstance(given, dict):
            given = list(given.values())
        values = given if isinstance(given, list) else [given]
        return any(str(v) in self.any_of for v in values if v is not None)


def conditions_hold(conditions: tuple[Condition, ...], answers: dict[str, Any]) -> bool:
    return all(c.holds(answers) for c in conditions)


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    exclusive: bool = False


@dataclass(frozen=True)
class Row:
    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    hint: Text | None = None
    required: bool = False
    breakdown: bool = False
    options: tuple[Option, ...] = ()
    max_choices: int | None = None
    scale: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()
    min: float | None = None
    max: float | None = None
    integer: bool = True
    long: bool = False
    max_length: int = 500
    show_if: tuple[Condition, ...] = ()

    @property
    def choices(self) -> tuple[Option, ...]:
        """The answer options: a choice question's options or a scale's points."""
        return self.options or self.scale

    def option(self, value: str) -> Option | None:
        return next((o for o in self.choices if o.value == value), None)


@dataclass(frozen=True)
class Page:
    id: str
    questions: tuple[Question, ...]
    title: Text | None = None
    intro: Text | None = None
    show_if: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class SurveyDefinition:
    id: str
    title: Text
    description: Text
    privacy: Text
    pages: tuple[Page, ...]
    support: Text | None = None
    thank_you: Text | None = None
    opens: datetime | None = None
    closes: datetime | None = None
    channels: tuple[str, ...] = DEFINITION_CHANNELS
    retention_days: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def questions(self) -> Iterator[tuple[Page, Question]]:
        for page in self.pages:
            for question in page.questions:
                yield page, question

    def all_questions(self) -> list[Question]:
        """Every question, in the order the survey asks them."""
        return [question for _, question in self.questions()]

    def breakdown_questions(self) -> list[Question]:
        """The questions an export may split its figures by: single choice, marked breakdown."""
        return [q for q in self.all_questions() if q.breakdown and q.type == "single_choice"]

    def question(self, question_id: str) -> Question | None:
        return next((q for _, q in self.questions() if q.id == question_id), None)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def to_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SurveyDefinition:
        return build(json.loads(text))


def _conditions(raw: Any) -> tuple[Condition, ...]:
    if not raw:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    return tuple(Condition(c["question"], tuple(str(v) for v in c["any_of"])) for c in items)


def _options(raw: list[dict[str, Any]] | None) -> tuple[Option, ...]:
    return tuple(Option(str(o["value"]), Text(**o["label"]), bool(o.get("exclusive")))
                 for o in raw or ())


def _question(raw: dict[str, Any]) -> Question:
    long = bool(raw.get("long", False))
    return Question(
        id=raw["id"], type=raw["type"], text=Text(**raw["text"]), hint=Text.maybe(raw.get("hint")),
        required=bool(raw.get("required", False)), breakdown=bool(raw.get("breakdown", False)),
        options=_options(raw.get("options")), max_choices=raw.get("max_choices"),
        scale=_options(raw.get("scale")),
        rows=tuple(Row(r["id"], Text(**r["label"])) for r in raw.get("rows") or ()),
        min=raw.get("min"), max=raw.get("max"), integer=bool(raw.get("integer", True)),
        long=long, max_length=int(raw.get("max_length", 5000 if long else 500)),
        show_if=_conditions(raw.get("show_if")),
    )


def _datetime(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


def build(raw: dict[str, Any]) -> SurveyDefinition:
    """Objects from a definition that has already passed validation (ISO strings for dates)."""
    pages = tuple(
        Page(id=p["id"], questions=tuple(_question(q) for q in p["questions"]),
             title=Text.maybe(p.get("title")), intro=Text.maybe(p.get("intro")),
             show_if=_conditions(p.get("show_if")))
        for p in raw["pages"])
    return SurveyDefinition(
        id=raw["id"], title=Text(**raw["title"]), description=Text(**raw["description"]),
        privacy=Text(**raw["privacy"]), pages=pages, support=Text.maybe(raw.get("support")),
        thank_you=Text.maybe(raw.get("thank_you")), opens=_datetime(raw.get("opens")),
        closes=_datetime(raw.get("closes")),
        channels=tuple(raw.get("channels") or DEFINITION_CHANNELS),
        retention_days=raw.get("retention_days"), raw=raw)
