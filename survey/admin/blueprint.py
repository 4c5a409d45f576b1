"""The `admin` blueprint: sign-in required everywhere, the console's language, headers, errors."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from babel.dates import format_date, format_datetime
from flask import Blueprint, abort, g, has_request_context, redirect, render_template, request, session
from flask_babel import get_locale, refresh
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from ..extensions import db
from ..models import LONDON, Survey
from ..vocabulary import LANGUAGES, Language
from . import auth
from .accounts import ADMIN, TRANSLATOR

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The only console addresses open to someone not signed in.
PUBLIC_ENDPOINTS = frozenset({"admin.sign_in"})


@bp.before_request
def require_sign_in() -> WerkzeugResponse | None:
    """Every console page needs a signed-in account (views check the role as well)."""
    g.pop("csrf_token", None)  # a token made for this request's session, even where g is shared
    user = auth.current_user()
    if user is not None and session.get("lang") != user.language:
        session["lang"] = user.language
    refresh()  # the console speaks the signed-in person's language
    if user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return auth.sign_in_redirect()
    return None


@bp.after_request
def no_store(response: WerkzeugResponse) -> WerkzeugResponse:
    """Console pages hold personal and unpublished figures: never kept by a browser or proxy."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


@bp.app_template_global()
def staff_user() -> Any:
    """The signed-in account inside console templates (None elsewhere)."""
    return auth.current_user() if has_request_context() and request.blueprint == "admin" else None


@bp.context_processor
def console_context() -> dict[str, Any]:
    user = auth.current_user()
    return {"is_admin": bool(user and user.role == ADMIN), "may_export_comments": auth.may_export_comments(user),
            "is_translator": bool(user and user.role == TRANSLATOR),
            "console_languages": LANGUAGES}


def forbidden(error: HTTPException) -> tuple[str, int]:
    return render_template("admin/forbidden.html"), 403


def not_found(error: HTTPException) -> tuple[str, int]:
    return render_template("admin/not_found.html"), 404


bp.register_error_handler(403, forbidden)
bp.register_error_handler(404, not_found)


def survey_or_404(survey_id: str) -> Survey:
    """The stored survey, or the console's 'not found' page."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    return survey


def back_to(default: str) -> WerkzeugResponse:
    """Redirect to the console page given in the form's `next` field, else to `default`."""
    return redirect(auth.safe_next(request.form.get("next")) or default)


def london_time(moment: datetime | None) -> str:
    """A Europe/London local time as stored (no conversion), such as 1 Rhagfyr 2026, 09:00."""
    if moment is None:
        return ""
    return format_datetime(moment, "d MMMM y, HH:mm", locale=str(get_locale() or Language.CY))


def utc_as_london(moment: datetime | None) -> str:
    """A stored UTC time, shown in Europe/London time."""
    if moment is None:
        return ""
    return format_datetime(moment.replace(tzinfo=timezone.utc), "d MMMM y, HH:mm", tzinfo=LONDON,
                           locale=str(get_locale() or Language.CY))


def long_date(day: date | None) -> str:
    return format_date(day, "d MMMM y", locale=str(get_locale() or Language.CY)) if day else ""
