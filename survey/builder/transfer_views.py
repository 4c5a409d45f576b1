"""The builder's other pages: Welsh text, YAML in and out, versions, storing the survey,
translation files in and out, and the preview on the real respondent pages."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from werkzeug.wrappers import Response as WerkzeugResponse

from ..admin import auth
from ..admin.blueprint import bp
from ..definition import DefinitionError
from ..definition.loader import definition_hash
from ..models import parsed_definition
from ..respond import views as respondent
from ..respond.entry import Entry
from ..sentences import translated
from ..surveys import SurveyError
from ..vocabulary import LANGUAGES, LANGUAGE_IN_PATH, Channel, Language
from .. import flow
from . import document, edits, store, translation
from .views import checked_post, current_or_404, page_context, refused, save_or_error

MAX_UPLOAD_NOTE = 254


def _download(body: bytes | str, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---------------------------------------------------------------- Welsh text, for translators too

@bp.route("/builder/<survey_id>/welsh", methods=["GET", "POST"])
@auth.builders
def builder_welsh(survey_id: str) -> Any:
    """Every text, English beside an editable Welsh box: the translator's page (admins' too)."""
    found = current_or_404(survey_id)
    fields = list(document.text_fields(found.doc))
    if request.method == "GET":
        return render_template("admin/builder/welsh.html", **page_context(survey_id, found), fields=fields,
                               text_at=document.text_at, errors=[])
    checked_post()
    welsh = {f.key: request.form.get(f"cy-{f.key}", "") for f in fields if f"cy-{f.key}" in request.form}
    new = edits.apply_welsh(found.doc, welsh)
    if new == found.doc:
        flash(gettext("Nothing was changed."), "success")
        return redirect(url_for("admin.builder_document", survey_id=survey_id))
    error = save_or_error(survey_id, new, "Welsh text")
    if error:
        return render_template("admin/builder/welsh.html", **page_context(survey_id, found, new), fields=fields,
                               text_at=document.text_at, errors=refused(error, "welsh")), 400
    flash(gettext("The Welsh text has been saved."), "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id))


# ---------------------------------------------------------------- YAML

@bp.route("/builder/<survey_id>/definition.yaml")
@auth.builders
def builder_yaml(survey_id: str) -> Response:
    return _download(document.to_yaml(current_or_404(survey_id).doc), f"{survey_id}.yaml", "application/yaml")


@bp.route("/builder/upload", methods=["GET", "POST"])
@auth.admin_only
def builder_upload() -> Any:
    """A definition file into the builder: a new survey, or a new version of one (rules still apply)."""
    if request.method == "GET":
        return render_template("admin/builder/upload.html", section="builder", errors=[], problems=[])
    checked_post()
    upload = request.files.get("definition")
    if upload is None or not upload.filename:
        return render_template("admin/builder/upload.html", section="builder", problems=[], errors=[
            {"anchor": "definition", "message": gettext("Choose a survey definition file")}]), 400
    try:
        doc = document.read_yaml(upload.read())
    except document.ShapeError as exc:
        return render_template("admin/builder/upload.html", section="builder", problems=[str(exc)], errors=[
            {"anchor": "definition", "message": gettext("The builder cannot open this file")}]), 400
    user = auth.current_user()
    note = f"uploaded {upload.filename}"[:MAX_UPLOAD_NOTE]
    try:
        if store.current(doc["id"]) is None:
            store.start(doc, user.email, note)
        else:
            store.save(doc["id"], doc, user.email, user.role, note)
    except store.BuilderError as exc:
        return render_template("admin/builder/upload.html", section="builder", problems=[], errors=refused(
            exc, "definition")), 400
    flash(gettext("The file has been opened in the builder as a new version. Nothing is stored as the survey "
                  "until you store it."), "success")
    return redirect(url_for("admin.builder_document", survey_id=doc["id"]))


# ---------------------------------------------------------------- versions and storing the survey

@bp.route("/builder/<survey_id>/versions")
@auth.builders
def builder_versions(survey_id: str) -> str:
    found = current_or_404(survey_id)
    return render_template("admin/builder/versions.html", **page_context(survey_id, found),
                           versions=store.history(survey_id), errors=[])


@bp.route("/builder/<survey_id>/versions/<int:number>.yaml")
@auth.builders
def builder_version_yaml(survey_id: str, number: int) -> Response:
    saved = store.version(survey_id, number) or abort(404)
    return _download(document.to_yaml(json.loads(saved.definition_json)), f"{survey_id}-version-{number}.yaml",
                     "application/yaml")


@bp.route("/builder/<survey_id>/versions/<int:number>/restore", methods=["POST"])
@auth.admin_only
def builder_restore(survey_id: str, number: int) -> Any:
    """Undo: an earlier version becomes the newest (the versions after it are kept)."""
    checked_post()
    found = current_or_404(survey_id)
    saved = store.version(survey_id, number) or abort(404)
    error = save_or_error(survey_id, json.loads(saved.definition_json), f"restored version {number}")
    if error:
        return render_template("admin/builder/versions.html", **page_context(survey_id, found),
                               versions=store.history(survey_id), errors=refused(error, "versions")), 400
    flash(gettext("Version %(number)d is now the newest version.", number=number), "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id))


def _first_reason(error: Exception) -> str:
    """The first thing wrong, in the reader's language (a path inside the file stays as it is)."""
    if isinstance(error, DefinitionError) and error.problems:
        path, message = error.problems[0]
        return f"{path}: {translated(message)}" if path else translated(message)
    return translated(error.args[0]) if error.args else ""


