"""Surveys: the list, uploading a definition, previewing it, and opening, closing, scheduling."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from ..definition import DefinitionError
from ..models import Survey
from ..results.uptake import console_counts
from ..sentences import translated
from ..surveys import SurveyError
from ..web import error_page
from . import accounts, auth, operations
from .blueprint import bp, survey_or_404
from .forms import ActionForm, ScheduleForm, UploadForm


def form_errors(form: Any) -> list[dict[str, str]]:
    """A form's errors for the error summary: each links to its field."""
    return [{"anchor": field.id, "message": str(message)}
            for field in form for message in field.errors if field.name != "csrf_token"]


@bp.route("/")
@auth.signed_in
def index() -> Any:
    if auth.current_user().role == accounts.TRANSLATOR:
        return redirect(url_for("admin.builder_index"))  # translators work in the builder only
    surveys = operations.all_surveys()
    return render_template("admin/surveys.html", surveys=surveys, state_of=operations.state_of,
                           counts={s.id: console_counts(s) for s in surveys})


@bp.route("/surveys/upload", methods=["GET", "POST"])
@auth.admin_only
def upload() -> Any:
    form = UploadForm()
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        upload_file = form.definition.data
        filename = upload_file.filename or "upload.yaml"
        try:
            definition = operations.read_upload(filename, upload_file.read())
            result = operations.store_upload(definition, auth.current_user().email, filename)
        except DefinitionError as exc:
            problems = shown_problems(exc)
        except SurveyError as exc:
            problems = [("", translated(exc.args[0]))]
        else:
            if result.created:
                flash(gettext("The survey has been loaded. It is not open yet: check the preview first."), "success")
            elif result.changed:
                flash(gettext("The survey's text has been updated."), "success")
            else:
                flash(gettext("The file is the same as the survey already loaded: nothing changed."), "success")
            return redirect(url_for("admin.preview", survey_id=definition.id))
    errors = form_errors(form)
    if problems:
        errors.append({"anchor": form.definition.id,
                       "message": gettext("The survey could not be loaded: the file has problems")})
    status = 400 if errors else 200
    return render_template("admin/upload.html", form=form, errors=errors, problems=problems,
                           max_kb=_max_kb()), status


def shown_problems(error: DefinitionError) -> list[tuple[str, str]]:
    """Each problem as where it is (the file and the path inside it) and what is wrong, in the reader's language."""
    return [(f"{error.source}: {path}" if path else error.source, translated(message))
            for path, message in error.problems]


def _max_kb() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 64 * 1024) // 1024


def too_large(error: HTTPException) -> Any:
    """A file over the request size limit: say so beside the file field."""
    if request.endpoint != "admin.upload":
        return error_page(error)
    form = UploadForm(formdata=None)
    message = gettext("The file is too big. The largest file you can upload is %(size)d KB.", size=_max_kb())
    form.definition.errors = [message]
    return render_template("admin/upload.html", form=form, errors=[{"anchor": form.definition.id, "message": message}],
                           problems=[], max_kb=_max_kb()), 413


bp.register_error_handler(413, too_large)


@bp.route("/surveys/<survey_id>")
@auth.staff
def survey(survey_id: str) -> str:
    record = survey_or_404(survey_id)
    return render_template("admin/survey.html", record=record, definition=record.definition,
                           state=operations.state_of(record), counts=console_counts(record),
                           action_form=ActionForm())


@bp.route("/surveys/<survey_id>/preview")
@auth.staff
def preview(survey_id: str) -> str:
    record = survey_or_404(survey_id)
    return render_template("admin/preview.html", record=record, definition=record.definition,
                           state=operations.state_of(record), action_form=ActionForm())


def _checked_action(survey_id: str) -> Survey:
    record = survey_or_404(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return record


@bp.route("/surveys/<survey_id>/open", methods=["POST"])
@auth.admin_only
def open_survey(survey_id: str) -> WerkzeugResponse:
    _checked_action(survey_id)
    operations.open_survey(survey_id, auth.current_user().email)
    flash(gettext("The survey is open."), "success")
    return redirect(url_for("admin.survey", survey_id=survey_id))


@bp.route("/surveys/<survey_id>/close", methods=["POST"])
@auth.admin_only
def close_survey(survey_id: str) -> WerkzeugResponse:
    _checked_action(survey_id)
    operations.close_survey(survey_id, auth.current_user().email)
    flash(gettext("The survey is closed. No one can answer it now."), "success")
    return redirect(url_for("admin.survey", survey_id=survey_id))


@bp.route("/surveys/<survey_id>/schedule", methods=["GET", "POST"])
@auth.admin_only
def schedule(survey_id: str) -> Any:
    record = survey_or_404(survey_id)
    form = ScheduleForm(obj=record)
    if form.validate_on_submit():
        operations.schedule_survey(survey_id, form.opens_at.data, form.closes_at.data, auth.current_user().email)
        flash(gettext("The dates have been saved."), "success")
        return redirect(url_for("admin.survey", survey_id=survey_id))
    errors = form_errors(form)
    return render_template("admin/schedule.html", record=record, definition=record.definition, form=form,
                           errors=errors), (400 if errors else 200)
