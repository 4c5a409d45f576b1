"""Review files: YAML like survey definitions, told apart by `kind: review`, checked as carefully.

Each problem names the file, the path inside it (``recommendations[1].updates[0].date``) and what
is wrong, exactly as survey definitions' problems do (survey/definition/loader.py).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..definition.loader import DefinitionError, Problem, format_path, read_file

REVIEW_KIND = "review"
Bilingual = dict[str, str]


def is_review(raw: Any) -> bool:
    """Whether a file's contents are a review (`kind: review`) rather than a survey definition."""
    return isinstance(raw, dict) and raw.get("kind") == REVIEW_KIND


@lru_cache(maxsize=1)
def review_schema() -> dict[str, Any]:
    """The JSON Schema of the review format, shipped beside the survey definitions' schema."""
    text = resources.files("survey.definition").joinpath("review_schema.json").read_text("utf-8")
    return dict(json.loads(text))


@dataclass(frozen=True)
class UpdateEntry:
    day: date
    status: str
    text: Bilingual


@dataclass(frozen=True)
class RecommendationEntry:
    key: str
    text: Bilingual
    addressee: Bilingual
    response: str | None
    status: str
    updates: tuple[UpdateEntry, ...]


@dataclass(frozen=True)
class SurveyEntry:
    survey_id: str
    audience: Bilingual


@dataclass(frozen=True)
class ReviewFile:
    """A checked review file, as plain values."""
    id: str
    topic_id: str
    topic: Bilingual
    kind: Bilingual
    title: Bilingual
    summary: Bilingual
    findings: Bilingual
    surveys: tuple[SurveyEntry, ...]
    recommendations: tuple[RecommendationEntry, ...]


EMPTY: Bilingual = {"cy": "", "en": ""}


def _schema_problems(raw: Any) -> list[Problem]:
    validator = Draft202012Validator(review_schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    return [(format_path(e.absolute_path), e.message) for e in errors]


def _duplicates(values: list[str]) -> set[str]:
    return {value for value, times in Counter(values).items() if times > 1}


def _rule_problems(raw: dict[str, Any]) -> list[Problem]:
    """What the schema cannot say: ids given twice, dates that do not exist."""
    problems: list[Problem] = []
    survey_ids = [s["id"] for s in raw["surveys"]]
    for index, survey_id in enumerate(survey_ids):
        if survey_id in _duplicates(survey_ids):
            problems.append((f"surveys[{index}].id", f"the survey {survey_id!r} is listed twice"))
    recommendations = raw.get("recommendations") or []
    keys = [r["id"] for r in recommendations]
    for index, recommendation in enumerate(recommendations):
        if recommendation["id"] in _duplicates(keys):
            problems.append((f"recommendations[{index}].id",
                             f"the recommendation id {recommendation['id']!r} is used twice"))
        for number, update in enumerate(recommendation.get("updates") or []):
            try:
                date.fromisoformat(update["date"])
            except ValueError:
                problems.append((f"recommendations[{index}].updates[{number}].date",
                                 f"{update['date']!r} is not a date that exists"))
    return problems


def _with_iso_dates(raw: Any) -> Any:
    """YAML reads 2026-03-01 as a date: give the schema the ISO string it expects."""
    for recommendation in (raw.get("recommendations") or []) if isinstance(raw, dict) else []:
        for update in (recommendation.get("updates") or []) if isinstance(recommendation, dict) else []:
            if isinstance(update, dict) and isinstance(update.get("date"), date):
                update["date"] = update["date"].isoformat()
    return raw


def parse_review(raw: Any, source: str = "<review>") -> ReviewFile:
    """Check a review's contents; raise DefinitionError naming every problem."""
    raw = _with_iso_dates(raw)
    problems = _schema_problems(raw)
    if not problems:
        problems = _rule_problems(raw)
    if problems:
        raise DefinitionError(source, problems)
    return ReviewFile(
        id=raw["id"], topic_id=raw["topic"]["id"], topic=raw["topic"]["title"], kind=raw.get("type", EMPTY),
        title=raw["title"], summary=raw.get("summary", EMPTY), findings=raw.get("findings", EMPTY),
        surveys=tuple(SurveyEntry(s["id"], s["audience"]) for s in raw["surveys"]),
        recommendations=tuple(
            RecommendationEntry(
                key=r["id"], text=r["text"], addressee=r["addressee"], response=r.get("response"),
                status=r.get("status", "not_started"),
                updates=tuple(UpdateEntry(date.fromisoformat(u["date"]), u["status"], u["text"])
                              for u in r.get("updates") or []))
            for r in raw.get("recommendations") or []))


def load_review_file(path: str | Path) -> ReviewFile:
    return parse_review(read_file(path), str(path))


def load_any_file(path: str | Path) -> Any:
    """A survey definition or a review, whichever the file holds (a review says `kind: review`).

    A survey file is read and checked exactly as `load_definition` does.
    """
    from ..definition.loader import parse_definition
    raw = read_file(path)
    return parse_review(raw, str(path)) if is_review(raw) else parse_definition(raw, str(path))
