"""Fixtures for the results tests: storing known responses quickly."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import pytest
import sqlalchemy as sa

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import Answer, Response, TextAnswer
from survey.responses import Provenance, add_response

AddResponses = Callable[[SurveyDefinition, list[dict[str, Any]]], None]


def store(definition: SurveyDefinition, responses: list[dict[str, Any]]) -> None:
    """Store responses given as {"answers", "language", "channel", "site", "submitted_on"}."""
    for r in responses:
        add_response(definition, r["answers"],
                     Provenance(language=r.get("language", "en"), channel=r.get("channel", "public"),
                                site=r.get("site")),
                     r.get("submitted_on", date(2026, 12, 3)))
    db.session.commit()


def clear_responses() -> None:
    for table in (Answer, TextAnswer, Response):
        db.session.execute(sa.delete(table))
    db.session.commit()


@pytest.fixture
def add_responses(app: Any) -> AddResponses:
    return store
