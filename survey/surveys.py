"""Loading, opening and closing surveys: the writes, and the one query of a survey's state."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select

from .definition.loader import definition_hash
from .definition.model import SurveyDefinition
from .definition.structure import structure_change
from .extensions import db
from .models import Response, Survey, SurveyStatus

LONDON = ZoneInfo("Europe/London")


class SurveyError(Exception):
    """A change to a survey that cannot be made; the message says why."""


@dataclass(frozen=True)
class LoadResult:
    survey: Survey
    created: bool
    changed: bool


def london_now() -> datetime:
    return datetime.now(LONDON).replace(tzinfo=None)


def has_responses(survey_id: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey_id))))


def load_survey(definition: SurveyDefinition, open_it: bool = False) -> LoadResult:
    """Store a new survey or update one; a survey with responses may change only its text."""
    survey = db.session.get(Survey, definition.id)
    digest = definition_hash(definition)
    created = survey is None
    if survey is None:
        survey = Survey(id=definition.id, status=SurveyStatus.DRAFT)
        db.session.add(survey)
    elif survey.definition_hash != digest and has_responses(survey.id):
        change = structure_change(json.loads(survey.definition_json), definition.raw)
        if change:
            raise SurveyError(
                f"{definition.id} already has responses, so only its text can change: {change}. "
                "A new structure needs a new survey id.")
    changed = created or survey.definition_hash != digest
    survey.definition_json = definition.to_json()
    survey.definition_hash = digest
    survey.opens_at = definition.opens
    survey.closes_at = definition.closes
    survey.__dict__.pop("definition", None)
    if open_it:
        survey.status = SurveyStatus.OPEN
    db.session.commit()
    return LoadResult(survey, created, changed)


def get_survey(survey_id: str) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise SurveyError(f"there is no survey {survey_id!r}")
    return survey


def set_status(survey_id: str, status: str) -> Survey:
    survey = get_survey(survey_id)
    survey.status = status
    db.session.commit()
    return survey


class Availability:
    OPEN = "open"
    NOT_YET_OPEN = "not-yet-open"
    CLOSED = "closed"


def availability(survey: Survey, now: datetime | None = None) -> str:
    """Whether respondents can answer now (times are Europe/London local)."""
    now = now or london_now()
    if survey.status == SurveyStatus.CLOSED or (survey.closes_at and now >= survey.closes_at):
        return Availability.CLOSED
    if survey.status != SurveyStatus.OPEN or (survey.opens_at and now < survey.opens_at):
        return Availability.NOT_YET_OPEN
    return Availability.OPEN


def open_surveys(channel: str = "public") -> list[Survey]:
    surveys = db.session.scalars(select(Survey).where(Survey.status == SurveyStatus.OPEN)
                                 .order_by(Survey.id)).all()
    return [s for s in surveys if availability(s) == Availability.OPEN and channel in s.definition.channels]
