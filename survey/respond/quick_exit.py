"""Quick exit from the public pages, for someone answering on a shared device at home.

"Leave quickly" forgets this browser's unsent answers (on the server and in the browser) and opens a
neutral site in the respondent's language (QUICK_EXIT_URL_CY, QUICK_EXIT_URL_EN). Kiosks have their
own way out, which returns to their start screen (kiosk/views.py).
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, session
from werkzeug.wrappers import Response as WerkzeugResponse

from ..i18n import preferred_language
from ..security import from_another_site
from ..vocabulary import Language
from . import drafts

bp = Blueprint("quick_exit", __name__)

# The setting that names where "Leave quickly" goes, for each language.
DESTINATION = {Language.CY: "QUICK_EXIT_URL_CY", Language.EN: "QUICK_EXIT_URL_EN"}


def destination() -> str:
    """The neutral site in the respondent's language: the one they chose when they started, else
    their browser's; English, as before there was a setting per language, when neither is known."""
    lang = preferred_language(Language.EN)
    return current_app.config[DESTINATION[lang]]


def wipe_everything() -> None:
    """Delete every draft this session holds (any survey, any way in), then empty the session."""
    for key in [k for k in session if k.startswith("draft:")]:
        drafts.discard_draft(key.removeprefix("draft:"))
    session.clear()


@bp.route("/s/<survey_id>/leave")
def leave(survey_id: str) -> WerkzeugResponse:
    """A plain link (no script needed): wipe, then go somewhere that gives nothing away.

    Followed from another site's page, it wipes nothing: that site cannot sign anyone out here.
    """
    response = redirect(destination(), code=303)
    response.headers["Cache-Control"] = "no-store"
    if not from_another_site():
        wipe_everything()
        response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
