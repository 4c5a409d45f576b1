"""Quick exit from the public pages, for someone answering on a shared device at home.

"Leave quickly" forgets this browser's unsent answers (on the server and in the browser) and opens a
neutral site (QUICK_EXIT_URL). Kiosks have their own way out, which returns to their start screen.
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect
from werkzeug.wrappers import Response as WerkzeugResponse

from ..security import from_another_site
from . import visits

bp = Blueprint("quick_exit", __name__)


@bp.route("/s/<survey_id>/leave")
def leave(survey_id: str) -> WerkzeugResponse:
    """A plain link (no script needed): wipe, then go somewhere that gives nothing away.

    Followed from another site's page, it wipes nothing: that site cannot sign anyone out here.
    """
    response = redirect(current_app.config["QUICK_EXIT_URL"], code=303)
    response.headers["Cache-Control"] = "no-store"
    if not from_another_site():
        visits.wipe_everything()
        response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
