"""Saving the builder's drafts as versions, the rules a change must keep, and storing the survey.

Every change is checked here, whoever makes it and however (form, upload, translation import):
a translator may change Welsh text only, and once a survey has responses only its wording and
settings may change (the loader's frozen-structure rule, survey.definition.structure).
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..admin.accounts import TRANSLATOR
from ..definition.structure import structure_change
from ..extensions import db
from ..models import Survey
from ..surveys import LoadResult, has_responses, load_survey
from .document import Doc, definition_of
from .edits import only_welsh_changed, text_changes
from .models import BuilderVersion

SURVEY_TEXT_CHANGED = "survey_text_changed"  # an audit action: one wording, before and after
QUOTED = 900  # characters of each wording kept in the audit log's detail

ONLY_WELSH = _l("As a translator you can change the Welsh text only.")
ID_FROZEN = _l("The id of a survey that has been stored cannot change. To give it a new id, copy it to a new survey.")
ID_TAKEN = _l("There is already a survey with this id. Choose another id.")
SAVED_MEANWHILE = _l("Someone else saved a change to this survey at the same moment, so your change was not saved. "
                     "Look at the survey as it is now and make your change again.")


class BuilderError(Exception):
    """A change the builder refuses; the message says why (and `detail`, in English, where)."""

    def __init__(self, message: object, detail: str = "") -> None:
        super().__init__(str(message))
        self.detail = detail


@dataclass(frozen=True)
class Current:
    """The document being edited and where it came from."""
    doc: Doc
    number: int                  # its version (0: the stored survey, never saved in the builder)
    author: str | None
    saved_at: datetime | None


def latest(survey_id: str) -> BuilderVersion | None:
    return db.session.scalar(select(BuilderVersion).where(BuilderVersion.survey_id == survey_id)
                             .order_by(BuilderVersion.number.desc()).limit(1))


def stored_document(survey_id: str) -> Doc | None:
    survey = db.session.get(Survey, survey_id)
    return json.loads(survey.definition_json) if survey else None


def current(survey_id: str) -> Current | None:
    """The latest draft, else the stored survey's definition, else None (no such survey)."""
    version = latest(survey_id)
    if version is not None:
        return Current(json.loads(version.definition_json), version.number, version.author, version.created_at)
    stored = stored_document(survey_id)
    return Current(stored, 0, None, None) if stored is not None else None


def history(survey_id: str) -> list[BuilderVersion]:
    return list(db.session.scalars(select(BuilderVersion).where(BuilderVersion.survey_id == survey_id)
                                   .order_by(BuilderVersion.number.desc())))


def version(survey_id: str, number: int) -> BuilderVersion | None:
    return db.session.scalar(select(BuilderVersion).where(BuilderVersion.survey_id == survey_id,
                                                           BuilderVersion.number == number))


def id_in_use(survey_id: str) -> bool:
    return db.session.get(Survey, survey_id) is not None or latest(survey_id) is not None


def draft_only_ids() -> list[str]:
    """Ids with drafts but no stored survey yet."""
    stored = select(Survey.id)
    return list(db.session.scalars(select(BuilderVersion.survey_id).distinct()
                                   .where(BuilderVersion.survey_id.not_in(stored))
                                   .order_by(BuilderVersion.survey_id)))


def check_change(survey_id: str, old: Doc, new: Doc, role: str) -> None:
    """Raise BuilderError when this person may not make this change to this survey."""
    if role == TRANSLATOR and not only_welsh_changed(old, new):
        raise BuilderError(ONLY_WELSH)
    stored = stored_document(survey_id)
    if stored is not None and has_responses(survey_id):
        change = structure_change(stored, new)
        if change:
            raise BuilderError(_l("This survey already has responses, so only its wording can change. "
                                  "For new questions or answers, copy it to a new survey."), change)
    if new.get("id") != survey_id:
        if stored is not None:
            raise BuilderError(ID_FROZEN)
        if id_in_use(str(new.get("id"))):
            raise BuilderError(ID_TAKEN)


def save(survey_id: str, new: Doc, actor: str, role: str, note: str = "") -> BuilderVersion:
    """Save a new version after checking the change; a draft's new id carries its versions along."""
    now = current(survey_id)
    if now is not None:
        check_change(survey_id, now.doc, new, role)
    elif role == TRANSLATOR:
        raise BuilderError(ONLY_WELSH)
    target = str(new["id"])
    if target != survey_id:
        db.session.execute(update(BuilderVersion).where(BuilderVersion.survey_id == survey_id)
                           .values(survey_id=target))
    number = (db.session.scalar(select(func.max(BuilderVersion.number))
                                .where(BuilderVersion.survey_id == target)) or 0) + 1
    saved = BuilderVersion(survey_id=target, number=number, definition_json=json.dumps(new, ensure_ascii=False),
                           author=actor, note=note[:254])
    db.session.add(saved)
    try:
        db.session.commit()
    except IntegrityError:  # another version took this number first: never overwrite it unseen
        db.session.rollback()
        raise BuilderError(SAVED_MEANWHILE) from None
    return saved


def start(doc: Doc, actor: str, note: str) -> BuilderVersion:
    """A new survey's first version (new, copied or uploaded); its id must be free."""
    if id_in_use(str(doc["id"])):
        raise BuilderError(ID_TAKEN)
    return save(str(doc["id"]), doc, actor, "admin", note)


def copy_of(source: Doc, new_id: str) -> Doc:
    """Next year's survey: the same questions and ids, a new survey id, no dates."""
    doc = copy.deepcopy(source)
    doc["id"] = new_id
    doc.pop("opens", None)
    doc.pop("closes", None)
    return doc


def _quoted(text: str) -> str:
    return json.dumps(text if len(text) <= QUOTED else text[:QUOTED] + "…", ensure_ascii=False)


def publish(survey_id: str, actor: str) -> LoadResult:
    """Store the latest draft as the survey (it must be valid), auditing each wording it changes."""
    now = current(survey_id)
    if now is None:
        raise BuilderError(_l("There is no such survey."))
    definition = definition_of(now.doc)  # DefinitionError: refused whole, as an upload would be
    before = stored_document(survey_id)
    result = load_survey(definition)      # SurveyError: the frozen structure
    verb = "created" if result.created else ("updated" if result.changed else "unchanged")
    audit.record(actor, audit.Action.SURVEY_LOADED, survey_id,
                 f"{verb} from the builder (version {now.number})", commit=False)
    for change in text_changes(before, definition.raw) if before is not None else []:
        audit.record(actor, SURVEY_TEXT_CHANGED, survey_id,
                     f"{change.key} ({change.lang}): before {_quoted(change.before)}, after {_quoted(change.after)}",
                     commit=False)
    db.session.commit()
    return result
