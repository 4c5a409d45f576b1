"""What the console changes about surveys: uploads, opening, closing, scheduling. Each is audited."""
from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from werkzeug.utils import secure_filename

from .. import audit
from ..definition import DefinitionError, SurveyDefinition, load_definition
from ..extensions import db
from ..models import Survey, utcnow
from ..models import london_now
from ..surveys import LoadResult, get_survey, load_survey, set_status
from ..vocabulary import SurveyState


def all_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).order_by(Survey.created_at.desc(), Survey.id)))


def state_of(survey: Survey, now: datetime | None = None) -> SurveyState:
    return survey.state_at(now or london_now())


def read_upload(filename: str, data: bytes) -> SurveyDefinition:
    """Check an uploaded definition with the same rules as `survey check`; errors name the file."""
    shown = Path(filename or "upload.yaml").name or "upload.yaml"
    with tempfile.TemporaryDirectory(prefix="llais-upload-") as folder:
        path = Path(folder) / (secure_filename(shown) or "upload.yaml")
        path.write_bytes(data)
        try:
            return load_definition(path)
        except DefinitionError as exc:
            raise DefinitionError(shown, exc.problems) from None


def store_upload(definition: SurveyDefinition, actor: str, filename: str) -> LoadResult:
    """Store (or update the text of) a survey; SurveyError when its structure is frozen."""
    result = load_survey(definition)
    verb = "created" if result.created else ("updated" if result.changed else "unchanged")
    audit.record(actor, audit.Action.SURVEY_LOADED, definition.id,
                 f"{verb} from {Path(filename).name} (uploaded in the console)")
    return result


def open_survey(survey_id: str, actor: str, now: datetime | None = None) -> Survey:
    """Open now: a future opening time or a past closing time is cleared, so that it really opens."""
    now = now or london_now()
    survey = get_survey(survey_id)
    cleared = []
    if survey.opens_at and survey.opens_at > now:
        survey.opens_at = None
        cleared.append("opening time")
    if survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
        cleared.append("closing time")
    survey = set_status(survey_id, SurveyState.OPEN)
    audit.record(actor, audit.Action.SURVEY_OPENED, survey_id,
                 f"cleared the {' and '.join(cleared)}" if cleared else "")
    return survey


def close_survey(survey_id: str, actor: str) -> Survey:
    """Close a survey and cut its final release (when enough new responses came since the last)."""
    from ..results.releases import close_with_release
    survey = get_survey(survey_id)
    audit.record(actor, audit.Action.SURVEY_CLOSED, survey_id, commit=False)
    close_with_release(survey_id, utcnow().date(), actor)
    return survey


def _minutes(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "none"


def schedule_survey(survey_id: str, opens_at: datetime | None, closes_at: datetime | None,
                    actor: str) -> Survey:
    """Set the opening and closing times (Europe/London). An opening time makes a draft survey
    open itself at that time; a closed survey stays closed until someone opens it."""
    survey = get_survey(survey_id)
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    if opens_at and survey.status == SurveyState.DRAFT:
        survey.status = SurveyState.OPEN
    audit.record(actor, audit.Action.SURVEY_SCHEDULED, survey_id,
                 f"opens {_minutes(opens_at)}, closes {_minutes(closes_at)} (Europe/London)")
    return survey
