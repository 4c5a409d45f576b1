"""Answers kept between pages: on the server, keyed by an id in the respondent's own session.

A draft never reaches another session, and is forgotten once it has been idle too long.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import session
from sqlalchemy import delete

from ..extensions import db
from ..models import Draft, utcnow
from ..flow import Answers


def _session_key(scope: str) -> str:
    return f"draft:{scope}"


def current_draft(scope: str, lifetime_seconds: int) -> Draft | None:
    """This session's draft for the scope, unless it has expired (then it is deleted)."""
    draft_id = session.get(_session_key(scope))
    if not draft_id:
        return None
    draft = db.session.get(Draft, draft_id)
    if draft is None:
        session.pop(_session_key(scope), None)
        return None
    if utcnow() - draft.updated_at > timedelta(seconds=lifetime_seconds):
        discard_draft(scope)
        return None
    return draft


def start_draft(scope: str, survey_id: str, channel: str, site: str | None) -> Draft:
    draft = Draft(survey_id=survey_id, channel=channel, site=site)
    db.session.add(draft)
    db.session.flush()
    session[_session_key(scope)] = draft.id
    return draft


def answers_of(draft: Draft | None) -> Answers:
    return json.loads(draft.answers_json) if draft else {}


def pending_of(draft: Draft | None, page_id: str) -> dict[str, list[str]] | None:
    """Form values kept when the respondent switched language before continuing."""
    return json.loads(draft.pending_json).get(page_id) if draft else None


def save_draft(draft: Draft, answers: Answers, pending: dict[str, Any] | None = None) -> None:
    draft.answers_json = json.dumps(answers, ensure_ascii=False)
    draft.pending_json = json.dumps(pending or {}, ensure_ascii=False)
    draft.updated_at = utcnow()
    db.session.commit()


def discard_draft(scope: str) -> None:
    """Delete this session's draft for the scope, on the server and in the session."""
    draft_id = session.pop(_session_key(scope), None)
    if draft_id:
        db.session.execute(delete(Draft).where(Draft.id == draft_id))
        db.session.commit()


def purge_drafts(older_than: timedelta) -> int:
    """Delete every draft idle for longer than the given time; returns how many."""
    result = db.session.execute(delete(Draft).where(Draft.updated_at < utcnow() - older_than))
    db.session.commit()
    return int(result.rowcount or 0)
