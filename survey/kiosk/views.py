"""The kiosk link: /k/TOKEN, its start screen, the survey in kiosk mode, and wiping a visit.

The survey's pages are the respondent flow (respond/views.py) under this blueprint, resolved to a
kiosk Entry: responses carry the channel "kiosk" and the link's site. Every kiosk response is
sent with `Cache-Control: no-store`, so nothing of one person can come back from the browser's
cache for the next.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound, TooManyRequests
from werkzeug.wrappers import Response as WerkzeugResponse

from ..transactions import reads_without_transaction
from ..extensions import csrf, db
from ..models import Survey
from ..respond import Unavailable
from ..respond.entry import Entry
from ..respond.views import register_flow
from ..vocabulary import Channel, SurveyState
from . import messages, visits
from .links import Reason, active_link, get_link
from .messages import REFUSALS, kiosk_texts

bp = Blueprint("kiosk", __name__, url_prefix="/k/<token>")
reads_without_transaction(bp)

CLEAR_SITE_DATA = '"cache", "cookies", "storage"'
NO_STORE = "no-store"


def refusal(reason: str, survey: Survey | None = None) -> WerkzeugResponse:
    """The bilingual page shown instead of a survey, with the status that fits the reason."""
    title, body, status = REFUSALS[reason]
    html = render_template("kiosk/refused.html", title=title, body=body,
                           survey_title=survey.definition.title if survey else None)
    return current_app.response_class(html, status=status)


def kiosk_entry(view_args: dict[str, Any]) -> Entry:
    """The kiosk way in for a token; raises Unavailable (with its page) when it cannot be used."""
    token = view_args["token"]
    found = active_link(token)
    if isinstance(found, str):
        raise Unavailable(refusal(found))
    survey = db.session.get(Survey, found.survey_id)
    if survey is None or Channel.KIOSK not in survey.definition.channels:
        raise Unavailable(refusal(Reason.UNKNOWN))
    state = survey.state
    if state != SurveyState.OPEN:
        raise Unavailable(refusal(state, survey))
    return Entry(survey=survey, channel=Channel.KIOSK, blueprint="kiosk", url_args={"token": token},
                 scope=visits.scope_for(token), draft_lifetime=visits.lifetime(current_app.config),
                 site=found.site, extra={"link": found})


@bp.route("")
def start_screen(token: str) -> str:
    """The start screen: the title in both languages and the language choice. A new visit begins."""
    visits.wipe(token)
    visits.forget_idle_drafts(visits.lifetime(current_app.config))
    entry = kiosk_entry({"token": token})
    return render_template("kiosk/start.html", entry=entry, survey=entry.survey.definition)


@bp.route("/reset", methods=["POST"])
@csrf.exempt  # it can only wipe the caller's own visit, and must work from any page, however old;
# posts from other sites are refused before it runs (security.refuse_posts_from_other_sites)
def reset(token: str) -> WerkzeugResponse:
    """Leave quickly / Finish: forget this visit on the server and in the browser, then start again."""
    if get_link(token) is None:  # a made-up token wipes nothing (even a revoked link's kiosk may leave)
        return refusal(Reason.UNKNOWN)
    visits.wipe(token)
    response = redirect(url_for("kiosk.start_screen", token=token), code=303)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.route("/still-here", methods=["POST"])
@csrf.exempt  # it can only keep the caller's own draft, and is sent with navigator.sendBeacon
def still_here(token: str) -> tuple[str, int]:
    """The person is still using the kiosk: their draft's idle time starts again."""
    visits.keep_alive(token, visits.lifetime(current_app.config))
    return "", 204


def _start_again_page(title: object, body: object, status: int) -> tuple[str, int]:
    """A problem page inside a kiosk: both languages, no way off it, and a button back to the start."""
    token = (request.view_args or {}).get("token", "")
    return render_template("kiosk/refused.html", title=title, body=body, survey_title=None,
                           start_again_url=url_for("kiosk.reset", token=token)), status


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> tuple[str, int]:
    return _start_again_page(messages.FORM_EXPIRED_TITLE, messages.FORM_EXPIRED_BODY, 400)


@bp.errorhandler(TooManyRequests)
def too_many(error: TooManyRequests) -> tuple[str, int]:
    """This kiosk link's limit (survey/limits.py): both languages, and the same page to try again."""
    return render_template("kiosk/refused.html", title=messages.TOO_MANY_TITLE, body=messages.TOO_MANY_BODY,
                           survey_title=None, try_again_url=request.path), 429


@bp.errorhandler(NotFound)
def page_not_found(error: NotFound) -> tuple[str, int]:
    return _start_again_page(messages.PAGE_NOT_FOUND_TITLE, messages.PAGE_NOT_FOUND_BODY, 404)


@bp.context_processor
def kiosk_context() -> dict[str, Any]:
    """The kiosk's own text in both languages, and its bilingual messages, for its templates."""
    config = current_app.config
    return {"kiosk_text": kiosk_texts(config["KIOSK_PROMPT_SECONDS"], config["KIOSK_THANKS_SECONDS"]),
            "kiosk_messages": messages}


@bp.after_request
def never_store(response: WerkzeugResponse) -> WerkzeugResponse:
    """No kiosk page may be kept by the browser, shown from history, indexed or sent as a referrer."""
    response.headers["Cache-Control"] = NO_STORE
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


register_flow(bp, kiosk_entry)
