"""Loading, opening and closing surveys: the writes, and the one query of a survey's state."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, exists, select

from .definition.loader import definition_hash
from .definition.model import SurveyDefinition
from .definition.structure import structure_change
from .extensions import db
from .models import HasSurveyState, Response, Survey, cached_definition, parsed_definition
from .vocabulary import SurveyState
from .sentences import Sentence


class SurveyError(Exception):
    """A change to a survey that cannot be made; the message says why."""


@dataclass(frozen=True)
class LoadResult:
    survey: Survey
    created: bool
    changed: bool


def has_responses(survey_id: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey_id))))


def load_survey(definition: SurveyDefinition, open_it: bool = False) -> LoadResult:
    """Store a new survey or update one; a survey with responses may change only its text."""
    survey = db.session.get(Survey, definition.id)
    digest = definition_hash(definition)
    created = survey is None
    if survey is None:
        survey = Survey(id=definition.id, status=SurveyState.DRAFT)
        db.session.add(survey)
    elif survey.definition_hash != digest and has_responses(survey.id):
        change = structure_change(json.loads(survey.definition_json), definition.raw)
        if change:
            raise SurveyError(Sentence("%(survey)s already has responses, so only its text can change: %(change)s. "
                                       "A new structure needs a new survey id.", survey=definition.id, change=change))
    changed = created or survey.definition_hash != digest
    survey.definition_json = definition.to_json()
    survey.definition_hash = digest
    survey.opens_at = definition.opens
    survey.closes_at = definition.closes
    survey.__dict__.pop("definition", None)
    if open_it:
        survey.status = SurveyState.OPEN
    db.session.commit()
    return LoadResult(survey, created, changed)


@dataclass(frozen=True)
class SurveySnapshot(HasSurveyState):
    """A stored survey as respondents' pages need it: its state, and its definition."""
    id: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    definition: SurveyDefinition


_surveys = Survey.__table__  # plain table statements: no ORM work for the busiest query
STATE_COLUMNS = (_surveys.c.status, _surveys.c.opens_at, _surveys.c.closes_at, _surveys.c.definition_hash)
_STATE = select(*STATE_COLUMNS).where(_surveys.c.id == bindparam("survey_id"))
_STORED = select(_surveys.c.definition_hash, _surveys.c.definition_json) \
    .where(_surveys.c.id == bindparam("survey_id"))


def survey_state(survey_id: str) -> SurveySnapshot | None:
    """One small query per request; the definition's JSON is read only when not yet parsed."""
    return state_from_row(survey_id, db.session.execute(_STATE, {"survey_id": survey_id}).first())


def state_from_row(survey_id: str, row: Row[Any] | None) -> SurveySnapshot | None:
    """The state of a survey from its STATE_COLUMNS (None: no such survey), read by any query."""
    if row is None:
        return None
    definition = cached_definition(row.definition_hash)
    if definition is None:
        stored = db.session.execute(_STORED, {"survey_id": survey_id}).first()
        if stored is None:
            return None
        definition = parsed_definition(stored.definition_hash, stored.definition_json)
    return SurveySnapshot(survey_id, row.status, row.opens_at, row.closes_at, definition)


def get_survey(survey_id: str) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise SurveyError(Sentence("there is no survey %(survey)s", survey=repr(survey_id)))
    return survey


def set_status(survey_id: str, status: str) -> Survey:
    survey = get_survey(survey_id)
    survey.status = status
    db.session.commit()
    return survey
