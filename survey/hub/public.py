"""What the public may see: consultations open now, coming soon and closed, and published reviews.

The one place that decides what is public. Draft reviews are never returned; a scheduled survey
is shown without its link; a survey never opened is not shown at all; nothing about answers is
ever read here (no counts, no figures: "You said" takes its figures from releases alone, you_said.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Survey
from ..models import london_now
from ..vocabulary import Channel, Language, SurveyState
from .models import Recommendation, Review, ReviewStatus, ReviewSurvey


class Phase:
    """Where the hub lists a consultation: a grouping of survey states, not states of its own."""
    OPEN = SurveyState.OPEN
    COMING = "coming"  # scheduled
    CLOSED = SurveyState.CLOSED  # ended or closed


class ReviewState:
    """Where a closed consultation's review is, as the hub says it."""
    RESULTS_TO_COME = "results-to-come"
    RESULTS_PUBLISHED = "results-published"
    TRACKING = "tracking"


@dataclass(frozen=True)
class Topic:
    id: str
    cy: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.cy if lang == Language.CY else self.en


@dataclass(frozen=True)
class Consultation:
    """A survey as the hub shows it: its link only while it is open."""
    survey: Survey
    phase: str
    audience: dict[str, str] | None  # cy and en, from the survey's review
    topics: tuple[Topic, ...]  # of every review that draws on the survey
    review: Review | None  # published reviews only
    online: bool  # answered through the public link (else only on kiosks at services)
    closing: datetime | None = None  # when it closes or closed; None if closed early, before its time

    @property
    def id(self) -> str:
        return self.survey.id

    @property
    def link_shown(self) -> bool:
        return self.phase == Phase.OPEN and self.online

    @property
    def review_state(self) -> str:
        if self.review is None:
            return ReviewState.RESULTS_TO_COME
        return ReviewState.TRACKING if self.review.recommendations else ReviewState.RESULTS_PUBLISHED


@dataclass
class Hub:
    open: list[Consultation] = field(default_factory=list)
    coming: list[Consultation] = field(default_factory=list)
    closed: list[Consultation] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


def phase_of(survey: Survey, now: datetime) -> str | None:
    """Open now, coming soon (scheduled), closed; None for a survey the public never saw."""
    state = survey.state_at(now)
    if state == SurveyState.OPEN:
        return Phase.OPEN
    if state == SurveyState.SCHEDULED:
        return Phase.COMING
    if state in (SurveyState.ENDED, SurveyState.CLOSED) and not (survey.opens_at and survey.opens_at > now):
        return Phase.CLOSED
    return None


def closing_time(survey: Survey, phase: str, now: datetime) -> datetime | None:
    """The closing time to show: none for a survey closed by hand before its time came."""
    if phase == Phase.CLOSED and survey.closes_at and survey.closes_at > now:
        return None
    return survey.closes_at


def topic_of(review: Review) -> Topic:
    return Topic(review.topic_id, review.topic_cy, review.topic_en)


def consultations(topic_id: str | None = None, now: datetime | None = None) -> Hub:
    """Every consultation the public may see, by phase, with the topics there are to filter by."""
    now = now or london_now()
    links = db.session.scalars(select(ReviewSurvey).options(
        selectinload(ReviewSurvey.review).selectinload(Review.recommendations))).all()
    by_survey: dict[str, list[ReviewSurvey]] = {}
    for link in links:
        by_survey.setdefault(link.survey_id, []).append(link)
    hub = Hub()
    topics: dict[str, Topic] = {}
    surveys = db.session.scalars(select(Survey).where(Survey.status != SurveyState.DRAFT).order_by(Survey.id))
    for survey in surveys:
        phase = phase_of(survey, now)
        if phase is None:
            continue
        mine = sorted(by_survey.get(survey.id, []), key=lambda link: not link.review.is_published)
        first = mine[0] if mine else None
        its_topics = tuple(topic_of(link.review) for link in mine)
        for topic in its_topics:
            topics.setdefault(topic.id, topic)
        if topic_id and topic_id not in {t.id for t in its_topics}:
            continue
        published = next((link.review for link in mine if link.review.is_published), None)
        audience = {"cy": first.audience_cy, "en": first.audience_en} if first else None
        item = Consultation(survey, phase, audience, its_topics, published,
                            Channel.PUBLIC in survey.definition.channels,
                            closing_time(survey, phase, now))
        getattr(hub, phase).append(item)
    hub.open.sort(key=lambda c: (c.survey.closes_at or datetime.max, c.id))
    hub.coming.sort(key=lambda c: (c.survey.opens_at or datetime.max, c.id))
    hub.closed.sort(key=lambda c: (c.survey.closes_at or datetime.min, c.id), reverse=True)
    hub.topics = sorted(topics.values(), key=lambda t: t.id)
    return hub


def published_reviews() -> list[Review]:
    return list(db.session.scalars(
        select(Review).where(Review.status == ReviewStatus.PUBLISHED)
        .options(selectinload(Review.surveys), selectinload(Review.recommendations)
                 .selectinload(Recommendation.updates))
        .order_by(Review.published_at.desc(), Review.id)))


def published_review(review_id: str) -> Review | None:
    """The review if it is published; None for a draft or no such review (both are 404s)."""
    review = db.session.get(Review, review_id)
    return review if review is not None and review.is_published else None


def review_surveys(review: Review, now: datetime | None = None) -> list[Consultation]:
    """The review's surveys the public may see, each with its phase (the link only while open)."""
    now = now or london_now()
    shown = []
    for link in review.surveys:
        survey = db.session.get(Survey, link.survey_id)
        phase = phase_of(survey, now) if survey else None
        if survey is None or phase is None:
            continue
        shown.append(Consultation(survey, phase, {"cy": link.audience_cy, "en": link.audience_en},
                                  (topic_of(review),), review, Channel.PUBLIC in survey.definition.channels,
                                  closing_time(survey, phase, now)))
    return shown
