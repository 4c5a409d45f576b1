"""`survey kiosk create|list|revoke` through Flask's command runner."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import Reason, active_link, london_today
from survey.models import KioskLink

LINK = re.compile(r"^http://127\.0\.0\.1:5000/k/([A-Za-z0-9_-]{32})$")


def create(runner: Any, *args: str) -> Any:
    return runner.invoke(args=["kiosk", "create", *args])


def test_create_prints_the_full_link(runner: Any, conformance: SurveyDefinition) -> None:
    result = create(runner, "conformance-check", "--site", "Canolfan Aberystwyth")
    assert result.exit_code == 0, result.output
    found = LINK.match(result.stdout.strip())
    assert found, result.stdout
    link = db.session.get(KioskLink, found.group(1))
    assert (link.survey_id, link.site, link.expires_on) == ("conformance-check", "Canolfan Aberystwyth", None)
    assert "Canolfan Aberystwyth" in result.stderr
    assert audit.count(audit.Action.KIOSK_LINK_CREATED) == 1


def test_create_with_an_expiry_date(runner: Any, conformance: SurveyDefinition) -> None:
    last_day = london_today() + timedelta(days=14)
    result = create(runner, "conformance-check", "--site", "Llanelli", "--expires", last_day.isoformat())
    assert result.exit_code == 0, result.output
    token = LINK.match(result.stdout.strip()).group(1)
    assert db.session.get(KioskLink, token).expires_on == last_day
    assert last_day.isoformat() in result.stderr


def test_the_link_uses_the_base_url_setting(app: Flask, runner: Any, conformance: SurveyDefinition) -> None:
    app.config["BASE_URL"] = "https://llais.example.org/"
    result = create(runner, "conformance-check", "--site", "Llanelli")
    assert re.fullmatch(r"https://llais\.example\.org/k/[A-Za-z0-9_-]{32}", result.stdout.strip())


@pytest.mark.parametrize("args, problem", [
    (["no-such-survey", "--site", "Llanelli"], "no survey"),
    (["conformance-check", "--site", "Llanelli", "--expires", "2001-01-01"], "already passed"),
    (["conformance-check", "--site", " "], "needs a site"),
])
def test_create_refuses_with_the_reason(runner: Any, conformance: SurveyDefinition, args: list[str],
                                        problem: str) -> None:
    result = create(runner, *args)
    assert result.exit_code == 1 and problem in result.stderr and "No kiosk link was made" in result.stderr
    assert db.session.query(KioskLink).count() == 0


def test_create_refuses_a_date_it_cannot_read(runner: Any, conformance: SurveyDefinition) -> None:
    result = create(runner, "conformance-check", "--site", "Llanelli", "--expires", "31/12/2026")
    assert result.exit_code == 2 and "--expires" in result.output


def test_list_shows_site_survey_dates_status_and_responses(runner: Any, conformance: SurveyDefinition) -> None:
    assert "There are no kiosk links." in runner.invoke(args=["kiosk", "list"]).output
    last_day = london_today() + timedelta(days=3)
    first = LINK.match(create(runner, "conformance-check", "--site", "Aberystwyth",
                              "--expires", last_day.isoformat()).stdout.strip()).group(1)
    second = LINK.match(create(runner, "conformance-check", "--site", "Llanelli").stdout.strip()).group(1)
    assert runner.invoke(args=["kiosk", "revoke", second]).exit_code == 0
    lines = runner.invoke(args=["kiosk", "list"]).output.splitlines()
    assert lines[0].split() == ["token", "site", "survey", "created", "(UTC)", "expires", "status", "responses"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows[first][1:3] == ["Aberystwyth", "conformance-check"]
    assert rows[first][-3:] == [last_day.isoformat(), "active", "0"]
    assert rows[second][-3:] == ["never", "revoked", "0"]


def test_revoke_ends_the_link(runner: Any, conformance: SurveyDefinition) -> None:
    token = LINK.match(create(runner, "conformance-check", "--site", "Llanelli").stdout.strip()).group(1)
    result = runner.invoke(args=["kiosk", "revoke", token])
    assert result.exit_code == 0 and "revoked" in result.output
    assert active_link(token) == Reason.REVOKED
    again = runner.invoke(args=["kiosk", "revoke", token])
    assert again.exit_code == 0 and "already revoked" in again.output
    assert audit.count(audit.Action.KIOSK_LINK_REVOKED) == 1
    unknown = runner.invoke(args=["kiosk", "revoke", "x" * 32])
    assert unknown.exit_code == 1 and "no kiosk link" in unknown.stderr
