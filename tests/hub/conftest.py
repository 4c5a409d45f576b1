"""Fixtures for the hub: the example surveys with their review, and review files to change."""
from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from flask import Flask

from survey.definition.loader import load_definition
from survey.extensions import db
from survey.hub.models import Review
from survey.hub.review_file import parse_review
from survey.hub.reviews import load_review, publish
from survey.models import Survey
from survey.models import london_now
from survey.vocabulary import SurveyState as SurveyStatus
from survey.surveys import load_survey

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "survey" / "examples"
REVIEW_FILE = EXAMPLES / "reviews" / "illegal-drugs.yaml"
REVIEW_ID = "illegal-drugs-in-our-communities"
PUBLIC_SURVEY = "drugs-in-our-communities"
KIOSK_SURVEY = "service-user-voice"


def review_raw() -> dict[str, Any]:
    return dict(yaml.safe_load(REVIEW_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    app_config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=1024, ARGON2_PARALLELISM=1)
    return app_config


@pytest.fixture
def surveys(app: Flask) -> list[str]:
    """The two example surveys, loaded as drafts."""
    ids = []
    for name in (PUBLIC_SURVEY, KIOSK_SURVEY):
        ids.append(load_survey(load_definition(EXAMPLES / f"{name}.yaml")).survey.id)
    return ids


@pytest.fixture
def make_review(surveys: list[str]) -> Callable[..., Review]:
    """Load the example review, changed by `changes` (a function of the raw dict); publish it if asked."""
    def make(changes: Callable[[dict[str, Any]], None] | None = None, published: bool = False) -> Review:
        raw = copy.deepcopy(review_raw())
        if changes:
            changes(raw)
        review = load_review(parse_review(raw)).review
        if published:
            publish(review.id, "test")
        return review
    return make


def set_survey(survey_id: str, status: str, opens_in_days: float | None = None,
               closes_in_days: float | None = None) -> None:
    """Give a survey a status and opening and closing times relative to now (London time)."""
    survey = db.session.get(Survey, survey_id)
    now = london_now().replace(microsecond=0)
    survey.status = status
    survey.opens_at = None if opens_in_days is None else now + timedelta(days=opens_in_days)
    survey.closes_at = None if closes_in_days is None else now + timedelta(days=closes_in_days)
    db.session.commit()


OPEN, CLOSED = SurveyStatus.OPEN, SurveyStatus.CLOSED


RESPONSES_FILE = EXAMPLES / "responses" / f"{PUBLIC_SURVEY}.jsonl"
RELEASE_DAY = date(2026, 12, 1)


def import_example_responses(survey_id: str = PUBLIC_SURVEY) -> int:
    """The made-up example responses (120 of them), stored as paper responses."""
    from survey.responses import import_responses
    survey = db.session.get(Survey, survey_id)
    return import_responses(survey.definition, RESPONSES_FILE.read_text(encoding="utf-8").splitlines(), RELEASE_DAY)


# Questions of the public survey published in the You said tests: hidden figures among them.
YOU_SAID = ["area", "seen", "feel-safe", "know-how-to-report"]


def publish_you_said(review: Review, questions: list[str] = YOU_SAID) -> None:
    """Publish these questions of the public survey on the review, from its final release."""
    from survey.hub.you_said import publish_questions
    publish_questions(review, db.session.get(Survey, PUBLIC_SURVEY), questions, "test")


def close_with_final_release(survey_id: str = PUBLIC_SURVEY) -> int:
    """Close the survey (opened 30 days ago, closed yesterday) with its final release; its number."""
    from survey.results.releases import close_with_release
    set_survey(survey_id, OPEN, opens_in_days=-30, closes_in_days=-1)
    release = close_with_release(survey_id, RELEASE_DAY, "test")
    assert not isinstance(release, Exception), release
    return release.number


@pytest.fixture
def released(surveys: list[str]) -> int:
    """The public example survey with its example responses, closed with its final release (its number)."""
    import_example_responses()
    return close_with_final_release()
