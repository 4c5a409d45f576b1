"""Database tables. Answers are shaped so that counting them is a plain GROUP BY.

Privacy by design: a response keeps its language, channel, kiosk site and the day it was
submitted, nothing finer; no IP address, user agent or fingerprint. Free text lives in its own
table with no link back to the response it came from.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .kept import Kept
from .vocabulary import Language, SurveyState

if TYPE_CHECKING:
    from .definition.model import SurveyDefinition

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (how every timestamp is stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


LONDON = ZoneInfo("Europe/London")


def london_now() -> datetime:
    """Now, in Europe/London local time, without tzinfo (how surveys' opening and closing times are kept)."""
    return datetime.now(LONDON).replace(tzinfo=None)


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


class HasSurveyState:
    """A survey's one `state`, from its stored status and its dates: for the table's rows and for the
    snapshot respondents' pages read (surveys.SurveySnapshot) alike."""
    status: str
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def state(self) -> SurveyState:
        return self.state_at(london_now())

    def state_at(self, now: datetime) -> SurveyState:
        """The state at a given Europe/London local time."""
        if self.status == SurveyState.CLOSED:
            return SurveyState.CLOSED
        if self.status != SurveyState.OPEN:
            return SurveyState.DRAFT
        if self.closes_at and now >= self.closes_at:
            return SurveyState.ENDED
        if self.opens_at and now < self.opens_at:
            return SurveyState.SCHEDULED
        return SurveyState.OPEN


# Parsed definitions, shared by every request: keyed by the hash of the stored JSON, so a changed
# definition is parsed afresh and an old one simply ages out. The objects are frozen dataclasses.
_definitions: Kept[str, SurveyDefinition] = Kept(size=32)


def cached_definition(digest: str | None) -> SurveyDefinition | None:
    """The definition already parsed for this hash, if any."""
    return _definitions.get(digest) if digest else None


def parsed_definition(digest: str | None, stored_json: str) -> SurveyDefinition:
    """The definition stored as this JSON (whose hash is `digest`), parsed once per process."""
    found = cached_definition(digest)
    if found is None:
        from .definition.model import SurveyDefinition
        found = SurveyDefinition.from_json(stored_json)
        if digest:
            _definitions.keep(digest, found)
    return found


class Survey(HasSurveyState, db.Model):
    __tablename__ = "surveys"

    id: Mapped[str] = mapped_column(sa.String(63), primary_key=True)
    definition_json: Mapped[str] = mapped_column(sa.Text)
    definition_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16), default=SurveyState.DRAFT)  # DRAFT, OPEN or CLOSED
    opens_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, onupdate=utcnow)

    @cached_property
    def definition(self) -> SurveyDefinition:
        return parsed_definition(self.definition_hash, self.definition_json)


KEY_RANGE = 256  # record keys are 0 to 255, as the ONS's cell-key method has them


def new_record_key() -> int:
    """A response's record key: random, meaningless alone; cells sum them (results/disclosure.py)."""
    return secrets.randbelow(KEY_RANGE)


def new_text_id() -> int:
    """A free-text answer's id: random, so that neither key nor rowid order follows submission order."""
    return secrets.randbits(62) + 1


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (sa.Index("ix_responses_release", "survey_id", "release"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True,
                                    default=lambda: secrets.token_hex(16))
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(2))
    channel: Mapped[str] = mapped_column(sa.String(8))
    site: Mapped[str | None] = mapped_column(sa.String(120))
    submitted_on: Mapped[date] = mapped_column(sa.Date, index=True)
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    record_key: Mapped[int] = mapped_column(sa.Integer, default=new_record_key, server_default="0")
    release: Mapped[int | None] = mapped_column(sa.Integer)  # the release it first appeared in; None: not yet


