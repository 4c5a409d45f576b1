"""'Leave quickly' on public pages goes to a neutral site in the respondent's language."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey.config import from_environment
from survey.definition import SurveyDefinition
from tests.helpers import Respondent

LEAVE = "/s/conformance-check/leave"


@pytest.mark.parametrize("lang, destination", [("cy", "https://www.bbc.co.uk/tywydd"),
                                               ("en", "https://www.bbc.co.uk/weather")])
def test_the_quick_exit_goes_to_a_site_in_the_language_chosen(client: FlaskClient, conformance: SurveyDefinition,
                                                              lang: str, destination: str) -> None:
    public = Respondent(client, "/s/conformance-check")
    assert public.get(f"/{lang}").status_code == 200  # the start page: the language chosen
    left = client.get(LEAVE)
    assert left.status_code == 303 and left.location == destination


@pytest.mark.parametrize("preference, destination", [("cy-GB,cy;q=0.9,en;q=0.5", "https://www.bbc.co.uk/tywydd"),
                                                     ("en-GB,en;q=0.9", "https://www.bbc.co.uk/weather"),
                                                     ("", "https://www.bbc.co.uk/weather")])
def test_without_a_choice_the_quick_exit_follows_the_browser(client: FlaskClient, conformance: SurveyDefinition,
                                                             preference: str, destination: str) -> None:
    headers = {"Accept-Language": preference} if preference else {}
    assert client.get(LEAVE, headers=headers).location == destination


def test_each_language_has_a_setting_of_its_own(app: Flask, client: FlaskClient,
                                                conformance: SurveyDefinition) -> None:
    app.config.update(QUICK_EXIT_URL_CY="https://example.cymru/tywydd", QUICK_EXIT_URL_EN="https://example.org/weather")
    for lang, destination in (("cy", "https://example.cymru/tywydd"), ("en", "https://example.org/weather")):
        client.get(f"/s/conformance-check/{lang}")
        assert client.get(LEAVE).location == destination


def test_the_address_for_both_languages_serves_any_language_without_its_own(monkeypatch: pytest.MonkeyPatch,
                                                                            tmp_path: Path) -> None:
    monkeypatch.setenv("LLAIS_QUICK_EXIT_URL", "https://example.org/")
    monkeypatch.setenv("LLAIS_QUICK_EXIT_URL_CY", "https://example.cymru/")
    settings = from_environment(str(tmp_path))
    assert (settings["QUICK_EXIT_URL_CY"], settings["QUICK_EXIT_URL_EN"]) == ("https://example.cymru/",
                                                                              "https://example.org/")
