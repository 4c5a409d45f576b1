"""One person's visit to a kiosk: its draft on the server, kept alive while they are active, and wiped.

Each visit's answers live in a server-side draft named by the kiosk's scope in the session. Wiping a
visit deletes that draft and empties the session, so whoever comes next starts with nothing.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Mapping

from flask import session
from sqlalchemy import delete, exists, select

from ..extensions import db
from ..models import Draft, utcnow
from ..respond import drafts
from ..vocabulary import Channel


def scope_for(token: str) -> str:
    """The name under which a kiosk's draft is kept in the session."""
    return f"k:{token}"


def lifetime(config: Mapping[str, Any]) -> int:
    """Seconds a kiosk draft may stay untouched: the idle time and the prompt that follows it."""
    return int(config["KIOSK_IDLE_SECONDS"]) + int(config["KIOSK_PROMPT_SECONDS"])


def wipe(token: str) -> None:
    """Delete this session's draft for the kiosk on the server, then empty the session."""
    drafts.discard_draft(scope_for(token))
    session.clear()


def keep_alive(token: str, seconds: int) -> bool:
    """Note that the person is still there: their draft's idle time starts again. False if none."""
    draft = drafts.current_draft(scope_for(token), seconds)
    if draft is None:
        return False
    draft.updated_at = utcnow()
    db.session.commit()
    return True


def forget_idle_drafts(seconds: int) -> int:
    """Delete every kiosk draft left idle too long (whoever left it); returns how many."""
    cutoff = utcnow() - timedelta(seconds=seconds)
    idle = (Draft.channel == Channel.KIOSK) & (Draft.updated_at < cutoff)
    if not db.session.scalar(select(exists().where(idle))):
        return 0  # the usual case: no write at all
    result = db.session.execute(delete(Draft).where(idle))
    db.session.commit()
    return int(result.rowcount or 0)

