"""Kiosk links as the command line and the admin console use them: survey/kiosk/links.py."""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Callable

import pytest

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import (KioskError, Reason, Status, active_link, create_link, link_url, list_links,
                                london_today, revoke_link)
from survey.models import KioskLink
from survey.responses import Provenance, add_response


def test_tokens_are_long_random_and_url_safe(conformance: SurveyDefinition) -> None:
    tokens = {create_link(conformance.id, f"Site {n}").token for n in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert len(token) >= 22 and all(c.isalnum() or c in "-_" for c in token)
        assert len(token) * math.log2(64) >= 128  # at least 128 bits of randomness


def test_create_stores_the_survey_site_and_expiry(conformance: SurveyDefinition) -> None:
    ends = london_today() + timedelta(days=30)
    link = create_link(conformance.id, "  Canolfan   Aberystwyth ", ends)
    stored = db.session.get(KioskLink, link.token)
    assert (stored.survey_id, stored.site, stored.expires_on, stored.revoked_at) == (
        conformance.id, "Canolfan Aberystwyth", ends, None)
    assert active_link(link.token) is stored


@pytest.mark.parametrize("survey_id, site, days, problem", [
    ("no-such-survey", "Aberystwyth", None, "no survey"),
    ("conformance-check", "   ", None, "needs a site"),
    ("conformance-check", "x" * 121, None, "too long"),
    ("conformance-check", "Aberystwyth", -1, "already passed"),
])
def test_create_refuses(conformance: SurveyDefinition, survey_id: str, site: str, days: int | None,
                        problem: str) -> None:
    expires = london_today() + timedelta(days=days) if days is not None else None
    with pytest.raises(KioskError, match=problem):
        create_link(survey_id, site, expires)
    assert db.session.query(KioskLink).count() == 0


def test_create_refuses_a_survey_without_the_kiosk_channel(make_survey: Callable[..., SurveyDefinition]) -> None:
    def public_only(raw: dict[str, Any]) -> None:
        raw["channels"] = ["public"]
    definition = make_survey(public_only)
    with pytest.raises(KioskError, match="does not take kiosk responses"):
        create_link(definition.id, "Aberystwyth")


def test_a_link_expires_after_its_last_day(conformance: SurveyDefinition) -> None:
    today = date(2026, 12, 1)
    link = create_link(conformance.id, "Aberystwyth", date(2026, 12, 3), today=today)
    assert active_link(link.token, today=date(2026, 12, 3)) is link
    assert active_link(link.token, today=date(2026, 12, 4)) == Reason.EXPIRED


def test_unknown_and_malformed_tokens(conformance: SurveyDefinition) -> None:
    create_link(conformance.id, "Aberystwyth")
    for token in ("x" * 32, "", "short", "../../etc", "a" * 200, "ü" * 32):
        assert active_link(token) == Reason.UNKNOWN


def test_revoke_ends_a_link_at_once_and_only_once(conformance: SurveyDefinition) -> None:
    link = create_link(conformance.id, "Aberystwyth")
    revoke_link(link.token, actor="admin@example.org")
    assert active_link(link.token) == Reason.REVOKED
    first = link.revoked_at
    revoke_link(link.token)
    assert link.revoked_at == first
    assert audit.count(audit.Action.KIOSK_LINK_REVOKED) == 1
    with pytest.raises(KioskError, match="no kiosk link"):
        revoke_link("x" * 32)


def test_the_audit_log_names_links_without_giving_their_token_away(conformance: SurveyDefinition) -> None:
    link = create_link(conformance.id, "Aberystwyth", actor="admin@example.org")
    revoke_link(link.token, actor="admin@example.org")
    events = audit.recent()
    assert [e.action for e in events] == [audit.Action.KIOSK_LINK_REVOKED, audit.Action.KIOSK_LINK_CREATED]
    for event in events:
        assert event.actor == "admin@example.org" and event.subject == conformance.id
        assert "Aberystwyth" in event.detail and link.token[:6] in event.detail
        assert link.token not in event.detail and link.token not in event.subject


def test_list_shows_state_and_responses_by_site(conformance: SurveyDefinition) -> None:
    today = london_today()
    active = create_link(conformance.id, "Aberystwyth")
    revoked = create_link(conformance.id, "Llanelli")
    revoke_link(revoked.token)
    expired = create_link(conformance.id, "Y Drenewydd", today, today=today)
    for site in ("Aberystwyth", "Aberystwyth", "Llanelli"):
        add_response(conformance, {"area": "powys"}, Provenance("cy", "kiosk", site), today)
    add_response(conformance, {"area": "powys"}, Provenance("cy", "public"), today)
    db.session.commit()
    infos = {info.link.token: info for info in list_links(today=today + timedelta(days=1))}
    assert (infos[active.token].status, infos[active.token].responses) == (Status.ACTIVE, 2)
    assert (infos[revoked.token].status, infos[revoked.token].responses) == (Status.REVOKED, 1)
    assert (infos[expired.token].status, infos[expired.token].responses) == (Status.EXPIRED, 0)
    assert list_links("another-survey") == []


def test_link_url_joins_the_base_address() -> None:
    assert link_url("abc", "https://llais.example.org/") == "https://llais.example.org/k/abc"
    assert link_url("abc", "http://127.0.0.1:5000") == "http://127.0.0.1:5000/k/abc"


def test_no_token_starts_like_a_command_line_option(monkeypatch: pytest.MonkeyPatch,
                                                      conformance: SurveyDefinition) -> None:
    made = iter(["-looks-like-an-option-000000000000", "fine-token-00000000000000000000000"])
    monkeypatch.setattr("survey.kiosk.links.secrets.token_urlsafe", lambda n: next(made))
    assert create_link(conformance.id, "Aberystwyth").token == "fine-token-00000000000000000000000"
