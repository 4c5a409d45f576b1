"""What programs read: the Atom feeds and the read-only JSON API of published reviews.

Neither sets a cookie nor reads anything unpublished; both may be cached for a few minutes.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ..results.disclosure import SUPPRESSED
from ..text import plain
from ..vocabulary import LANGUAGES, LANGUAGE_IN_PATH
from .feeds import atom_feed
from .models import Review
from .public import Consultation, published_review, published_reviews, review_surveys
from .you_said import SurveyFigures, released_figures

bp = Blueprint("hub_feeds", __name__)
CACHE = "public, max-age=300"


@bp.route(f"/feeds/{LANGUAGE_IN_PATH}.atom")
def feed(lang: str) -> WerkzeugResponse:
    response = current_app.response_class(atom_feed(lang), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = CACHE
    return response


def _both(target: Any, name: str) -> dict[str, str]:
    return {lang: target.text(name, lang) for lang in LANGUAGES}


def _moment(value: Any) -> str | None:
    return value.isoformat(timespec="minutes") if value is not None else None


def _survey(item: Consultation) -> dict[str, Any]:
    definition = item.survey.definition
    return {"id": item.id, "title": {lang: definition.title(lang) for lang in LANGUAGES}, "phase": item.phase,
            "opens": _moment(item.survey.opens_at), "closes": _moment(item.closing),
            "audience": item.audience,
            "url": url_for("respond.choose_language", survey_id=item.id, _external=True) if item.link_shown else None}


def _figure(text: str) -> int | float | None:
    """A figure as released: a number, or None where it is hidden ([c]) or has no base."""
    if text in ("", SUPPRESSED):
        return None
    return float(text) if "." in text else int(text)


def _released(item: SurveyFigures) -> dict[str, Any]:
    """One survey's published questions with their figures exactly as its release gives them: each
    hidden figure is null, with "suppressed" true (fewer than min_cell, or within a hidden base)."""
    release = item.published.release
    questions = []
    for cy, en in zip(item.blocks["cy"], item.blocks["en"]):
        questions.append({
            "question": cy["question_id"], "row": cy["row_id"] or None,
            "text": {"cy": plain(cy["question"]), "en": plain(en["question"])},
            "row_label": {"cy": cy["row"], "en": en["row"]} if cy["row_id"] else None,
            "base": _figure(cy["base"]), "base_suppressed": cy["base"] == SUPPRESSED,
            "options": [{"value": a["value"], "label": {"cy": a["label"], "en": b["label"]},
                         "count": _figure(a["count"]), "percent": _figure(a["percent"]),
                         "suppressed": a["count"] == SUPPRESSED}
                        for a, b in zip(cy["options"], en["options"])]})
    return {"survey": item.published.survey.id,
            "release": {"number": release.number, "cut": release.released_on.isoformat(), "final": release.final},
            "min_cell": item.published.min_cell, "questions": questions}


def review_summary(review: Review) -> dict[str, Any]:
    return {"id": review.id, "title": _both(review, "title"), "type": _both(review, "kind"),
            "topic": {"id": review.topic_id, **_both(review, "topic")},
            "published": review.published_at.isoformat(timespec="seconds") + "Z" if review.published_at else None,
            "url": {lang: url_for("hub.review_page", review_id=review.id, lang=lang, _external=True) for lang in LANGUAGES},
            "api": url_for("hub_feeds.api_review", review_id=review.id, _external=True)}


def review_detail(review: Review) -> dict[str, Any]:
    return {**review_summary(review), "summary": _both(review, "summary"), "findings": _both(review, "findings"),
            "surveys": [_survey(item) for item in review_surveys(review)],
            "you_said": [_released(item) for item in released_figures(review)],
            "recommendations": [
                {"id": r.key, "number": number, "text": _both(r, "text"), "addressee": _both(r, "addressee"),
                 "response": r.response, "status": r.status,
                 "updates": [{"date": u.day.isoformat(), "status": u.status, "text": {"cy": u.text_cy, "en": u.text_en},
                              "added": u.added_at.isoformat(timespec="seconds") + "Z"} for u in r.updates]}
                for number, r in enumerate(review.recommendations, start=1)]}


def _json(body: dict[str, Any]) -> WerkzeugResponse:
    response = current_app.json.response(body)
    response.headers["Cache-Control"] = CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"  # public, read-only, no cookies
    return response


@bp.route("/api/reviews")
def api_reviews() -> WerkzeugResponse:
    return _json({"reviews": [review_summary(r) for r in published_reviews()]})


@bp.route("/api/reviews/<review_id>")
def api_review(review_id: str) -> WerkzeugResponse:
    review = published_review(review_id)
    if review is None:
        response = _json({"error": "There is no published review with this id."})
        response.status_code = 404
        return response
    return _json(review_detail(review))
