"""Reviews: what the office found and recommended after a consultation, and what was done since.

A review groups one or more surveys. Its texts are kept in Welsh and English side by side
(`*_cy`, `*_en`); a review is shown to the public only once published, and cannot be published
with any text missing in either language. Progress updates on a recommendation are a history
that is only ever added to: the database refuses to change or delete one (see the triggers).
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import utcnow
from ..vocabulary import Language


class ReviewStatus:
    DRAFT = "draft"
    PUBLISHED = "published"


class Reply:
    """What the addressee said to a recommendation (None: no answer yet)."""
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    ALL = (ACCEPTED, PARTLY_ACCEPTED, NOT_ACCEPTED)


class Progress:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ALL = (NOT_STARTED, IN_PROGRESS, DONE)


class Review(db.Model):
    __tablename__ = "reviews"

    id: Mapped[str] = mapped_column(sa.String(63), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(16), default=ReviewStatus.DRAFT)
    topic_id: Mapped[str] = mapped_column(sa.String(63), index=True)
    topic_cy: Mapped[str] = mapped_column(sa.String(120), default="")
    topic_en: Mapped[str] = mapped_column(sa.String(120), default="")
    kind_cy: Mapped[str] = mapped_column(sa.String(120), default="")  # such as "Adolygiad manwl"
    kind_en: Mapped[str] = mapped_column(sa.String(120), default="")  # such as "Deep dive"
    title_cy: Mapped[str] = mapped_column(sa.String(255), default="")
    title_en: Mapped[str] = mapped_column(sa.String(255), default="")
    summary_cy: Mapped[str] = mapped_column(sa.Text, default="")
    summary_en: Mapped[str] = mapped_column(sa.Text, default="")
    findings_cy: Mapped[str] = mapped_column(sa.Text, default="")
    findings_en: Mapped[str] = mapped_column(sa.Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime)  # UTC, the latest publication
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, onupdate=utcnow)

    surveys: Mapped[list[ReviewSurvey]] = relationship(
        order_by="ReviewSurvey.position", cascade="all, delete-orphan", back_populates="review")
    recommendations: Mapped[list[Recommendation]] = relationship(
        order_by="Recommendation.position", back_populates="review")
    published_questions: Mapped[list[PublishedQuestion]] = relationship(
        order_by="PublishedQuestion.position", back_populates="review")

    def text(self, name: str, lang: str) -> str:
        """One of the review's texts (title, summary, findings, topic, kind) in one language."""
        return str(getattr(self, f"{name}_{lang}") or "")

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class ReviewSurvey(db.Model):
    """A survey the review draws on, and who the survey is for (shown with the survey on the hub)."""
    __tablename__ = "review_surveys"

    review_id: Mapped[str] = mapped_column(sa.ForeignKey("reviews.id"), primary_key=True)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    audience_cy: Mapped[str] = mapped_column(sa.String(255), default="")
    audience_en: Mapped[str] = mapped_column(sa.String(255), default="")

    review: Mapped[Review] = relationship(back_populates="surveys")


class Recommendation(db.Model):
    __tablename__ = "recommendations"
    __table_args__ = (sa.UniqueConstraint("review_id", "key"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    review_id: Mapped[str] = mapped_column(sa.ForeignKey("reviews.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(63))  # the id given in the review file, or made in the console
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    text_cy: Mapped[str] = mapped_column(sa.Text, default="")
    text_en: Mapped[str] = mapped_column(sa.Text, default="")
    addressee_cy: Mapped[str] = mapped_column(sa.String(255), default="")  # such as "y Prif Gwnstabl"
    addressee_en: Mapped[str] = mapped_column(sa.String(255), default="")  # such as "the Chief Constable"
    response: Mapped[str | None] = mapped_column(sa.String(16))  # Reply.ALL, or None: not answered yet
    status: Mapped[str] = mapped_column(sa.String(16), default=Progress.NOT_STARTED)

    review: Mapped[Review] = relationship(back_populates="recommendations")
    updates: Mapped[list[ProgressUpdate]] = relationship(
        order_by="(ProgressUpdate.day, ProgressUpdate.id)", back_populates="recommendation")

    def text(self, name: str, lang: str) -> str:
        return str(getattr(self, f"{name}_{lang}") or "")


class ProgressUpdate(db.Model):
    """One dated step in what was done about a recommendation. Never changed or deleted."""
    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    recommendation_id: Mapped[int] = mapped_column(sa.ForeignKey("recommendations.id"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)  # the day the update is about
    status: Mapped[str] = mapped_column(sa.String(16))  # the recommendation's status from this update on
    text_cy: Mapped[str] = mapped_column(sa.Text)
    text_en: Mapped[str] = mapped_column(sa.Text)
    added_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)  # UTC, when it was written here

    recommendation: Mapped[Recommendation] = relationship(back_populates="updates")

    def text(self, lang: str) -> str:
        return self.text_cy if lang == Language.CY else self.text_en


class PublishedQuestion(db.Model):
    """"You said": a question whose figures staff chose to publish from a survey's final release.

    A release is known by its survey and number (results/releases.py): the row keeps the number,
    and every figure shown is computed from that release alone, as its export gives it
    (hub/you_said.py). Migration 0008 replaced the first, unused release_id text column.
    """
    __tablename__ = "review_published_questions"

    review_id: Mapped[str] = mapped_column(sa.ForeignKey("reviews.id"), primary_key=True)
    survey_id: Mapped[str] = mapped_column(sa.ForeignKey("surveys.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(sa.String(63), primary_key=True)
    release: Mapped[int] = mapped_column(sa.Integer)  # the number of the survey's final release
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    published_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)  # UTC

    review: Mapped[Review] = relationship(back_populates="published_questions")


# The history of progress is only ever added to: the database itself refuses a change or deletion,
# whatever code (or person at a SQL prompt) tries it. Made by migration 0007 too.
APPEND_ONLY_MESSAGE = "progress updates are only ever added, never changed or deleted"
SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS progress_updates_no_{verb.lower()} BEFORE {verb} ON progress_updates "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE"))
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION progress_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
    "CREATE TRIGGER progress_updates_append_only BEFORE UPDATE OR DELETE ON progress_updates "
    "FOR EACH ROW EXECUTE FUNCTION progress_updates_append_only()",
)
for _statement in SQLITE_TRIGGERS:
    sa.event.listen(ProgressUpdate.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    sa.event.listen(ProgressUpdate.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql"))
