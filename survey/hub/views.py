"""The public hub's pages: the consultations at /, a page per review, the embeddable list."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import security
from ..results.disclosure import SUPPRESSED
from ..i18n import chosen_language
from ..vocabulary import LANGUAGE_IN_PATH, Language
from . import messages
from .public import Phase, consultations, published_review, published_reviews, review_surveys
from .you_said import released_figures

bp = Blueprint("hub", __name__)
HELPERS: dict[str, Any] = {"m": messages, "REPLIES": messages.REPLIES, "PROGRESS": messages.PROGRESS,
                           "REVIEW_STATES": messages.REVIEW_STATES, "Phase": Phase,
                           "suppressed": SUPPRESSED}
LANG = LANGUAGE_IN_PATH


def when(moment: datetime | date | None, lang: str) -> str:
    """A date (and time, if it has one) in the language given: 31 Ionawr 2027, 23:59."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        text = format_datetime(moment, "d MMMM y, HH:mm", locale=lang)
        return text[:-7] if text.endswith(", 00:00") else text
    return format_date(moment, "d MMMM y", locale=lang)


def hub_page() -> str:
    """The hub at /: shown in both languages at once, Welsh first, whatever was chosen before."""
    topic = request.args.get("topic") or None
    hub = consultations(topic)
    chosen = next((t for t in hub.topics if t.id == topic), None)
    with force_locale(Language.CY):
        return render_template("hub/index.html", hub=hub, chosen=chosen, when=when, **HELPERS)


@bp.route(f"/r/<review_id>/{LANG}")
def review_page(review_id: str, lang: str) -> str:
    review = published_review(review_id)
    if review is None:
        abort(404)
    session["lang"] = lang
    return render_template("hub/review.html", lang=lang, review=review, surveys=review_surveys(review),
                           you_said=released_figures(review, (lang,)), when=when, **HELPERS)


@bp.route("/r/<review_id>")
def review_in_language(review_id: str) -> WerkzeugResponse:
    """The review in the language chosen before (Welsh if none)."""
    if published_review(review_id) is None:
        abort(404)
    return redirect(url_for("hub.review_page", review_id=review_id, lang=chosen_language() or Language.CY))


@bp.route(f"/embed/{LANG}")
def embed(lang: str) -> WerkzeugResponse:
    """A plain list for the office's own website to show in an iframe: no cookies, no scripts."""
    hub = consultations()
    body = render_template("hub/embed.html", lang=lang, hub=hub, reviews=published_reviews(), when=when,
                           **HELPERS)
    response = current_app.response_class(body, mimetype="text/html")
    security.allow_framing(response, current_app.config.get("EMBED_FRAME_ANCESTORS") or "*")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


