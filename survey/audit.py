"""The audit log: who did what, when. Append-only, and never any answer content.

Everyone calls `record(actor, action, subject, detail)` after making a change. It adds one
AuditEvent to the current database session and commits, so the event is stored together with
the change it describes. There is deliberately no code here (or anywhere) that changes or
deletes an event: reading is `recent()` and nothing else.
"""
from __future__ import annotations

from typing import Final

import sqlalchemy as sa

from .extensions import db
from .models import AuditEvent

SYSTEM: Final = "system"  # the actor for commands run from the command line without a user
MAX_SUBJECT: Final = 254
MAX_DETAIL: Final = 2000


class Action:
    """The actions the application records (use these rather than bare strings)."""
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    USER_CREATED = "user_created"
    USER_DISABLED = "user_disabled"
    SURVEY_LOADED = "survey_loaded"
    SURVEY_OPENED = "survey_opened"
    SURVEY_CLOSED = "survey_closed"
    SURVEY_SCHEDULED = "survey_scheduled"
    KIOSK_LINK_CREATED = "kiosk_link_created"
    KIOSK_LINK_REVOKED = "kiosk_link_revoked"
    EXPORT_MADE = "export_made"
    EXPORT_DOWNLOADED = "export_downloaded"
    COMMENTS_EXPORTED = "comments_exported"
    COMMENTS_DOWNLOADED = "comments_downloaded"
    RESPONSES_PURGED = "responses_purged"
    RELEASE_CUT = "release_cut"
    RELEASES_WITHDRAWN = "releases_withdrawn"
    RESULTS_VIEWED = "results_viewed"
    COMMENT_WITHHELD = "comment_withheld"
    REVIEW_LOADED = "review_loaded"  # the consultation hub's reviews (survey/hub)
    REVIEW_CHANGED = "review_changed"
    REVIEW_PUBLISHED = "review_published"
    REVIEW_UNPUBLISHED = "review_unpublished"
    RECOMMENDATION_ADDED = "recommendation_added"
    RECOMMENDATION_CHANGED = "recommendation_changed"
    PROGRESS_UPDATE_ADDED = "progress_update_added"
    YOU_SAID_PUBLISHED = "you_said_published"  # questions published from a final release


def record(actor: str, action: str, subject: str = "", detail: str = "", *,
           commit: bool = True) -> AuditEvent:
    """Append one event (actor: an e-mail address or SYSTEM) and commit, unless commit=False.

    Never pass answer content, passwords, tokens in full or anything about a respondent.
    """
    event = AuditEvent(actor=(actor or SYSTEM)[:MAX_SUBJECT], action=action[:64],
                       subject=(subject or "")[:MAX_SUBJECT], detail=(detail or "")[:MAX_DETAIL])
    db.session.add(event)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return event


def recent(limit: int = 200, offset: int = 0, action: str | None = None) -> list[AuditEvent]:
    """The latest events, newest first."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def count(action: str | None = None) -> int:
    """How many events there are (of one action, if given)."""
    query = sa.select(sa.func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return int(db.session.scalar(query) or 0)