class Release(db.Model):
    """A frozen, recorded cut of a survey's responses: release R is every response whose release
    number is R or less. Every published figure comes from one (results/releases.py)."""
    __tablename__ = "releases"
    __table_args__ = (sa.UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"))
    number: Mapped[int] = mapped_column(sa.Integer)
    released_on: Mapped[date] = mapped_column(sa.Date)
    cut_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    responses: Mapped[int] = mapped_column(sa.Integer)       # how many responses it holds
    new_responses: Mapped[int] = mapped_column(sa.Integer)   # how many since the release before
    new_comments: Mapped[int] = mapped_column(sa.Integer)
    final: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    actor: Mapped[str] = mapped_column(sa.String(254))
    withdrawn_on: Mapped[date | None] = mapped_column(sa.Date)  # a purge removed some of its responses


class ResponseGroup(db.Model):
    """One combination of what an export can split by, but the month: language, channel, site and
    the answers to the survey's breakdown questions. Each answer row names its response's group
    and carries its month, so an export counts answers split every way at once without joining
    the answers to anything. A group says nothing about any one person: many responses share it.
    The month is kept on the answers, not here, so that a survey open for many months has as few
    groups as one open for a week: an export split by group reads a row per figure and group.
    """
    __tablename__ = "response_groups"
    __table_args__ = (sa.UniqueConstraint("survey_id", "digest"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"))
    digest: Mapped[str] = mapped_column(sa.String(64))  # sha256 of the values below, in canonical JSON
    language: Mapped[str] = mapped_column(sa.String(2))
    channel: Mapped[str] = mapped_column(sa.String(8))
    site: Mapped[str | None] = mapped_column(sa.String(120))
    answers_json: Mapped[str] = mapped_column(sa.Text, default="{}")  # breakdown question id -> value


class Answer(db.Model):
    """One chosen option, one grid row's point, or one number; or, for a question whose options
    do not add up (multiple choice), one row with neither value nor number that says the
    question was answered. Counted by a single GROUP BY that the ix_answers_count index covers.
    """
    __tablename__ = "answers"
    __table_args__ = (sa.Index("ix_answers_count", "survey_id", "question_id", "row_id", "value", "number",
                               "group_id", "month", "release", "record_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[str] = mapped_column(sa.String(63))
    question_id: Mapped[str] = mapped_column(sa.String(63))
    row_id: Mapped[str] = mapped_column(sa.String(63), default="")
    value: Mapped[str | None] = mapped_column(sa.String(63))
    number: Mapped[float | None] = mapped_column(sa.Float)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("response_groups.id"))
    month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM: the response's month, nothing finer
    release: Mapped[int | None] = mapped_column(sa.Integer)  # as its response's
    record_key: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")  # its response's: cell keys sum them


# PostgreSQL's planner takes the answers' columns as independent and so expects an export's GROUP
# BY to form thousands of groups where it forms a few hundred; told how many there are, it shares
# the work between processes. (Made by migration 0003 too; SQLite has no such statistics.)
FIGURE_STATISTICS = ("CREATE STATISTICS IF NOT EXISTS answers_figures (ndistinct) "
                     "ON question_id, row_id, value, number, group_id, month FROM answers")
sa.event.listen(Answer.__table__, "after_create", sa.DDL(FIGURE_STATISTICS).execute_if(dialect="postgresql"))


class TextAnswer(db.Model):
    """A free-text answer, deliberately not linked to its response. Its id is random, so that
    neither its key order nor (on SQLite, where the id is the rowid) its rowid order follows the
    order of submission; on PostgreSQL each release rewrites the table in id order (releases.py).
    It keeps the first day of its month, not its day, so that no join on the day links it back."""
    __tablename__ = "text_answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False, default=new_text_id)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    question_id: Mapped[str] = mapped_column(sa.String(63))
    language: Mapped[str] = mapped_column(sa.String(2))
    channel: Mapped[str] = mapped_column(sa.String(8))
    submitted_on: Mapped[date] = mapped_column(sa.Date)
    body: Mapped[str] = mapped_column(sa.Text)
    release: Mapped[int | None] = mapped_column(sa.Integer)
    withheld: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())


class Draft(db.Model):
    """Answers given so far by one respondent, between pages. Expires."""
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True, default=new_token)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(8))
    site: Mapped[str | None] = mapped_column(sa.String(120))
    answers_json: Mapped[str] = mapped_column(sa.Text, default="{}")
    pending_json: Mapped[str] = mapped_column(sa.Text, default="{}")
    submission_key: Mapped[str] = mapped_column(sa.String(64), default=new_token)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, index=True)


class KioskLink(db.Model):
    __tablename__ = "kiosk_links"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True,
                                       default=lambda: secrets.token_urlsafe(24))
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"), index=True)
    site: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    expires_on: Mapped[date | None] = mapped_column(sa.Date)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime)


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(16))
    can_export_comments: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    language: Mapped[str] = mapped_column(sa.String(2), default=Language.CY)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    failed_sign_ins: Mapped[int] = mapped_column(sa.Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # Raised on sign-out and when disabled: every session signed with an older number ends.
    session_version: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")


class AuditEvent(db.Model):
    """Who did what, when. The application only ever appends; never answer content."""
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(64))
    subject: Mapped[str] = mapped_column(sa.String(254), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")
