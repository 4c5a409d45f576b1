"""The public link: /s/ID, its language choice, and the survey's pages in each language."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template
from flask_babel import force_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from ..bilingual import NOT_ANSWERABLE, NOT_FOUND
from ..transactions import reads_without_transaction
from ..i18n import chosen_language
from ..models import Survey
from ..surveys import SurveySnapshot
from ..vocabulary import Channel, Language, SurveyState
from .drafts import survey_and_draft
from .entry import Entry
from .views import register_flow

bp = Blueprint("respond", __name__, url_prefix="/s/<survey_id>")
reads_without_transaction(bp)


class Unavailable(Exception):
    """A survey that cannot be answered through this way in; carries the page to show."""

    def __init__(self, response: WerkzeugResponse) -> None:
        super().__init__()
        self.response = response


def unavailable_page(state: str, survey: Survey | SurveySnapshot | None) -> WerkzeugResponse:
    title, text, status = NOT_ANSWERABLE.get(state, NOT_FOUND)
    with force_locale(Language.CY):  # a bilingual page, Welsh first: its frame (skip link...) in Welsh too
        body = render_template("respond/unavailable.html", title=title, text=text,
                               survey=survey.definition if survey else None)
    return current_app.response_class(body, status=status)


def check_answerable(survey: SurveySnapshot | None, channel: str) -> SurveySnapshot:
    """The survey, if respondents can answer it through this channel now; else Unavailable.

    A survey never opened (a draft, not scheduled either) is unknown to the public: its titles stay
    private until staff open or schedule it.
    """
    state = survey.state if survey is not None else None
    if survey is None or state == SurveyState.DRAFT or channel not in survey.definition.channels:
        raise Unavailable(unavailable_page("unknown", None))
    if state != SurveyState.OPEN:
        raise Unavailable(unavailable_page(state, survey))
    return survey


def public_entry(view_args: dict[str, Any]) -> Entry:
    survey_id = view_args["survey_id"]
    scope = f"s:{survey_id}"
    survey, draft = survey_and_draft(survey_id, scope)
    return Entry(survey=check_answerable(survey, Channel.PUBLIC), channel=Channel.PUBLIC, blueprint="respond",
                 url_args={"survey_id": survey_id}, scope=scope,
                 draft_lifetime=current_app.config["DRAFT_LIFETIME_SECONDS"], draft_lookup=draft)


@bp.route("")
def choose_language(survey_id: str) -> Any:
    """The bilingual language choice, unless the respondent has chosen already."""
    entry = public_entry({"survey_id": survey_id})
    lang = chosen_language()
    if lang:
        return redirect(entry.url("start", lang=lang))
    with force_locale(Language.CY):  # bilingual, Welsh first, whatever the browser prefers
        return render_template("respond/language.html", entry=entry, survey=entry.survey.definition)


@bp.app_errorhandler(Unavailable)
def show_unavailable(error: Unavailable) -> WerkzeugResponse:
    return error.response


register_flow(bp, public_entry)

