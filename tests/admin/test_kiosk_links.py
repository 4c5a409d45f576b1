"""The kiosk links screen: make a link for a site, show it with its QR code, revoke it."""
from __future__ import annotations

import re
from datetime import timedelta

from survey import audit
from survey.extensions import db
from survey.kiosk import links
from survey.models import KioskLink

from .helpers import post, signed_in_admin, text

URL = "/admin/surveys/conformance-check/kiosk"


def test_make_a_link_and_see_its_qr_code(app, client, conformance):
    signed_in_admin(client)
    response = post(client, URL, {"site": "  Aberystwyth   drop-in  ", "expires_on": ""})
    assert response.status_code == 302
    link = db.session.query(KioskLink).one()
    assert link.site == "Aberystwyth drop-in" and link.survey_id == "conformance-check"
    page = text(client.get(URL))
    assert f"http://localhost/k/{link.token}" in page
    svg = re.search(r"<svg[^>]*>", page[page.index("admin-kiosk__qr"):]).group(0)
    assert 'role="img"' in svg and 'aria-label="QR code for the kiosk link. Site: Aberystwyth drop-in"' in svg
    event = audit.recent(action=audit.Action.KIOSK_LINK_CREATED)[0]
    assert event.actor == "admin@example.org"
    assert link.token not in event.detail  # the audit log never holds a whole token


def test_a_link_needs_a_site_and_a_future_expiry(app, client, conformance):
    signed_in_admin(client)
    response = post(client, URL, {"site": "", "expires_on": ""})
    assert response.status_code == 400 and "Enter the name of the site" in text(response)
    yesterday = links.london_today() - timedelta(days=1)
    response = post(client, URL, {"site": "Llandrindod", "expires_on": yesterday.isoformat()})
    assert response.status_code == 400 and "today or in the future" in text(response)
    response = post(client, URL, {"site": "Llandrindod", "expires_on": "next week"})
    assert response.status_code == 400
    assert db.session.query(KioskLink).count() == 0


def test_revoke_a_link(app, client, conformance):
    signed_in_admin(client)
    post(client, URL, {"site": "Brecon", "expires_on": (links.london_today() + timedelta(days=7)).isoformat()})
    link = db.session.query(KioskLink).one()
    response = post(client, f"{URL}/{link.token}/revoke", form_page=URL)
    assert response.status_code == 302
    db.session.refresh(link)
    assert link.revoked_at is not None
    assert isinstance(links.active_link(link.token), str)
    page = text(client.get(URL))
    assert "Revoked" in page
    assert "admin-kiosk__qr" not in page  # no QR code for a link that no longer works
    assert audit.recent(action=audit.Action.KIOSK_LINK_REVOKED)[0].actor == "admin@example.org"


def test_revoking_another_surveys_link_is_not_found(app, client, make_survey):
    make_survey()
    make_survey(lambda raw: raw.update(id="other-survey"))
    link = links.create_link("other-survey", "Tregaron")
    db.session.commit()
    signed_in_admin(client)
    response = post(client, f"{URL}/{link.token}/revoke", form_page=URL)
    assert response.status_code == 404
    db.session.refresh(link)
    assert link.revoked_at is None


def test_a_survey_without_kiosks_offers_no_links(app, client, make_survey):
    make_survey(lambda raw: raw.update(channels=["public"]))
    signed_in_admin(client)
    page = text(client.get(URL))
    assert "does not take kiosk responses" in page
    assert post(client, URL, {"site": "Brecon"}).status_code == 200
    assert db.session.query(KioskLink).count() == 0
