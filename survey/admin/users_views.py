"""Admins' screens: staff accounts, and the audit log."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import audit
from ..extensions import db
from ..models import User
from . import accounts, audit_text, auth
from .blueprint import bp
from .forms import ActionForm, UserForm
from .survey_views import form_errors

AUDIT_PAGE = 100
MAX_AUDIT_PAGE = 1_000_000  # a page number beyond any log: larger ones would overflow the offset


@bp.route("/users", methods=["GET", "POST"])
@auth.admin_only
def users() -> Any:
    form = UserForm()
    errors: list[dict[str, str]] = []
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data, form.role.data,
                                        can_export_comments=form.can_export_comments.data,
                                        language=form.language.data, actor=auth.current_user().email)
        except accounts.AccountError as exc:
            getattr(form, exc.field, form.email).errors = [str(exc)]
        else:
            flash(gettext("The account has been made. Give the person their password in a safe way, "
                          "not by email. Account: %(email)s", email=user.email), "success")
            return redirect(url_for("admin.users"))
    if form.is_submitted():
        errors = form_errors(form)
    return render_template("admin/users.html", form=form, errors=errors, users=accounts.list_users(),
                           is_locked=accounts.is_locked, action_form=ActionForm()), (400 if errors else 200)


def _user_action(user_id: int) -> User:
    if not ActionForm().validate_on_submit():
        abort(400)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@auth.admin_only
def disable_user(user_id: int) -> WerkzeugResponse:
    user = _user_action(user_id)
    me = auth.current_user()
    if user.id == me.id:
        flash(gettext("You cannot disable your own account."), "error")
        return redirect(url_for("admin.users"))
    accounts.set_disabled(user, True, actor=me.email)
    flash(gettext("The account has been disabled and signed out everywhere. Account: %(email)s",
                  email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@auth.admin_only
def enable_user(user_id: int) -> WerkzeugResponse:
    user = _user_action(user_id)
    accounts.set_disabled(user, False, actor=auth.current_user().email)
    flash(gettext("The account can be used again. Account: %(email)s", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@auth.admin_only
def audit_log() -> str:
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_AUDIT_PAGE)
    action = request.args.get("action") or None
    events = audit.recent(limit=AUDIT_PAGE + 1, offset=(page - 1) * AUDIT_PAGE, action=action)
    actions = sorted(audit_text.ACTIONS, key=audit_text.action_name)
    return render_template("admin/audit.html", events=events[:AUDIT_PAGE], page=page, action=action,
                           actions=actions, has_more=len(events) > AUDIT_PAGE, system=audit.SYSTEM,
                           action_name=audit_text.action_name, detail_text=audit_text.detail_text)
