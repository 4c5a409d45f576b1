"""Publishing needs every text in Welsh and English; progress updates are only ever added to."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from survey import audit
from survey.extensions import db
from survey.hub import reviews
from survey.hub.models import ProgressUpdate, Review, ReviewStatus
from survey.hub.reviews import Action, MissingText, ReviewError, missing_texts, publish, unpublish

MakeReview = Callable[..., Review]


def test_a_complete_review_publishes_and_unpublishes_with_audit_entries(make_review: MakeReview) -> None:
    review = make_review()
    assert missing_texts(review) == []
    publish(review.id, "admin@example.org")
    assert db.session.get(Review, review.id).status == ReviewStatus.PUBLISHED
    unpublish(review.id, "admin@example.org")
    assert db.session.get(Review, review.id).status == ReviewStatus.DRAFT
    actions = [(e.action, e.actor, e.subject) for e in reversed(audit.recent())]
    assert actions[-2:] == [(Action.PUBLISHED, "admin@example.org", review.id),
                            (Action.UNPUBLISHED, "admin@example.org", review.id)]


@pytest.mark.parametrize("where, missing", [
    (lambda raw: raw["summary"].update(cy=""), MissingText("summary", "cy")),
    (lambda raw: raw["title"].update(cy="   "), MissingText("title", "cy")),
    (lambda raw: raw["recommendations"][1]["addressee"].update(cy=""), MissingText("addressee", "cy", "shorter-waits")),
    (lambda raw: raw["surveys"][1]["audience"].update(cy=""), MissingText("audience", "cy", "service-user-voice")),
    (lambda raw: raw["findings"].update(en=""), MissingText("findings", "en")),
], ids=["summary", "title blank", "addressee", "audience", "English findings"])
def test_a_review_with_any_text_missing_cannot_be_published(make_review: MakeReview, where: Any,
                                                            missing: MissingText) -> None:
    review = make_review(where)
    assert missing_texts(review) == [missing]
    with pytest.raises(ReviewError, match="cannot be published"):
        publish(review.id, "admin@example.org")
    db.session.rollback()
    assert db.session.get(Review, review.id).status == ReviewStatus.DRAFT


def test_a_published_review_cannot_lose_its_welsh(make_review: MakeReview) -> None:
    review = make_review(published=True)
    texts = {name: {"cy": review.text(name, "cy"), "en": review.text(name, "en")} for name in reviews.REVIEW_TEXTS}
    texts["summary"]["cy"] = ""
    with pytest.raises(ReviewError, match="is published"):
        reviews.save_texts(review, review.topic_id, texts, {}, "admin@example.org")
    db.session.rollback()
    assert db.session.get(Review, review.id).summary_cy.startswith("Rydyn ni wedi edrych")


def test_a_progress_update_sets_the_status_and_is_audited(make_review: MakeReview) -> None:
    review = make_review(published=True)
    recommendation = review.recommendations[1]
    reviews.add_progress(recommendation, date(2026, 12, 1), "in_progress",
                         {"cy": "Mae gwaith wedi dechrau.", "en": "Work has started."}, "admin@example.org")
    assert recommendation.status == "in_progress"
    assert [u.text_en for u in recommendation.updates] == ["Work has started."]
    event = audit.recent(limit=1)[0]
    assert (event.action, event.subject, event.detail) == (Action.PROGRESS_ADDED, review.id,
                                                           "shorter-waits 2026-12-01 in_progress")


def test_a_progress_update_needs_both_languages(make_review: MakeReview) -> None:
    review = make_review()
    with pytest.raises(ReviewError, match="Welsh and English"):
        reviews.add_progress(review.recommendations[1], date(2026, 12, 1), "done", {"cy": " ", "en": "Done."}, "a")


@pytest.mark.parametrize("statement", [
    "UPDATE progress_updates SET text_en = 'Nothing happened.'",
    "DELETE FROM progress_updates",
], ids=["update", "delete"])
def test_the_database_refuses_to_change_or_delete_a_progress_update(make_review: MakeReview, statement: str) -> None:
    make_review()
    before = db.session.scalars(sa.select(ProgressUpdate.text_en).order_by(ProgressUpdate.id)).all()
    assert len(before) == 3
    with pytest.raises(DatabaseError, match="only ever added"):
        db.session.execute(sa.text(statement))
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(sa.select(ProgressUpdate.text_en).order_by(ProgressUpdate.id)).all() == before


def test_the_orm_cannot_change_an_update_either(make_review: MakeReview) -> None:
    update = make_review().recommendations[0].updates[0]
    update.text_en = "Rewritten history."
    with pytest.raises(DatabaseError, match="only ever added"):
        db.session.commit()
    db.session.rollback()


def test_no_code_path_changes_or_deletes_progress_updates() -> None:
    """Only the review module writes updates, and it only ever adds them."""
    from pathlib import Path
    package = Path(reviews.__file__).parent
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "delete(ProgressUpdate" not in text and "update(ProgressUpdate" not in text, source
        assert "progress_updates SET" not in text, source


def test_publishing_a_published_review_again_changes_nothing(make_review: MakeReview) -> None:
    review = make_review(published=True)
    first = review.published_at
    events = audit.count(Action.PUBLISHED)
    publish(review.id, "admin@example.org")
    assert db.session.get(Review, review.id).published_at == first
    assert audit.count(Action.PUBLISHED) == events
