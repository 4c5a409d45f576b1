"""A kiosk link's own limit in a real browser: the bilingual wait page passes axe, and trying again sends."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from survey.definition import SurveyDefinition
from survey.kiosk.links import create_link
from tests.browser.test_kiosk import answer_everything
from tests.browser_harness import LiveServer, check_accessibility


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_KIOSK_SUBMIT": "1 per 3 seconds"}


def test_a_kiosk_over_its_limit_asks_to_wait_then_sends(app: Flask, live_server: LiveServer,
                                                         conformance: SurveyDefinition, page: Page) -> None:
    kiosk_url = live_server(f"/k/{create_link(conformance.id, 'Canolfan Aberystwyth').token}")
    answer_everything(page, kiosk_url)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url(kiosk_url)
    answer_everything(page, kiosk_url)  # the next person, at once
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("h1")).to_have_text("Arhoswch eiliad, os gwelwch yn dda Please wait a moment")
    check_accessibility(page)
    page.wait_for_timeout(3_000)
    page.get_by_role("link", name="Rhoi cynnig arall arni Try again").click()
    expect(page).to_have_url(f"{kiosk_url}/en/check")  # the answers waited
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()
