"""The console's review pages (/admin/reviews): texts side by side, Welsh first; publishing; progress.

Anyone signed in may read them; only admins change anything. There is a form to add a progress
update and none to change or delete one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from ..admin import auth
from ..admin.blueprint import bp
from ..admin.forms import ActionForm
from ..admin.survey_views import form_errors
from ..extensions import db
from ..models import Release, Survey
from ..text import plain
from ..vocabulary import Language
from . import reviews, you_said
from .forms import (NO_REPLY, NewReviewForm, ProgressForm, RecommendationForm, ReviewForm, SurveysForm, YouSaidForm,
                    audience_form)
from .messages import FIELD_NAMES, PROGRESS, REFUSALS, REPLIES
from .models import Recommendation, Review

TEXTS = ("title", "kind", "topic", "summary", "findings")


def _review_or_404(review_id: str) -> Review:
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    return review


def _recommendation_or_404(review: Review, key: str) -> Recommendation:
    found = next((r for r in review.recommendations if r.key == key), None)
    if found is None:
        abort(404)
    return found


def _texts(form: Any, names: tuple[str, ...]) -> dict[str, dict[str, str]]:
    return {name: {lang: getattr(form, f"{name}_{lang}").data or "" for lang in Language} for name in names}


def _render(template: str, errors: list[dict[str, str]], **context: Any) -> tuple[str, int]:
    return render_template(template, errors=errors, section="reviews", **context), (400 if errors else 200)


@bp.route("/reviews")
@auth.staff
def reviews_list() -> str:
    found = db.session.scalars(select(Review).order_by(Review.id)).all()
    return render_template("admin/reviews/list.html", reviews=found, section="reviews")


@bp.route("/reviews/new", methods=["GET", "POST"])
@auth.admin_only
def new_review() -> Any:
    form = NewReviewForm()
    if form.validate_on_submit():
        try:
            reviews.create_review(form.review_id.data, form.topic_id.data, _texts(form, TEXTS),
                                  auth.current_user().email)
        except reviews.ReviewError:
            form.review_id.errors = [gettext("There is already a review with this id")]
        else:
            flash(gettext("The review has been made. It is a draft: the public cannot see it."), "success")
            return redirect(url_for("admin.review", review_id=form.review_id.data))
    return _render("admin/reviews/edit.html", form_errors(form), form=form, review=None, audiences=None)


@bp.route("/reviews/<review_id>")
@auth.staff
def review(review_id: str) -> str:
    found = _review_or_404(review_id)
    surveys = {s.id: s for s in db.session.scalars(
        select(Survey).where(Survey.id.in_([link.survey_id for link in found.surveys])))}
    titles = {survey_id: s.definition.title for survey_id, s in surveys.items()}
    return render_template("admin/reviews/review.html", review=found, missing=reviews.missing_texts(found),
                           titles=titles, action_form=ActionForm(), section="reviews", REPLIES=REPLIES,
                           PROGRESS=PROGRESS, FIELD_NAMES=FIELD_NAMES, you_said=[_you_said_state(found, surveys[link.survey_id])
                                                       for link in found.surveys if link.survey_id in surveys],
                           REFUSALS=REFUSALS)


@bp.route("/reviews/<review_id>/edit", methods=["GET", "POST"])
@auth.admin_only
def edit_review(review_id: str) -> Any:
    found = _review_or_404(review_id)
    form = ReviewForm(obj=found)
    ids = [link.survey_id for link in found.surveys]
    audiences = audience_form(ids, {f"audience_{n}_{lang}": getattr(link, f"audience_{lang}")
                                    for n, link in enumerate(found.surveys) for lang in Language})
    if form.validate_on_submit() and audiences.validate():
        given = {survey_id: {lang: getattr(audiences, f"audience_{n}_{lang}").data or "" for lang in Language}
                 for n, survey_id in enumerate(ids)}
        try:
            reviews.save_texts(found, form.topic_id.data, _texts(form, TEXTS), given, auth.current_user().email)
        except reviews.ReviewError:
            db.session.rollback()
            flash(gettext("The review is published, so every text needs Welsh and English. Fill in the "
                          "empty boxes, or unpublish the review first."), "error")
            return _render("admin/reviews/edit.html", [], form=form, review=found, audiences=audiences,
                           ids=ids)
        flash(gettext("The review has been saved."), "success")
        return redirect(url_for("admin.review", review_id=review_id))
    return _render("admin/reviews/edit.html", form_errors(form) + form_errors(audiences), form=form,
                   review=found, audiences=audiences, ids=ids)


@bp.route("/reviews/<review_id>/surveys", methods=["GET", "POST"])
@auth.admin_only
def review_surveys(review_id: str) -> Any:
    found = _review_or_404(review_id)
    surveys = db.session.scalars(select(Survey).order_by(Survey.id)).all()
    form = SurveysForm(data={"surveys": [link.survey_id for link in found.surveys]} if request.method == "GET" else None)
    form.surveys.choices = [SelectChoice(s.id, s.definition.title(auth.current_user().language)) for s in surveys]
    if form.validate_on_submit():
        try:
            reviews.set_surveys(found, form.surveys.data, auth.current_user().email)
        except reviews.ReviewError:
            db.session.rollback()
            flash(gettext("The review is published, so every survey in it needs its audience in Welsh and "
                          "English. Unpublish the review first."), "error")
        else:
            flash(gettext("The review's surveys have been saved."), "success")
        return redirect(url_for("admin.review", review_id=review_id))
    return _render("admin/reviews/surveys.html", form_errors(form), form=form, review=found)


@bp.route("/reviews/<review_id>/publish", methods=["POST"])
@auth.admin_only
def publish_review(review_id: str) -> WerkzeugResponse:
    _review_or_404(review_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        reviews.publish(review_id, auth.current_user().email)
    except reviews.ReviewError:
        db.session.rollback()
        flash(gettext("The review cannot be published yet: some texts are missing. The list shows them."), "error")
    else:
        flash(gettext("The review is published. Everyone can see it now."), "success")
    return redirect(url_for("admin.review", review_id=review_id))


@bp.route("/reviews/<review_id>/unpublish", methods=["POST"])
@auth.admin_only
def unpublish_review(review_id: str) -> WerkzeugResponse:
    _review_or_404(review_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    reviews.unpublish(review_id, auth.current_user().email)
    flash(gettext("The review is a draft again. The public cannot see it."), "success")
    return redirect(url_for("admin.review", review_id=review_id))


@bp.route("/reviews/<review_id>/recommendations/new", methods=["GET", "POST"], defaults={"key": None})
@bp.route("/reviews/<review_id>/recommendations/<key>", methods=["GET", "POST"])
@auth.admin_only
def recommendation(review_id: str, key: str | None) -> Any:
    found = _review_or_404(review_id)
    current = _recommendation_or_404(found, key) if key else None
    form = RecommendationForm(obj=current)
    if request.method == "GET":
        form.response.data = current.response if current and current.response else NO_REPLY
    if form.validate_on_submit():
        try:
            reviews.save_recommendation(found, current, _texts(form, ("text", "addressee")),
                                        form.response.data or None, auth.current_user().email)
        except reviews.ReviewError:
            db.session.rollback()
            flash(gettext("The review is published, so the recommendation needs Welsh and English."), "error")
            return _render("admin/reviews/recommendation.html", [], form=form, review=found, current=current)
        flash(gettext("The recommendation has been saved."), "success")
        return redirect(url_for("admin.review", review_id=review_id))
    return _render("admin/reviews/recommendation.html", form_errors(form), form=form, review=found, current=current)


@bp.route("/reviews/<review_id>/recommendations/<key>/progress", methods=["GET", "POST"])
@auth.admin_only
def add_progress(review_id: str, key: str) -> Any:
    found = _review_or_404(review_id)
    current = _recommendation_or_404(found, key)
    form = ProgressForm(data={"status": current.status} if request.method == "GET" else None)
    if form.validate_on_submit():
        reviews.add_progress(current, form.day.data, form.status.data,
                             {"cy": form.text_cy.data, "en": form.text_en.data}, auth.current_user().email)
        flash(gettext("The progress update has been added."), "success")
        return redirect(url_for("admin.review", review_id=review_id) + f"#recommendation-{key}")
    return _render("admin/reviews/progress.html", form_errors(form), form=form, review=found, current=current,
                   PROGRESS=PROGRESS)


@dataclass(frozen=True)
class YouSaidState:
    """A survey of the review as the console's "You said" section shows it."""
    survey: Survey
    refusal: str | None
    release: Release | None
    chosen: list[str]


