"""Pages outside any survey, error pages, template helpers and the blueprints' registration."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, render_template, request, session, url_for
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy import text as sql_text
from werkzeug.exceptions import HTTPException

from . import respond
from .extensions import db
from .i18n import OTHER
from .text import paragraphs, plain

bp = Blueprint("pages", __name__)

INFO_PAGES = {"accessibility": "pages/accessibility.html", "cookies": "pages/cookies.html",
              "privacy": "pages/privacy.html"}


@bp.route("/")
def index() -> str:
    """The consultation hub (survey/hub): open, coming soon and closed, in both languages."""
    from .hub.views import hub_page
    return hub_page()


@bp.route("/<any(cy,en):lang>/<any(accessibility,cookies,privacy):name>")
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
    args = dict(request.view_args or {}, lang=OTHER[lang])
    return url_for(request.endpoint, **args, **request.args)


def error_page(error: HTTPException) -> tuple[str, int]:
    return render_template("error.html", error=error), error.code or 500


def csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template("error.html", error=error, expired=True), 400


def template_context() -> dict[str, Any]:
    locale = str(get_locale() or "cy")
    return {"current_lang": locale if locale in ("cy", "en") else "cy", "switch_url": switch_url}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    respond.init_app(app)
    app.context_processor(template_context)
    app.jinja_env.filters.update(paragraphs=paragraphs, plain=plain)
    app.register_error_handler(CSRFError, csrf_error)
    for code in (400, 403, 404, 405, 410, 413, 429, 500):
        app.register_error_handler(code, error_page)
