"""The survey builder's pages in the console: plain forms posting to the server, views kept thin.

Each view reads its form (formdata), makes a new document (edits), and saves it as a new version
(store), which checks who may change what. Everything works without JavaScript.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from ..admin import auth
from ..admin.blueprint import bp
from ..admin.forms import ActionForm
from ..definition.loader import format_path
from ..models import Survey
from ..extensions import db
from ..sentences import translated
from ..surveys import has_responses
from . import document, edits, formdata, store
from .document import Doc

QUESTION_TYPE_NAMES = {  # what staff call each type
    "single_choice": _l("One answer from a list"), "multiple_choice": _l("Any number of answers from a list"),
    "scale": _l("A scale, or a grid of scales"), "text": _l("A written answer"), "number": _l("A number")}


def current_or_404(survey_id: str) -> store.Current:
    found = store.current(survey_id)
    if found is None:
        abort(404)
    return found


def checked_post() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def page_context(survey_id: str, found: store.Current, doc: Doc | None = None) -> dict[str, Any]:
    """What every builder page shows about the survey being built."""
    doc = doc if doc is not None else found.doc
    stored = db.session.get(Survey, survey_id)
    problems = [(path, translated(message)) for path, message in document.problems(doc)]
    return {"survey_id": survey_id, "doc": doc, "found": found, "stored": stored,
            "frozen": bool(stored and has_responses(survey_id)),
            "missing": document.missing_welsh(doc), "missing_paths": {f.path for f in document.missing_welsh(doc)},
            "problems": problems, "problem_place": document.problem_place, "action_form": ActionForm(),
            "section": "builder", "type_names": QUESTION_TYPE_NAMES, "format_path": format_path}


def save_or_error(survey_id: str, new: Doc, note: str) -> store.BuilderError | None:
    user = auth.current_user()
    try:
        store.save(survey_id, new, user.email, user.role, note)
    except store.BuilderError as exc:
        return exc
    return None


def saved_or_errors(survey_id: str, new: Doc, note: str, anchor: str) -> list[dict[str, str]]:
    """Save the new version; the refusal for the error summary when it may not be saved, else []."""
    error = save_or_error(survey_id, new, note)
    return refused(error, anchor) if error else []


def refused(error: store.BuilderError, anchor: str) -> list[dict[str, str]]:
    """The refusal for the error summary; its detail (the loader's words, in English) shown below it."""
    return [{"anchor": anchor, "message": str(error), "detail": error.detail}]


# ---------------------------------------------------------------- the list, new surveys, copies

@bp.route("/builder/")
@auth.builders
def builder_index() -> str:
    surveys = list(db.session.scalars(select(Survey).order_by(Survey.id)))
    return render_template("admin/builder/index.html", surveys=surveys, drafts=store.draft_only_ids(),
                           latest=store.latest, action_form=ActionForm(), section="builder",
                           errors=[], new_id="", copy_id="", copy_from="")


def _index_with_error(anchor: str, message: str, **values: str) -> tuple[str, int]:
    surveys = list(db.session.scalars(select(Survey).order_by(Survey.id)))
    context = {"new_id": "", "copy_id": "", "copy_from": "", **values}
    return render_template("admin/builder/index.html", surveys=surveys, drafts=store.draft_only_ids(),
                           latest=store.latest, action_form=ActionForm(), section="builder",
                           errors=[{"anchor": anchor, "message": message}], **context), 400


UNDO = _l("It has been deleted. To undo this, go back to the version before on the Versions page.")
RESERVED_IDS = frozenset({"new", "copy", "upload"})  # the builder's own addresses


def _free_id_problem(survey_id: str) -> str | None:
    if not document.SLUG.match(survey_id) or not 2 <= len(survey_id) <= 63 or survey_id in RESERVED_IDS:
        return gettext("Enter an id of 2 to 63 lowercase letters, digits and hyphens, such as health-survey-2027")
    if store.id_in_use(survey_id):
        return gettext("There is already a survey with this id. Choose another id.")
    return None


@bp.route("/builder/new", methods=["POST"])
@auth.admin_only
def builder_new() -> Any:
    checked_post()
    survey_id = (request.form.get("new_id") or "").strip()
    problem = _free_id_problem(survey_id)
    if problem:
        return _index_with_error("new_id", problem, new_id=survey_id)
    store.start(document.new_document(survey_id), auth.current_user().email, "started")
    flash(gettext("The new survey has been made. Fill in its settings, then add pages and questions."), "success")
    return redirect(url_for("admin.builder_settings", survey_id=survey_id))


@bp.route("/builder/copy", methods=["POST"])
@auth.admin_only
def builder_copy() -> Any:
    checked_post()
    source_id = request.form.get("copy_from") or ""
    survey_id = (request.form.get("copy_id") or "").strip()
    source = store.current(source_id)
    if source is None:
        return _index_with_error("copy_from", gettext("Choose the survey to copy"), copy_id=survey_id)
    problem = _free_id_problem(survey_id)
    if problem:
        return _index_with_error("copy_id", problem, copy_id=survey_id, copy_from=source_id)
    store.start(store.copy_of(source.doc, survey_id), auth.current_user().email, f"copied from {source_id}")
    flash(gettext("The copy has been made. Its questions keep their ids, so results can be compared."), "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id))


# ---------------------------------------------------------------- one survey

@bp.route("/builder/<survey_id>")
@auth.builders
def builder_document(survey_id: str) -> str:
    found = current_or_404(survey_id)
    return render_template("admin/builder/document.html", **page_context(survey_id, found), errors=[])


@bp.route("/builder/<survey_id>/pages", methods=["POST"])
@auth.admin_only
def builder_pages(survey_id: str) -> Any:
    """Add a page, or move, copy or delete one (the button pressed says which: up:2)."""
    checked_post()
    found = current_or_404(survey_id)
    action, _, index = (request.form.get("action") or "").partition(":")
    number = int(index) if index.isdigit() else 0
    list_actions = {"up": lambda d: edits.move(d, ("pages",), number, -1),
                    "down": lambda d: edits.move(d, ("pages",), number, 1),
                    "copy": lambda d: edits.duplicate(d, ("pages",), number),
                    "remove": lambda d: edits.remove(d, ("pages",), number),
                    "add": lambda d: edits.add_page(d)[0]}
    if action not in list_actions:
        abort(400)
    error = save_or_error(survey_id, list_actions[action](found.doc), f"pages: {action}")
    if error:
        return render_template("admin/builder/document.html", **page_context(survey_id, found),
                               errors=refused(error, "pages")), 400
    if action == "add":
        return redirect(url_for("admin.builder_page", survey_id=survey_id, page_number=len(found.doc["pages"]) + 1))
    if action == "remove":
        flash(str(UNDO), "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id) + "#pages")


@bp.route("/builder/<survey_id>/pages/<int:page_number>/questions", methods=["POST"])
@auth.admin_only
def builder_questions(survey_id: str, page_number: int) -> Any:
    """Add a question of a type, or move, copy or delete one of this page's questions."""
    checked_post()
    found = current_or_404(survey_id)
    p = page_number - 1
    if not 0 <= p < len(found.doc.get("pages") or []):
        abort(404)
    action, _, index = (request.form.get("action") or "").partition(":")
    number = int(index) if index.isdigit() else 0
    path = ("pages", p, "questions")
    kind = request.form.get("type") or ""
    if action == "add" and kind not in document.QUESTION_TYPES:
        return render_template("admin/builder/document.html", **page_context(survey_id, found), errors=[
            {"anchor": f"type-{page_number}", "message": gettext("Choose the type of question to add")}]), 400
    list_actions = {"up": lambda d: edits.move(d, path, number, -1), "down": lambda d: edits.move(d, path, number, 1),
                    "copy": lambda d: edits.duplicate(d, path, number), "remove": lambda d: edits.remove(d, path, number),
                    "add": lambda d: edits.add_question(d, p, kind)[0]}
    if action not in list_actions:
        abort(400)
    error = save_or_error(survey_id, list_actions[action](found.doc), f"page {page_number} questions: {action}")
    if error:
        return render_template("admin/builder/document.html", **page_context(survey_id, found),
                               errors=refused(error, f"page-{page_number}")), 400
    if action == "add":
        count = len(found.doc["pages"][p].get("questions") or []) + 1
        return redirect(url_for("admin.builder_question", survey_id=survey_id, page_number=page_number,
                                question_number=count))
    if action == "remove":
        flash(str(UNDO), "success")
    return redirect(url_for("admin.builder_document", survey_id=survey_id) + f"#page-{page_number}")


@bp.route("/builder/<survey_id>/settings", methods=["GET", "POST"])
@auth.admin_only
def builder_settings(survey_id: str) -> Any:
    found = current_or_404(survey_id)
    if request.method == "GET":
        return render_template("admin/builder/settings.html", **page_context(survey_id, found), errors=[])
    checked_post()
    data, errors = formdata.settings(request.form)
    new = edits.update_settings(found.doc, data)
    errors = errors or saved_or_errors(survey_id, new, "settings", "id")
    if errors:
        return render_template("admin/builder/settings.html", **page_context(survey_id, found, new),
                               errors=errors), 400
    flash(gettext("The settings have been saved."), "success")
    return redirect(url_for("admin.builder_document", survey_id=new["id"]))


def _page_index(found: store.Current, page_number: int) -> int:
    p = page_number - 1
    if not 0 <= p < len(found.doc.get("pages") or []):
        abort(404)
    return p


@bp.route("/builder/<survey_id>/pages/<int:page_number>", methods=["GET", "POST"])
@auth.admin_only
def builder_page(survey_id: str, page_number: int) -> Any:
    found = current_or_404(survey_id)
    p = _page_index(found, page_number)
    candidates = document.earlier_choice_questions(found.doc, p, None)
    context = {"page_number": page_number, "p": p, "candidates": candidates}
    if request.method == "GET":
        return render_template("admin/builder/page.html", **page_context(survey_id, found), **context, errors=[])
    checked_post()
    new = edits.update_page(found.doc, p, formdata.page(request.form, candidates))
    error = save_or_error(survey_id, new, f"page {page_number}")
    if error:
        return render_template("admin/builder/page.html", **page_context(survey_id, found, new), **context,
                               errors=refused(error, "id")), 400
    flash(gettext("The page has been saved."), "success")
    warn_dropped_conditions(found.doc["pages"][p], candidates)
    return redirect(url_for("admin.builder_document", survey_id=survey_id) + f"#page-{page_number}")


@bp.route("/builder/<survey_id>/pages/<int:page_number>/questions/<int:question_number>", methods=["GET", "POST"])
@auth.admin_only
def builder_question(survey_id: str, page_number: int, question_number: int) -> Any:
    found = current_or_404(survey_id)
    p = _page_index(found, page_number)
    q = question_number - 1
    questions = found.doc["pages"][p].get("questions") or []
    if not 0 <= q < len(questions):
        abort(404)
    candidates = document.earlier_choice_questions(found.doc, p, q)
    context = {"page_number": page_number, "question_number": question_number, "p": p, "q": q,
               "candidates": candidates}
    if request.method == "GET":
        return render_template("admin/builder/question.html", **page_context(survey_id, found), **context, errors=[])
    checked_post()
    data, errors = formdata.question(request.form, questions[q]["type"], candidates)
    new = edits.update_question(found.doc, p, q, data)
    pressed = formdata.list_action(request.form)
    if pressed and pressed[0] in document.TYPE_KEYS[data.kind]:
        new = edits.question_list_action(new, p, q, *pressed)
    errors = errors or saved_or_errors(survey_id, new, f"question {data.id}", "id")
    if errors:
        return render_template("admin/builder/question.html", **page_context(survey_id, found, new), **context,
                               errors=errors), 400
    here = url_for("admin.builder_question", survey_id=survey_id, page_number=page_number,
                   question_number=question_number)
    if pressed:
        return redirect(f"{here}#{pressed[0]}")
    flash(gettext("The question has been saved."), "success")
    warn_dropped_conditions(questions[q], candidates)
    return redirect(url_for("admin.builder_document", survey_id=survey_id) + f"#page-{page_number}")


def warn_dropped_conditions(before: Doc, candidates: list[Doc]) -> None:
    """A condition naming a question that no longer comes earlier cannot be ticked, so saving drops it: say so."""
    earlier = {str(c["id"]) for c in candidates}
    if any(str(c.get("question")) not in earlier for c in document.conditions_of(before)):
        flash(gettext("A condition named a question that no longer comes before this one, so it has been removed."),
              "success")


def back_to_document(survey_id: str) -> WerkzeugResponse:
    return redirect(url_for("admin.builder_document", survey_id=survey_id))
