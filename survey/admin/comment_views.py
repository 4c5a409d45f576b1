"""Reviewing comments before they leave: staff who may export comments see each one as it would
leave (redacted) and may withhold it, with the reason in the audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response as WerkzeugResponse

from ..results import ExportError
from ..results.comments import comments_to_review, redact, withhold_comment
from . import auth
from .blueprint import bp, survey_or_404
from .forms import WithholdForm
from .survey_views import form_errors


def _require_comments_permission() -> None:
    if not auth.may_export_comments(auth.current_user()):
        abort(403)


def _review_page(survey_id: str, form: WithholdForm, failed: int | None = None) -> tuple[str, int]:
    record = survey_or_404(survey_id)
    question = {q.id: q for q in record.definition.all_questions()}
    comments = [{"id": c.id, "question": question[c.question_id] if c.question_id in question else None,
                 "text": redact(c.body), "released": c.release} for c in comments_to_review(survey_id)]
    errors = [{**error, "anchor": f"reason-{failed}"} for error in form_errors(form)] if failed is not None else []
    return render_template("admin/comments_review.html", record=record, definition=record.definition,
                           comments=comments, form=form, failed=failed, errors=errors), (400 if errors else 200)


@bp.route("/surveys/<survey_id>/comments/review")
@auth.staff
def review_comments(survey_id: str) -> tuple[str, int]:
    _require_comments_permission()
    return _review_page(survey_id, WithholdForm())


@bp.route("/surveys/<survey_id>/comments/review/<int:text_id>", methods=["POST"])
@auth.staff
def withhold(survey_id: str, text_id: int) -> WerkzeugResponse | tuple[str, int]:
    _require_comments_permission()
    survey_or_404(survey_id)
    form = WithholdForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _review_page(survey_id, form, failed=text_id)
    try:
        withhold_comment(survey_id, text_id, form.reason.data, auth.current_user().email)
    except ExportError:
        abort(404)
    flash(gettext("The comment is withheld. It will not leave in any comments export."), "success")
    return redirect(url_for("admin.review_comments", survey_id=survey_id))
