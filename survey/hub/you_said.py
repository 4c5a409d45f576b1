""""You said": the questions a review publishes from its surveys' final releases, and their figures.

Once a survey has closed and its final release is cut, staff choose which of its choice questions
to publish (free-text answers never). Every figure shown is computed from that release alone by
the export's own code (results/blocks.py over the rows of aggregates.csv), so the review page, the
API and an export of the release agree cell for cell, and a response stored since changes nothing.
A release withdrawn by a retention purge takes its figures off the hub: they could no longer be
made again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .. import audit
from ..definition import Question, SurveyDefinition
from ..extensions import db
from ..models import Release, Survey, utcnow
from ..questions import kind_of
from ..results.aggregate import count_figures
from ..results.blocks import question_blocks
from ..results.export import aggregates
from ..results.releases import ReleaseError, find_release, latest_release, min_cell_of
from ..vocabulary import LANGUAGES, SurveyState
from .models import PublishedQuestion, Review



class Refusal:
    """Why figures cannot be published from a survey (the console says each in its own words)."""
    NOT_CLOSED = "not-closed"
    NO_FINAL_RELEASE = "no-final-release"
    NOT_A_CHOICE = "not-a-choice"


class YouSaidError(Exception):
    """A choice of questions that cannot be published; `reason` is one of Refusal's."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


def final_release(survey: Survey) -> Release | None:
    """The final release of a closed survey, if it has one (and a purge has not withdrawn it)."""
    if survey.status != SurveyState.CLOSED:
        return None
    latest = latest_release(survey.id)
    return latest if latest is not None and latest.final else None


def refusal(survey: Survey, release: Release | None) -> str | None:
    """Why nothing can be published from the survey now, or None when its questions may be
    (`release`: its final_release)."""
    if survey.status != SurveyState.CLOSED:
        return Refusal.NOT_CLOSED
    return Refusal.NO_FINAL_RELEASE if release is None else None


def publishable(definition: SurveyDefinition) -> list[Question]:
    """The questions whose figures may be published: those answered by choosing (never free text)."""
    return [q for q in definition.all_questions() if kind_of(q).summary == "count"]


def chosen(review: Review, survey_id: str) -> list[str]:
    return [row.question_id for row in review.published_questions if row.survey_id == survey_id]


def publish_questions(review: Review, survey: Survey, question_ids: list[str], actor: str) -> Release:
    """Publish these questions of the survey (and no others) from its final release; YouSaidError
    when the survey is not closed, has no final release, or a question is not a choice question."""
    release = final_release(survey)
    reason = refusal(survey, release)
    if reason or release is None:
        raise YouSaidError(reason or Refusal.NO_FINAL_RELEASE, survey.id)
    order = {q.id: n for n, q in enumerate(publishable(survey.definition))}
    wrong = [q for q in question_ids if q not in order]
    if wrong:
        raise YouSaidError(Refusal.NOT_A_CHOICE, ", ".join(wrong))
    kept = {row.question_id: row for row in review.published_questions
            if row.survey_id == survey.id and row.release == release.number}
    now = utcnow()
    db.session.execute(sa.delete(PublishedQuestion).where(PublishedQuestion.review_id == review.id,
                                                          PublishedQuestion.survey_id == survey.id))
    ids = sorted(set(question_ids), key=order.__getitem__)
    for question_id in ids:
        before = kept.get(question_id)
        db.session.add(PublishedQuestion(review_id=review.id, survey_id=survey.id, question_id=question_id,
                                         release=release.number, position=order[question_id],
                                         published_at=before.published_at if before else now))
    audit.record(actor, audit.Action.YOU_SAID_PUBLISHED, review.id,
                 f"{survey.id} release {release.number}: {', '.join(ids) or 'no questions'}", commit=False)
    db.session.commit()  # expires the review, so its published_questions are read again
    return release


@dataclass(frozen=True)
class PublishedSurvey:
    """A survey's questions a review publishes, and the release their figures come from."""
    survey: Survey
    release: Release
    question_ids: tuple[str, ...]
    published_at: datetime  # UTC, when the latest of them was published

    @property
    def min_cell(self) -> int:
        return min_cell_of(self.survey)


def published_surveys(review: Review) -> list[PublishedSurvey]:
    """The review's surveys with questions published, in the review's order; a survey no longer in
    the review, or whose release was withdrawn, shows nothing."""
    rows: dict[str, list[PublishedQuestion]] = {}
    for row in review.published_questions:
        rows.setdefault(row.survey_id, []).append(row)
    found = []
    for link in review.surveys:
        mine = rows.get(link.survey_id)
        survey = db.session.get(Survey, link.survey_id) if mine else None
        if not mine or survey is None:
            continue
        try:
            release = find_release(survey.id, mine[0].release)
        except ReleaseError:
            continue
        ordered = sorted(mine, key=lambda row: row.position)
        found.append(PublishedSurvey(survey, release, tuple(row.question_id for row in ordered),
                                     max(row.published_at for row in mine)))
    return found


@dataclass(frozen=True)
class SurveyFigures:
    """The published questions of one survey, each question (row) a block as the console draws it."""
    published: PublishedSurvey
    blocks: dict[str, list[dict[str, Any]]]  # language -> blocks, in the same order in both


def released_figures(review: Review, langs: tuple[str, ...] = LANGUAGES) -> list[SurveyFigures]:
    """The figures of every published question, in these languages, from its release alone."""
    shown = []
    for item in published_surveys(review):
        definition = item.survey.definition
        figures = count_figures(definition, [], item.release.number, item.min_cell)
        wanted = set(item.question_ids)
        blocks = {lang: [block for block in question_blocks(
            definition, aggregates(definition, figures, [], lang, item.min_cell)) if block["question_id"] in wanted]
            for lang in langs}
        shown.append(SurveyFigures(item, blocks))
    return shown