@bp.route("/builder/<survey_id>/store", methods=["POST"])
@auth.admin_only
def builder_store(survey_id: str) -> Any:
    """Store the newest version as the survey, as uploading its file would."""
    checked_post()
    found = current_or_404(survey_id)
    try:
        result = store.publish(survey_id, auth.current_user().email)
    except (DefinitionError, SurveyError, store.BuilderError) as exc:
        message = gettext("The survey could not be stored: %(reason)s", reason=_first_reason(exc))
        return render_template("admin/builder/document.html", **page_context(survey_id, found),
                               errors=[{"anchor": "store", "message": message}]), 400
    if result.created:
        flash(gettext("The survey has been stored. It is not open yet: check the preview first."), "success")
    elif result.changed:
        flash(gettext("The survey has been updated."), "success")
    else:
        flash(gettext("The survey was already the same: nothing changed."), "success")
    return redirect(url_for("admin.survey", survey_id=survey_id))


# ---------------------------------------------------------------- translation files

@bp.route("/builder/<survey_id>/translation.xlf")
@auth.builders
def builder_xliff(survey_id: str) -> Response:
    return _download(translation.to_xliff(current_or_404(survey_id).doc), f"{survey_id}-en-cy.xlf",
                     "application/xliff+xml")


@bp.route("/builder/<survey_id>/translation.csv")
@auth.builders
def builder_translation_csv(survey_id: str) -> Response:
    return _download(translation.to_csv(current_or_404(survey_id).doc), f"{survey_id}-en-cy.csv",
                     "text/csv; charset=utf-8")


@bp.route("/builder/<survey_id>/translation", methods=["GET", "POST"])
@auth.builders
def builder_translation(survey_id: str) -> Any:
    """Download the texts for translation; upload the translation and see what it would change."""
    found = current_or_404(survey_id)
    context = page_context(survey_id, found)
    if request.method == "GET":
        return render_template("admin/builder/translation.html", **context, errors=[], changes=None)
    checked_post()
    upload = request.files.get("translation")
    if upload is None or not upload.filename:
        return render_template("admin/builder/translation.html", **context, changes=None, errors=[
            {"anchor": "translation", "message": gettext("Choose a translation file (XLIFF or CSV)")}]), 400
    try:
        welsh = translation.read_translation(upload.filename, upload.read())
    except translation.TranslationFileError as exc:
        return render_template("admin/builder/translation.html", **context, changes=None, errors=[
            {"anchor": "translation", "message": gettext("The file could not be read: %(reason)s", reason=str(exc))}]), 400
    changes, unknown = translation.changes(found.doc, welsh)
    return render_template("admin/builder/translation.html", **context, errors=[], changes=changes, unknown=unknown,
                           changes_json=json.dumps({c.key: c.after for c in changes}, ensure_ascii=False))


