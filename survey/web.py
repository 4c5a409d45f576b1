"""Pages outside any survey, error pages (a database outage's too) and template helpers."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request, session, url_for
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from .extensions import db
from .respond.views import carried_query
from .vocabulary import LANGUAGE_IN_PATH, Language

bp = Blueprint("pages", __name__)

INFO_PAGES = {"accessibility": "pages/accessibility.html", "cookies": "pages/cookies.html",
              "privacy": "pages/privacy.html"}


@bp.route("/")
def index() -> str:
    """The consultation hub (survey/hub): open, coming soon and closed, in both languages."""
    from .hub.views import hub_page
    return hub_page()


@bp.route(f"/{LANGUAGE_IN_PATH}/<any(accessibility,cookies,privacy):name>")
def info(lang: str, name: str) -> str:
    session["lang"] = lang
    return render_template(INFO_PAGES[name], lang=lang, page_name=name)


@bp.route("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    try:
        db.session.execute(sql_text("SELECT 1"))
    except Exception:  # any failure of the database means unhealthy
        db.session.rollback()
        return {"status": "error", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}, 200


def switch_url(lang: str) -> str | None:
    """This page's address in the other language, for the language switch."""
    if not request.endpoint or "lang" not in (request.view_args or {}):
        return None
    args = dict(request.view_args or {}, lang=Language(lang).other)
    return url_for(request.endpoint, **{**carried_query(), **args})


# The last resort, when even the error page cannot be drawn: plain HTML that needs nothing
# (no template, no translation catalogue); the words are the catalogue's for the error page.
FALLBACK_PAGE = """<!DOCTYPE html>
<html lang="cy">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mae'n ddrwg gennym, mae problem wedi codi – Sorry, there is a problem</title></head>
<body><main>
<h1>Mae'n ddrwg gennym, mae problem wedi codi <span lang="en">Sorry, there is a problem</span></h1>
<p>Ewch yn ôl a rhowch gynnig arall arni.</p><p lang="en">Go back and try again.</p>
</main></body>
</html>
"""


def _drawn(status: int, **context: Any) -> tuple[str, int]:
    """The error page; if drawing it fails too, the plain fallback (the status stays the same)."""
    try:
        return render_template("error.html", **context), status
    except Exception:  # noqa: BLE001 - an error page must never fail in its turn
        current_app.logger.exception("The error page could not be drawn: the plain one was sent")
        return FALLBACK_PAGE, status


def error_page(error: HTTPException) -> tuple[str, int]:
    return _drawn(error.code or 500, error=error)


def csrf_error(error: CSRFError) -> tuple[str, int]:
    return _drawn(400, error=error, expired=True)


def database_outage(error: OperationalError) -> tuple[str, int]:
    """The database went away (restart, failover, cut connection): a 'try again' page, not a crash."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()
    current_app.logger.error("database unavailable", exc_info=error)  # parameters are hidden
    return render_template("error.html", error=ServiceUnavailable()), 503


# Every error page (registered by create_app): the status codes shown with error.html.
ERROR_CODES = (400, 403, 404, 405, 410, 413, 429, 500)


def template_context() -> dict[str, Any]:
    return {"current_lang": Language.of(get_locale()), "switch_url": switch_url}
