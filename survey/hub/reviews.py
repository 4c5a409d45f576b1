"""Storing reviews: loading a review file, editing, publishing, and adding progress updates.

Every change is written to the audit log with the change, in one commit. Nothing here (or
anywhere) changes or deletes a progress update: the database refuses it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Survey, utcnow
from ..vocabulary import LANGUAGES
from .models import Progress, ProgressUpdate, Recommendation, Reply, Review, ReviewStatus, ReviewSurvey
from .review_file import Bilingual, RecommendationEntry, ReviewFile

REVIEW_TEXTS = ("title", "topic", "kind", "summary", "findings")
RECOMMENDATION_TEXTS = ("text", "addressee")
FILE_NAMES = {"kind": "type"}  # where a text's name in a review file differs from the model's


class ReviewError(Exception):
    """A change to a review that cannot be made; the message says why (in English, for commands)."""


class Action:
    """The review actions written to the audit log (named in audit.Action, so its filter lists them)."""
    LOADED = audit.Action.REVIEW_LOADED
    CHANGED = audit.Action.REVIEW_CHANGED
    PUBLISHED = audit.Action.REVIEW_PUBLISHED
    UNPUBLISHED = audit.Action.REVIEW_UNPUBLISHED
    RECOMMENDATION_ADDED = audit.Action.RECOMMENDATION_ADDED
    RECOMMENDATION_CHANGED = audit.Action.RECOMMENDATION_CHANGED
    PROGRESS_ADDED = audit.Action.PROGRESS_UPDATE_ADDED


@dataclass(frozen=True)
class MissingText:
    """A text a review needs in a language before it can be published."""
    field: str  # such as "summary" or "addressee"
    lang: str
    item: str | None = None  # the recommendation's key or the survey's id, if the text is theirs


def missing_texts(review: Review) -> list[MissingText]:
    """Every text of the review (and its recommendations and surveys' audiences) blank in a language."""
    missing = [MissingText(name, lang) for name in REVIEW_TEXTS for lang in LANGUAGES
               if not review.text(name, lang).strip()]
    missing += [MissingText("audience", lang, link.survey_id) for link in review.surveys for lang in LANGUAGES
                if not getattr(link, f"audience_{lang}").strip()]
    missing += [MissingText(name, lang, r.key) for r in review.recommendations
                for name in RECOMMENDATION_TEXTS for lang in LANGUAGES if not r.text(name, lang).strip()]
    return missing


def get_review(review_id: str) -> Review:
    review = db.session.get(Review, review_id)
    if review is None:
        raise ReviewError(f"there is no review {review_id!r}")
    return review


def _set_texts(target: object, names: tuple[str, ...], texts: dict[str, Bilingual]) -> None:
    for name in names:
        for lang in LANGUAGES:
            setattr(target, f"{name}_{lang}", texts[name][lang].strip())


def _refuse_gaps_if_published(review: Review) -> None:
    if review.is_published and missing_texts(review):
        raise ReviewError(f"{review.id} is published, so every text needs Welsh and English: "
                          + describe_missing(missing_texts(review)))


def describe_missing(missing: list[MissingText]) -> str:
    """For commands and the audit log (the console says it in its own language)."""
    return "; ".join(f"{m.item + ' ' if m.item else ''}{FILE_NAMES.get(m.field, m.field)} ({m.lang})" for m in missing)


def _stored_surveys(ids: list[str]) -> set[str]:
    return set(db.session.scalars(select(Survey.id).where(Survey.id.in_(ids))))


def _apply_recommendation(recommendation: Recommendation, entry: RecommendationEntry, position: int) -> int:
    """Texts, response and status from the file; its updates not stored yet are added (returns how many)."""
    recommendation.position = position
    _set_texts(recommendation, RECOMMENDATION_TEXTS, {"text": entry.text, "addressee": entry.addressee})
    recommendation.response = entry.response
    recommendation.status = entry.status
    stored = {(u.day, u.status, u.text_cy, u.text_en) for u in recommendation.updates}
    added = 0
    for update in entry.updates:
        key = (update.day, update.status, update.text["cy"].strip(), update.text["en"].strip())
        if key not in stored:
            recommendation.updates.append(ProgressUpdate(day=update.day, status=update.status,
                                                         text_cy=key[2], text_en=key[3]))
            added += 1
    return added


@dataclass(frozen=True)
class ReviewLoad:
    review: Review
    created: bool
    updates_added: int


def load_review(entry: ReviewFile, actor: str = audit.SYSTEM) -> ReviewLoad:
    """Store a new review (a draft) or bring a stored one up to date with its file."""
    ids = [s.survey_id for s in entry.surveys]
    unknown = [i for i in ids if i not in _stored_surveys(ids)]
    if unknown:
        raise ReviewError(f"{entry.id}: load these surveys first: {', '.join(unknown)}")
    review = db.session.get(Review, entry.id)
    created = review is None
    if review is None:
        review = Review(id=entry.id, status=ReviewStatus.DRAFT)
        db.session.add(review)
    review.topic_id = entry.topic_id
    _set_texts(review, REVIEW_TEXTS, {"title": entry.title, "topic": entry.topic, "kind": entry.kind,
                                      "summary": entry.summary, "findings": entry.findings})
    review.surveys = [ReviewSurvey(survey_id=s.survey_id, position=n, audience_cy=s.audience["cy"].strip(),
                                   audience_en=s.audience["en"].strip()) for n, s in enumerate(entry.surveys)]
    by_key = {r.key: r for r in review.recommendations}
    kept = {r.key for r in entry.recommendations}
    for key, recommendation in by_key.items():
        if key not in kept:
            if recommendation.updates:
                raise ReviewError(f"{entry.id}: the recommendation {key!r} has progress updates, "
                                  "so it cannot be left out of the file")
            db.session.delete(recommendation)
    added = 0
    for position, item in enumerate(entry.recommendations):
        recommendation = by_key.get(item.key)
        if recommendation is None:
            recommendation = Recommendation(key=item.key, review=review)
            db.session.add(recommendation)
        added += _apply_recommendation(recommendation, item, position)
    db.session.flush()
    db.session.expire(review, ["recommendations"])
    _refuse_gaps_if_published(review)
    audit.record(actor, Action.LOADED, review.id,
                 f"{'new' if created else 'updated'}; {added} progress update(s) added", commit=False)
    db.session.commit()
    return ReviewLoad(review, created, added)


def publish(review_id: str, actor: str) -> Review:
    """Show the review to the public; a review published already is left as it is."""
    review = get_review(review_id)
    if review.is_published:
        return review
    missing = missing_texts(review)
    if missing:
        raise ReviewError(f"{review_id} cannot be published: these texts are missing: {describe_missing(missing)}")
    review.status = ReviewStatus.PUBLISHED
    review.published_at = utcnow()
    audit.record(actor, Action.PUBLISHED, review_id)
    return review


def unpublish(review_id: str, actor: str) -> Review:
    review = get_review(review_id)
    review.status = ReviewStatus.DRAFT
    audit.record(actor, Action.UNPUBLISHED, review_id)
    return review


def save_texts(review: Review, topic_id: str, texts: dict[str, Bilingual], audiences: dict[str, Bilingual],
               actor: str) -> None:
    """The review's own texts and its surveys' audiences, from the console."""
    review.topic_id = topic_id
    _set_texts(review, REVIEW_TEXTS, texts)
    for link in review.surveys:
        if link.survey_id in audiences:
            link.audience_cy = audiences[link.survey_id]["cy"].strip()
            link.audience_en = audiences[link.survey_id]["en"].strip()
    _refuse_gaps_if_published(review)
    audit.record(actor, Action.CHANGED, review.id, commit=False)
    db.session.commit()


def create_review(review_id: str, topic_id: str, texts: dict[str, Bilingual], actor: str) -> Review:
    """A new draft review made in the console, without surveys yet (a review file adds them)."""
    if db.session.get(Review, review_id) is not None:
        raise ReviewError(f"there is already a review {review_id!r}")
    review = Review(id=review_id, status=ReviewStatus.DRAFT, topic_id=topic_id)
    _set_texts(review, REVIEW_TEXTS, texts)
    db.session.add(review)
    audit.record(actor, Action.LOADED, review_id, "made in the console", commit=False)
    db.session.commit()
    return review


def set_surveys(review: Review, survey_ids: list[str], actor: str) -> None:
    """Which surveys the review draws on; an audience already written for a survey is kept."""
    audiences = {link.survey_id: link for link in review.surveys}
    review.surveys = [audiences.get(s) or ReviewSurvey(survey_id=s) for s in survey_ids]
    for position, link in enumerate(review.surveys):
        link.position = position
    _refuse_gaps_if_published(review)
    audit.record(actor, Action.CHANGED, review.id, f"surveys: {', '.join(survey_ids)}", commit=False)
    db.session.commit()


def save_recommendation(review: Review, recommendation: Recommendation | None, texts: dict[str, Bilingual],
                        response: str | None, actor: str) -> Recommendation:
    """Add a recommendation (None) or change one's texts and the addressee's response."""
    if response is not None and response not in Reply.ALL:
        raise ReviewError(f"{response!r} is not a response")
    action = Action.RECOMMENDATION_CHANGED
    if recommendation is None:
        action = Action.RECOMMENDATION_ADDED
        position = len(review.recommendations)
        recommendation = Recommendation(review=review, key=_free_key(review), position=position,
                                        status=Progress.NOT_STARTED)
        db.session.add(recommendation)
    _set_texts(recommendation, RECOMMENDATION_TEXTS, texts)
    recommendation.response = response
    db.session.flush()
    db.session.expire(review, ["recommendations"])
    _refuse_gaps_if_published(review)
    audit.record(actor, action, review.id, recommendation.key, commit=False)
    db.session.commit()
    return recommendation


def _free_key(review: Review) -> str:
    taken = {r.key for r in review.recommendations}
    number = len(taken) + 1
    while f"r{number}" in taken:
        number += 1
    return f"r{number}"


def add_progress(recommendation: Recommendation, day: date, status: str, text: Bilingual, actor: str) -> ProgressUpdate:
    """Append a dated update (in both languages); the recommendation's status becomes the update's."""
    if status not in Progress.ALL:
        raise ReviewError(f"{status!r} is not a status")
    if not (text["cy"].strip() and text["en"].strip()):
        raise ReviewError("a progress update needs Welsh and English")
    update = ProgressUpdate(recommendation=recommendation, day=day, status=status,
                            text_cy=text["cy"].strip(), text_en=text["en"].strip())
    db.session.add(update)
    recommendation.status = status
    audit.record(actor, Action.PROGRESS_ADDED, recommendation.review_id, f"{recommendation.key} {day.isoformat()} {status}",
                 commit=False)
    db.session.commit()
    return update
