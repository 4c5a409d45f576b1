"""Signing in and out, and choosing the console's language."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext, refresh
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import audit
from ..vocabulary import LANGUAGES
from . import accounts, auth
from .blueprint import back_to, bp
from .forms import ActionForm, SignInForm


def _sign_in_page(form: SignInForm, status: int = 200) -> tuple[str, int]:
    errors = [{"anchor": name, "message": message}
              for name in ("email", "password") for message in getattr(form, name).errors]
    return render_template("admin/sign_in.html", form=form, errors=errors,
                           next=auth.safe_next(request.values.get("next")),
                           expired=auth.session_expired() or request.args.get("expired") == "1"), status


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    """The only console page open to everyone."""
    if request.method == "GET" and auth.current_user() is not None:
        return redirect(url_for("admin.index"))
    form = SignInForm()
    switch = request.form.get("switch_language")
    if request.method == "POST" and switch in LANGUAGES:  # the language switch, before signing in
        session["lang"] = switch
        refresh()
        return _sign_in_page(SignInForm(formdata=None))
    if not form.validate_on_submit():
        return _sign_in_page(form, status=400 if request.method == "POST" else 200)
    if auth.address_blocked():
        abort(429)
    email = accounts.normalise_email(form.email.data)
    known = accounts.find_user(email)
    trusted = auth.is_trusted_browser(known)
    result = accounts.check_sign_in(email, form.password.data, trusted=trusted)
    if result.user is None:
        auth.address_failed()
        message = gettext("The email address or password is not right. After 5 wrong tries in a row "
                          "you must wait 15 minutes before trying again.")
        form.email.errors = [message]
        response = make_response(*_sign_in_page(form, status=400))
        if request.cookies.get(auth.TRUSTED_COOKIE) and not trusted:
            auth.forget_browser(response)  # a cookie from before a new password, or for another account
        return response
    auth.start_session(result.user)
    response = redirect(auth.safe_next(request.args.get("next")) or url_for("admin.index"))
    auth.remember_browser(response, result.user)
    return response


@bp.route("/sign-out", methods=["POST"])
@auth.signed_in
def sign_out() -> WerkzeugResponse:
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    user = auth.current_user()
    accounts.end_sessions(user)
    audit.record(user.email, audit.Action.SIGN_OUT, user.email)
    auth.end_session()
    flash(gettext("You have signed out."), "success")
    response = redirect(url_for("admin.sign_in"))
    auth.remember_browser(response, user)  # this browser stays trusted; others' cookies ended with their sessions
    return response


@bp.route("/language", methods=["POST"])
@auth.signed_in
def language() -> WerkzeugResponse:
    """Switch the console's language, and remember it for next time."""
    form = ActionForm()
    chosen = request.form.get("language")
    if not form.validate_on_submit() or chosen not in LANGUAGES:
        abort(400)
    accounts.set_language(auth.current_user(), chosen)
    session["lang"] = chosen
    return back_to(url_for("admin.index"))
