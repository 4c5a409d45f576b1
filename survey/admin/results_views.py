"""Analysts' screens: live uptake counts, the results of the latest release (through the same
disclosure control as the export), releases, exports, and the review of comments."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from .. import audit
from ..definition import SurveyDefinition
from ..models import utcnow
from ..results import ExportError
from ..results.aggregate import allowed_breakdowns
from ..results.blocks import question_results
from ..results.breakdowns import BUILT_IN_BREAKDOWNS, CHANNEL_LABELS
from ..results.comments import write_comments_export
from ..results.disclosure import SUPPRESSED, rounded_to_5
from ..results.export import write_export
from ..results.releases import NotEnough, cut_release, latest_release, min_cell_of, releases_of
from ..results.uptake import console_counts
from ..sentences import translated
from ..vocabulary import Language
from . import auth, downloads
from .blueprint import bp, survey_or_404
from .forms import ActionForm, ExportForm
from .survey_views import form_errors

BREAKDOWN_LABELS = {"channel": _l("By channel (public link, kiosk or paper form)"),
                    "language": _l("By the language of the response"), "site": _l("By kiosk site"),
                    "month": _l("By month")}


def _lang() -> str:
    return Language.of(get_locale())


@bp.route("/surveys/<survey_id>/results")
@auth.staff
def dashboard(survey_id: str) -> str:
    record = survey_or_404(survey_id)
    min_cell = min_cell_of(record)
    release = latest_release(survey_id)
    results = question_results(record.definition, release, min_cell, _lang()) if release else []
    audit.record(auth.current_user().email, audit.Action.RESULTS_VIEWED, survey_id,
                 f"release {release.number}" if release else "uptake only")
    return render_template("admin/dashboard.html", record=record, definition=record.definition,
                           counts=console_counts(record), results=results, min_cell=min_cell,
                           release=release, suppressed=SUPPRESSED, channel_labels=CHANNEL_LABELS)


def breakdown_choices(definition: SurveyDefinition, lang: str) -> list[SelectChoice]:
    choices = []
    for name in allowed_breakdowns(definition):
        if name in BUILT_IN_BREAKDOWNS:
            choices.append(SelectChoice(name, str(BREAKDOWN_LABELS.get(name, name))))
        else:
            question = definition.question(name)
            choices.append(SelectChoice(name, gettext("By the answer to: %(question)s",
                                                      question=question.text(lang) if question else name)))
    return choices


def _exports_page(record: Any, form: ExportForm, errors: list[dict[str, str]], problem: str = "") -> tuple[str, int]:
    root = current_app.config["EXPORT_DIR"]
    user = auth.current_user()
    comments = downloads.list_exports(root, record.id, "comments") if auth.may_export_comments(user) else []
    return render_template(
        "admin/exports.html", record=record, definition=record.definition, form=form, errors=errors,
        problem=problem, exports=downloads.list_exports(root, record.id, "aggregate"), comments=comments,
        releases=releases_of(record.id), rounded_to_5=rounded_to_5, min_cell=min_cell_of(record),
        may_cut=user is not None and user.role == auth.ADMIN, action_form=ActionForm()), (400 if errors or problem else 200)


def release_choices(survey_id: str) -> list[SelectChoice]:
    """The releases an export may be made from, newest first."""
    return [SelectChoice(r.number, gettext("Release %(number)s, cut on %(day)s", number=r.number,
                                           day=r.released_on.isoformat()))
            for r in releases_of(survey_id) if r.withdrawn_on is None]


@bp.route("/surveys/<survey_id>/exports", methods=["GET", "POST"])
@auth.staff
def exports(survey_id: str) -> Any:
    record = survey_or_404(survey_id)
    form = ExportForm()
    if not form.is_submitted():
        form.language.data = _lang()
        form.min_cell.data = min_cell_of(record)
    form.breakdowns.choices = breakdown_choices(record.definition, _lang())
    form.release.choices = release_choices(survey_id)
    if not form.is_submitted() and form.release.choices:
        form.release.data = form.release.choices[0].value
    if not form.validate_on_submit():
        return _exports_page(record, form, form_errors(form) if form.is_submitted() else [])
    out = downloads.new_export_dir(current_app.config["EXPORT_DIR"], survey_id, "aggregate")
    try:
        write_export(survey_id, lang=form.language.data, min_cell=form.min_cell.data, release=form.release.data,
                     by=form.breakdowns.data or (), out_dir=out, actor=auth.current_user().email)
    except ExportError as exc:
        reason = translated(exc.args[0])
        return _exports_page(record, form, [], gettext("The export could not be made: %(reason)s", reason=reason))
    flash(gettext("The export is ready to download."), "success")
    return redirect(url_for("admin.exports", survey_id=survey_id) + f"#export-{out.name}")


@bp.route("/surveys/<survey_id>/releases", methods=["POST"])
@auth.admin_only
def make_release(survey_id: str) -> WerkzeugResponse:
    survey_or_404(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        release = cut_release(survey_id, utcnow().date(), auth.current_user().email)
    except NotEnough as short:
        flash(ngettext("No release was made: %(num)d more response is needed first.",
                       "No release was made: %(num)d more responses are needed first.",
                       short.needed - short.new), "error")
        return redirect(url_for("admin.exports", survey_id=survey_id) + "#releases")
    flash(gettext("Release %(number)s is ready.", number=release.number), "success")
    return redirect(url_for("admin.exports", survey_id=survey_id) + "#releases")


def _export_or_404(survey_id: str, kind: str, export_id: str) -> downloads.ConsoleExport:
    survey_or_404(survey_id)
    found = downloads.find_export(current_app.config["EXPORT_DIR"], survey_id, kind, export_id)
    if found is None:
        abort(404)
    return found


def _send(survey_id: str, export: downloads.ConsoleExport, filename: str, action: str) -> WerkzeugResponse:
    path = downloads.file_path(export, filename)
    if path is None:
        abort(404)
    audit.record(auth.current_user().email, action, survey_id, f"{export.kind} export {export.id}: {filename}")
    return send_file(path, as_attachment=True, download_name=f"{survey_id}-{export.id}-{filename}",
                     max_age=0, conditional=False)


@bp.route("/surveys/<survey_id>/exports/<export_id>/<filename>")
@auth.staff
def download_export(survey_id: str, export_id: str, filename: str) -> WerkzeugResponse:
    export = _export_or_404(survey_id, "aggregate", export_id)
    return _send(survey_id, export, filename, audit.Action.EXPORT_DOWNLOADED)


@bp.route("/surveys/<survey_id>/exports/<export_id>.zip")
@auth.staff
def download_zip(survey_id: str, export_id: str) -> WerkzeugResponse:
    export = _export_or_404(survey_id, "aggregate", export_id)
    audit.record(auth.current_user().email, audit.Action.EXPORT_DOWNLOADED, survey_id,
                 f"aggregate export {export.id}: all files (zip)")
    response = current_app.response_class(downloads.zip_bytes(export), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{survey_id}-{export.id}.zip"'
    return response


def _require_comments_permission() -> None:
    if not auth.may_export_comments(auth.current_user()):
        abort(403)


@bp.route("/surveys/<survey_id>/comments", methods=["POST"])
@auth.staff
def make_comments(survey_id: str) -> WerkzeugResponse:
    _require_comments_permission()
    survey_or_404(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    out = downloads.new_export_dir(current_app.config["EXPORT_DIR"], survey_id, "comments")
    try:
        write_comments_export(survey_id, out_dir=out, actor=auth.current_user().email, lang=_lang())
    except ExportError as exc:
        flash(gettext("The export could not be made: %(reason)s", reason=translated(exc.args[0])), "error")
        return redirect(url_for("admin.exports", survey_id=survey_id))
    flash(gettext("The comments export is ready to download."), "success")
    return redirect(url_for("admin.exports", survey_id=survey_id) + f"#comments-{out.name}")


@bp.route("/surveys/<survey_id>/comments/<export_id>/<filename>")
@auth.staff
def download_comments(survey_id: str, export_id: str, filename: str) -> WerkzeugResponse:
    _require_comments_permission()
    export = _export_or_404(survey_id, "comments", export_id)
    return _send(survey_id, export, filename, audit.Action.COMMENTS_DOWNLOADED)
