"""Kiosk links: make one for a site, show it with a QR code for setting up a tablet, revoke it."""
from __future__ import annotations

from typing import Any

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as WerkzeugResponse

from ..kiosk import links
from ..vocabulary import Channel
from . import auth
from .blueprint import bp, survey_or_404
from .forms import ActionForm, KioskLinkForm
from .survey_views import form_errors


def qr_svg(url: str, label: str) -> Markup:
    """The link as an inline SVG QR code, named for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", svgclass="admin-qr")
    named = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return Markup(named)  # noqa: S704 - segno's own markup; the only text added is escaped


def link_url(token: str) -> str:
    return links.link_url(token, request.host_url)


@bp.route("/surveys/<survey_id>/kiosk", methods=["GET", "POST"])
@auth.admin_only
def kiosk_links(survey_id: str) -> Any:
    record = survey_or_404(survey_id)
    definition = record.definition
    form = KioskLinkForm()
    takes_kiosk = Channel.KIOSK in definition.channels
    if takes_kiosk and form.validate_on_submit():
        if form.expires_on.data and form.expires_on.data < links.london_today():
            form.expires_on.errors = [gettext("The last day must be today or in the future")]
        else:
            try:
                link = links.create_link(survey_id, form.site.data, form.expires_on.data,
                                         actor=auth.current_user().email)
            except links.KioskError as exc:
                form.site.errors = [str(exc)]
            else:
                flash(gettext("The kiosk link is ready. Site: %(site)s", site=link.site), "success")
                return redirect(url_for("admin.kiosk_links", survey_id=survey_id) + f"#link-{link.token[:8]}")
    errors = form_errors(form) if request.method == "POST" else []
    shown = []
    for info in links.list_links(survey_id):
        url = link_url(info.link.token)
        qr = qr_svg(url, gettext("QR code for the kiosk link. Site: %(site)s", site=info.link.site)) \
            if info.status == links.Status.ACTIVE else None
        shown.append({"info": info, "url": url, "qr": qr, "anchor": f"link-{info.link.token[:8]}"})
    return render_template("admin/kiosk.html", record=record, definition=definition, form=form,
                           errors=errors, links=shown, takes_kiosk=takes_kiosk, action_form=ActionForm(),
                           Status=links.Status), (400 if errors else 200)


@bp.route("/surveys/<survey_id>/kiosk/<token>/revoke", methods=["POST"])
@auth.admin_only
def revoke_kiosk_link(survey_id: str, token: str) -> WerkzeugResponse:
    survey_or_404(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    link = links.get_link(token)
    if link is None or link.survey_id != survey_id:
        abort(404)
    links.revoke_link(token, actor=auth.current_user().email)
    flash(gettext("The kiosk link has been revoked: it no longer opens the survey. Site: %(site)s",
                  site=link.site), "success")
    return redirect(url_for("admin.kiosk_links", survey_id=survey_id))
