"""Releases: frozen, recorded cuts of a survey's responses, from which every figure is published.

Release R of a survey is every response whose release number is R or less. Cutting one marks the
responses, answers and free-text answers that have none with the next number, in one
transaction; a response being sent meanwhile is marked with its answers or not at all (the
answers are marked by their response). A release needs `release_min_new` new responses since
the one before (default 2 x the survey's minimum cell), so that no two releases differ by one
person. On PostgreSQL the free-text table is then rewritten in the order of its random ids, so
that its physical order no longer follows submission order (issue 15.2).

A retention purge that deletes responses of a release withdraws that release and every later
one (they can no longer be exported: their figures would differ from what was published), and
the next release needs enough new responses as usual.
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from .. import audit
from ..extensions import db
from ..models import Answer, Release, Response, Survey, TextAnswer
from ..sentences import Sentence
from ..surveys import SurveyError, get_survey
from ..vocabulary import SurveyState
from .disclosure import DEFAULT_MIN_CELL

DUE_AFTER = timedelta(days=7)


class ReleaseError(Exception):
    """A release that cannot be cut or used (the message says why)."""


class NotEnough(ReleaseError):
    """Too few new responses for a release."""

    def __init__(self, survey_id: str, new: int, needed: int) -> None:
        super().__init__(survey_id, new, needed)
        self.survey_id, self.new, self.needed = survey_id, new, needed

    def __str__(self) -> str:
        return (f"{self.survey_id}: {self.new} new responses since the last release; a release needs "
                f"{self.needed}, so {self.needed - self.new} more")


def min_cell_of(survey: Survey) -> int:
    return int(survey.definition.raw.get("min_cell") or DEFAULT_MIN_CELL)


def min_new_of(survey: Survey) -> int:
    return int(survey.definition.raw.get("release_min_new") or 2 * min_cell_of(survey))


def releases_of(survey_id: str) -> list[Release]:
    """A survey's releases, newest first."""
    return list(db.session.scalars(sa.select(Release).where(Release.survey_id == survey_id)
                                   .order_by(Release.number.desc())))


def find_release(survey_id: str, number: int | None = None) -> Release:
    """Release `number` of a survey, or its latest; ReleaseError if there is none or it was withdrawn."""
    query = sa.select(Release).where(Release.survey_id == survey_id)
    if number is not None:
        found = db.session.scalar(query.where(Release.number == number))
        if found is None:
            raise ReleaseError(Sentence("%(survey)s has no release %(number)s", survey=survey_id, number=number))
    else:
        found = db.session.scalar(query.order_by(Release.number.desc()))
        if found is None:
            raise ReleaseError(Sentence("%(survey)s has no release yet: cut one with `survey release %(survey)s`",
                                        survey=survey_id))
    if found.withdrawn_on is not None:
        raise ReleaseError(Sentence("release %(number)s of %(survey)s was withdrawn on %(day)s "
                                    "(a retention purge deleted some of its responses): cut a new one",
                                    number=found.number, survey=survey_id, day=found.withdrawn_on))
    return found


def latest_release(survey_id: str) -> Release | None:
    """The survey's latest release, or None when it has none (or it was withdrawn)."""
    try:
        return find_release(survey_id)
    except ReleaseError:
        return None


def unreleased(survey_id: str) -> int:
    """How many responses no release holds yet."""
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(Response)
                                 .where(Response.survey_id == survey_id, Response.release.is_(None))) or 0)


def cut_release(survey_id: str, today: date, actor: str = audit.SYSTEM, final: bool = False) -> Release:
    """Cut the survey's next release, or raise NotEnough (nothing changes)."""
    try:
        survey = get_survey(survey_id)
    except SurveyError as exc:
        raise ReleaseError(exc.args[0]) from exc
    new = unreleased(survey_id)
    needed = min_new_of(survey)
    if new < needed:
        raise NotEnough(survey_id, new, needed)
    number = int(db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Release.number), 0))
                                   .where(Release.survey_id == survey_id)) or 0) + 1
    marked = db.session.execute(sa.update(Response).where(Response.survey_id == survey_id, Response.release.is_(None))
                                .values(release=number)).rowcount
    in_release = sa.select(Response.id).where(Response.survey_id == survey_id, Response.release == number)
    db.session.execute(sa.update(Answer).where(Answer.response_id.in_(in_release)).values(release=number))
    comments = db.session.execute(sa.update(TextAnswer).where(TextAnswer.survey_id == survey_id,
                                                              TextAnswer.release.is_(None))
                                  .values(release=number)).rowcount
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(Response)
                                  .where(Response.survey_id == survey_id, Response.release <= number)) or 0)
    release = Release(survey_id=survey_id, number=number, released_on=today, responses=total,
                      new_responses=int(marked or 0), new_comments=int(comments or 0), final=final, actor=actor)
    db.session.add(release)
    audit.record(actor, audit.Action.RELEASE_CUT, survey_id,
                 f"release {number}: {total} responses, {marked} new{', final' if final else ''}", commit=False)
    db.session.commit()
    reorder_texts()
    return release


def reorder_texts() -> None:
    """On PostgreSQL, rewrite the free-text table in the order of its random ids (SQLite keeps it
    in that order already: the id is the rowid)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "CLUSTER text_answers USING pk_text_answers")


def close_with_release(survey_id: str, today: date, actor: str = audit.SYSTEM) -> Release | NotEnough:
    """Close a survey and cut its final release; NotEnough when too few responses came since the
    last (they then stay out of every figure, as any release would show them alone)."""
    survey = get_survey(survey_id)
    survey.status = SurveyState.CLOSED
    db.session.commit()
    try:
        return cut_release(survey_id, today, actor, final=True)
    except NotEnough as short:
        return short


def due_releases(today: date, actor: str = audit.SYSTEM) -> list[Release | NotEnough]:
    """For each open survey whose last release is at least a week old (or that has none): cut
    one, or say how many more responses it needs. A survey whose closing time has passed is
    closed, with its final release, whatever the age of its last."""
    results: list[Release | NotEnough] = []
    for survey in db.session.scalars(sa.select(Survey).where(Survey.status == SurveyState.OPEN)
                                     .order_by(Survey.id)).all():
        if survey.state == SurveyState.ENDED:  # its closing time has passed
            results.append(close_with_release(survey.id, today, actor))
            continue
        last = db.session.scalar(sa.select(sa.func.max(Release.released_on)).where(Release.survey_id == survey.id))
        if last is not None and today - last < DUE_AFTER:
            continue
        try:
            results.append(cut_release(survey.id, today, actor))
        except NotEnough as short:
            results.append(short)
    return results


def withdraw_purged(survey_id: str, first_purged: int | None, today: date, actor: str) -> None:
    """Withdraw every release from `first_purged` on (a purge deleted responses it holds)."""
    if first_purged is None:
        return
    withdrawn = db.session.execute(sa.update(Release).where(Release.survey_id == survey_id,
                                                            Release.number >= first_purged,
                                                            Release.withdrawn_on.is_(None))
                                   .values(withdrawn_on=today)).rowcount
    if withdrawn:
        audit.record(actor, audit.Action.RELEASES_WITHDRAWN, survey_id,
                     f"{withdrawn} releases from release {first_purged} on: a purge deleted responses they hold",
                     commit=False)
