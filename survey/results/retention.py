"""Retention: deleting raw responses older than their survey allows, and abandoned drafts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..models import Answer, Response, ResponseGroup, Survey, TextAnswer
from ..respond.drafts import purge_drafts
from .releases import reorder_texts, withdraw_purged

DRAFT_RETENTION = timedelta(days=1)


@dataclass
class Purged:
    responses: dict[str, int]   # survey id -> responses deleted
    comments: dict[str, int]    # survey id -> free-text answers deleted
    drafts: int


def purge(today: date, actor: str = audit.SYSTEM) -> Purged:
    """Delete, survey by survey, everything submitted before today - retention_days; one transaction each."""
    responses: dict[str, int] = {}
    comments: dict[str, int] = {}
    for survey in db.session.scalars(sa.select(Survey).order_by(Survey.id)).all():
        days = survey.definition.retention_days
        if not days:
            continue
        cutoff = today - timedelta(days=days)
        old = sa.select(Response.id).where(Response.survey_id == survey.id, Response.submitted_on < cutoff)
        first_purged = db.session.scalar(sa.select(sa.func.min(Response.release))
                                         .where(Response.survey_id == survey.id, Response.submitted_on < cutoff))
        db.session.execute(sa.delete(Answer).where(Answer.response_id.in_(old)))
        gone = db.session.execute(sa.delete(Response).where(Response.survey_id == survey.id,
                                                            Response.submitted_on < cutoff)).rowcount
        text_gone = db.session.execute(sa.delete(TextAnswer).where(TextAnswer.survey_id == survey.id,
                                                                   TextAnswer.submitted_on < cutoff)).rowcount
        if gone:
            _delete_unused_groups(survey.id)
            withdraw_purged(survey.id, first_purged, today, actor)
        if gone or text_gone:
            responses[survey.id], comments[survey.id] = int(gone or 0), int(text_gone or 0)
            audit.record(actor, audit.Action.RESPONSES_PURGED, survey.id,
                         f"{gone} responses and {text_gone} comments submitted before {cutoff.isoformat()}",
                         commit=False)
        db.session.commit()
    reorder_texts()  # daily: on PostgreSQL, the newest comments stop lying in the order they came
    return Purged(responses=responses, comments=comments, drafts=purge_drafts(DRAFT_RETENTION))


def _delete_unused_groups(survey_id: str) -> None:
    """Forget the response groups that no answer names any more (once all their responses are gone).

    A response being sent right now may have just taken one of them up: it holds the group until
    it commits (responses.group_id_of, on PostgreSQL; SQLite lets one writer in at a time), so the
    delete then fails on the answers' foreign key, and the groups wait for the next purge.
    """
    used = sa.select(Answer.group_id).where(Answer.survey_id == survey_id)
    try:
        with db.session.begin_nested():
            db.session.execute(sa.delete(ResponseGroup).where(ResponseGroup.survey_id == survey_id,
                                                              ResponseGroup.id.not_in(used)))
    except IntegrityError:
        pass