def _you_said_state(review: Review, survey: Survey) -> YouSaidState:
    release = you_said.final_release(survey)
    return YouSaidState(survey, you_said.refusal(survey, release), release, you_said.chosen(review, survey.id))


@bp.route("/reviews/<review_id>/you-said/<survey_id>", methods=["GET", "POST"])
@auth.admin_only
def choose_you_said(review_id: str, survey_id: str) -> Any:
    """Choose which questions of a closed survey the review publishes from its final release."""
    found = _review_or_404(review_id)
    survey = db.session.get(Survey, survey_id) if survey_id in {link.survey_id for link in found.surveys} else None
    if survey is None:
        abort(404)
    form = YouSaidForm(data={"questions": you_said.chosen(found, survey_id)} if request.method == "GET" else None)
    lang = auth.current_user().language
    form.questions.choices = [SelectChoice(q.id, plain(q.text(lang))) for q in you_said.publishable(survey.definition)]
    state = _you_said_state(found, survey)
    if state.refusal is None and form.validate_on_submit():
        try:
            release = you_said.publish_questions(found, survey, form.questions.data or [], auth.current_user().email)
        except you_said.YouSaidError as exc:
            db.session.rollback()
            flash(str(REFUSALS[exc.reason]), "error")
        else:
            flash(gettext("The chosen questions are saved. Their figures come from release %(number)s.",
                          number=release.number), "success")
            return redirect(url_for("admin.review", review_id=review_id) + "#you-said")
    refused = request.method == "POST" and state.refusal is not None
    errors = form_errors(form) if request.method == "POST" and state.refusal is None else []
    page, status = _render("admin/reviews/you_said.html", errors, form=form, review=found, state=state,
                           REFUSALS=REFUSALS)
    return page, 400 if refused else status