@bp.route("/builder/<survey_id>/translation/apply", methods=["POST"])
@auth.builders
def builder_translation_apply(survey_id: str) -> Any:
    """Apply the Welsh shown on the previous page (only Welsh: the texts are named by their keys)."""
    checked_post()
    found = current_or_404(survey_id)
    try:
        welsh = json.loads(request.form.get("welsh") or "{}")
    except ValueError:
        abort(400)
    if not isinstance(welsh, dict) or not all(isinstance(v, str) for v in welsh.values()):
        abort(400)
    new = edits.apply_welsh(found.doc, {str(k): v for k, v in welsh.items()})
    error = save_or_error(survey_id, new, "translation imported")
    if error:
        return render_template("admin/builder/translation.html", **page_context(survey_id, found), changes=None,
                               errors=refused(error, "translation")), 400
    flash(ngettext("%(num)d Welsh text has been changed.", "%(num)d Welsh texts have been changed.", len(welsh)),
          "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id))


# ---------------------------------------------------------------- preview: the real respondent pages

@dataclass(frozen=True)
class PreviewEntry(Entry):
    """The respondent's pages drawn from a draft: addresses lead around the preview, nothing is stored."""

    def url(self, view: str, **kwargs: Any) -> str:
        if view == "page":
            return url_for("admin.builder_preview_page", **self.url_args, **kwargs)
        return url_for("admin.builder_preview", **self.url_args, lang=kwargs.get("lang", Language.CY))


class NotReady(Exception):
    """A draft the loader refuses cannot be drawn as respondents would see it."""


@bp.errorhandler(NotReady)
def preview_not_ready(error: NotReady) -> WerkzeugResponse:
    flash(gettext("The preview shows a survey only when it has nothing left to put right."), "error")
    return redirect(url_for("admin.builder_document", survey_id=str(error)))


def _preview_entry(survey_id: str) -> PreviewEntry:
    doc = current_or_404(survey_id).doc
    try:
        checked = document.definition_of(doc)
    except DefinitionError:
        raise NotReady(survey_id) from None
    # One parsed object per version of the text, shared with the stored survey's when they are the
    # same, so the respondents' pages keep what they draw of it as they do for a stored survey.
    definition = parsed_definition(definition_hash(checked), checked.to_json())
    state = type("PreviewState", (), {"definition": definition, "id": survey_id})()
    return PreviewEntry(survey=state, channel=Channel.PUBLIC, blueprint="admin", url_args={"survey_id": survey_id},
                        scope=f"preview:{survey_id}", draft_lifetime=0)


@bp.route(f"/builder/<survey_id>/preview/{LANGUAGE_IN_PATH}")
@auth.builders
def builder_preview(survey_id: str, lang: str) -> str:
    return respondent.start(_preview_entry(survey_id), lang)


@bp.route(f"/builder/<survey_id>/preview/{LANGUAGE_IN_PATH}/p/<page_id>", methods=["GET", "POST"])
@auth.builders
def builder_preview_page(survey_id: str, lang: str, page_id: str) -> Any:
    """A page as respondents see it; Continue checks the answers and goes on, keeping nothing."""
    entry = _preview_entry(survey_id)
    definition = entry.survey.definition
    page = definition.page(page_id) or abort(404)
    if request.method == "GET":
        return respondent.render_page(entry, lang, page, {}, {}, [])
    form = {key: request.form.getlist(key) for key in request.form}
    switch_to = form.pop("switch_language", [""])[0]
    if switch_to in LANGUAGES:
        return redirect(entry.url("page", lang=switch_to, page_id=page_id))
    answers, errors = flow.read_page(definition, page, form, {})
    if errors:
        return respondent.render_page(entry, lang, page, {}, form, errors)
    following = flow.next_page(definition, answers, page)
    return redirect(entry.url("page", lang=lang, page_id=following.id) if following else entry.url("start", lang=lang))
