"""Answers kept between pages: on the server, keyed by an id in the respondent's own session.

A draft never reaches another session, and is forgotten once it has been idle too long. The pages
read and write drafts with single statements (no ORM object per request): the public pages read a
draft in the same SELECT as its survey's state; saving is one INSERT or UPDATE and a commit.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import session
from sqlalchemy import Row, bindparam, delete, insert, select, update

from ..definition.model import Page
from ..extensions import db
from ..flow import Answers
from ..models import Draft, Survey, new_token, utcnow
from ..questions import kind_of
from ..surveys import STATE_COLUMNS, SurveySnapshot, state_from_row, survey_state

MAX_DRAFT_BYTES = 64 * 1024   # answers and kept form values together: as much as one request may carry
MAX_CHOICE_CHARACTERS = 100   # a value of a choice, scale or number field: longer ones are never right

_drafts = Draft.__table__  # plain table statements: no ORM work on every page
_COLUMNS = (_drafts.c.answers_json, _drafts.c.pending_json, _drafts.c.submission_key,
            _drafts.c.updated_at.label("draft_updated_at"))
_READ = select(*_COLUMNS).where(_drafts.c.id == bindparam("draft_id"))
_WITH_SURVEY = select(*STATE_COLUMNS, *_COLUMNS) \
    .select_from(Survey.__table__.outerjoin(_drafts, (_drafts.c.id == bindparam("draft_id"))
                                           & (_drafts.c.survey_id == Survey.__table__.c.id))) \
    .where(Survey.__table__.c.id == bindparam("survey_id"))
_SAVE = update(_drafts).where(_drafts.c.id == bindparam("draft_id")) \
    .values(answers_json=bindparam("answers"), pending_json=bindparam("pending"), updated_at=bindparam("now"))
_INSERT = insert(_drafts)
_DELETE = delete(_drafts).where(_drafts.c.id == bindparam("draft_id"))


@dataclass(frozen=True)
class SavedDraft:
    """A draft as it was read: the answers and pending form values still as stored JSON."""
    id: str
    answers_json: str
    pending_json: str
    submission_key: str


@dataclass(frozen=True)
class NewDraft:
    """A draft named in the session but not stored yet: save_draft stores it."""
    id: str
    survey_id: str
    channel: str
    site: str | None


def _session_key(scope: str) -> str:
    return f"draft:{scope}"


@dataclass(frozen=True)
class Lookup:
    """A draft read along with its survey: the id the session named, and its row (None: no such draft)."""
    draft_id: str
    row: Row[Any] | None


def survey_and_draft(survey_id: str, scope: str) -> tuple[SurveySnapshot | None, Lookup | None]:
    """The survey's state and this session's draft for it, in one query (None: the session names none)."""
    draft_id = session.get(_session_key(scope))
    if not draft_id:
        return survey_state(survey_id), None
    row = db.session.execute(_WITH_SURVEY, {"survey_id": survey_id, "draft_id": draft_id}).first()
    has_draft = row is not None and row.draft_updated_at is not None
    return state_from_row(survey_id, row), Lookup(draft_id, row if has_draft else None)


def find_draft(scope: str, lifetime_seconds: int, lookup: Lookup | None = None) -> SavedDraft | None:
    """This session's draft for the scope, unless it has expired (then it is deleted).

    `lookup` is the draft as already read with its survey, when it was (survey_and_draft).
    """
    draft_id = session.get(_session_key(scope))
    if not draft_id:
        return None
    if lookup is not None and lookup.draft_id == draft_id:
        row = lookup.row
    else:
        row = db.session.execute(_READ, {"draft_id": draft_id}).first()
    if row is None:
        session.pop(_session_key(scope), None)
        return None
    if utcnow() - row.draft_updated_at > timedelta(seconds=lifetime_seconds):
        discard_draft(scope)
        return None
    return SavedDraft(draft_id, row.answers_json, row.pending_json, row.submission_key)


def current_draft(scope: str, lifetime_seconds: int) -> Draft | None:
    """The same draft as a database object, for callers that change it themselves."""
    found = find_draft(scope, lifetime_seconds)
    return db.session.get(Draft, found.id) if found else None


def start_draft(scope: str, survey_id: str, channel: str, site: str | None) -> NewDraft:
    """A new draft for this session, stored by its first save_draft."""
    draft = NewDraft(new_token(), survey_id, channel, site)
    session[_session_key(scope)] = draft.id
    return draft


def answers_of(draft: SavedDraft | None) -> Answers:
    return json.loads(draft.answers_json) if draft else {}


def pending_of(draft: SavedDraft | None, page_id: str) -> dict[str, list[str]] | None:
    """Form values kept when the respondent switched language before continuing."""
    return json.loads(draft.pending_json).get(page_id) if draft else None


def delete_draft(draft: SavedDraft) -> None:
    """Delete the draft within the current transaction (the caller commits)."""
    db.session.execute(_DELETE, {"draft_id": draft.id})


class TooBig(Exception):
    """Answers (or form values) too big to keep in a draft: the respondent is asked to shorten them."""


def page_form(page: Page, form: dict[str, list[str]]) -> dict[str, list[str]]:
    """The form values worth keeping for a page: only its own questions' fields, as many values as
    each can take, none longer than its question accepts. TooBig if a text is longer than that."""
    kept: dict[str, list[str]] = {}
    for question in page.questions:
        most = len(question.choices) if question.type == "multiple_choice" else 1
        for name in kind_of(question).form_fields(question):
            values = form.get(name, [])[:most]
            if question.type == "text":
                if any(len(value) > question.max_length for value in values):
                    raise TooBig(name)
            else:
                values = [value[:MAX_CHOICE_CHARACTERS] for value in values]
            if values:
                kept[name] = values
    return kept


def _encode(answers: Answers, pending: dict[str, Any] | None) -> tuple[str, str]:
    answers_json, pending_json = json.dumps(answers, ensure_ascii=False), json.dumps(pending or {}, ensure_ascii=False)
    if len(answers_json.encode("utf-8")) + len(pending_json.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise TooBig("draft")
    return answers_json, pending_json


def save_draft(draft: SavedDraft | NewDraft, answers: Answers, pending: dict[str, Any] | None = None) -> None:
    """Keep the answers (and any pending form values) on the server: one statement and a commit.

    TooBig (nothing stored) when they would take more than MAX_DRAFT_BYTES.
    """
    answers_json, pending_json = _encode(answers, pending)
    if isinstance(draft, NewDraft):
        db.session.execute(_INSERT, {
            "id": draft.id, "survey_id": draft.survey_id, "channel": draft.channel, "site": draft.site,
            "answers_json": answers_json, "pending_json": pending_json, "submission_key": new_token(),
            "updated_at": utcnow()})
    else:
        db.session.execute(_SAVE, {"draft_id": draft.id, "answers": answers_json, "pending": pending_json,
                                   "now": utcnow()})
    db.session.commit()


def discard_draft(scope: str) -> None:
    """Delete this session's draft for the scope, on the server and in the session."""
    draft_id = session.pop(_session_key(scope), None)
    if draft_id:
        db.session.execute(_DELETE, {"draft_id": draft_id})
        db.session.commit()


def purge_drafts(older_than: timedelta) -> int:
    """Delete every draft idle for longer than the given time; returns how many."""
    result = db.session.execute(delete(Draft).where(Draft.updated_at < utcnow() - older_than))
    db.session.commit()
    return int(result.rowcount or 0)
