"""With JavaScript turned off, a whole survey can be answered: the server does the conditions.

A question revealed by an answer on the same page is shown with its condition stated; the server
drops its answer when the condition does not hold, and pages shown only for some answers appear
or not. The language switch and the error summary work too, and the pages pass axe-core as they
are without JavaScript.
"""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.walk import CONFORMANCE, SURVEY_FILES, address, field, stored_responses, submit, walk_survey
from tests.browser_harness import LiveServer, axe_violations, describe_violations, save_screenshot

SURVEY = "/s/conformance-check"


def test_a_whole_survey_without_javascript(live_server: LiveServer, js_disabled_page: Any) -> None:
    page = js_disabled_page
    live_server.load(CONFORMANCE)
    page.goto(live_server(SURVEY))
    with page.expect_navigation():
        page.locator('.language-choice a[lang="cy"]').click()
    with page.expect_navigation():
        page.locator(".button--start").click()
    assert page.evaluate("() => document.documentElement.classList.contains('js-enabled')") is False

    field(page, "area", "ceredigion").check()
    field(page, "feel-safe__daytime", "5").check()
    submit(page)

    # The dependent question is shown, with its condition, and a wrong answer to it is caught.
    assert page.url.endswith("/cy/p/what-you-have-seen")
    expect(field(page, "times-seen")).to_be_visible()
    expect(page.locator("#question-times-seen .condition-note")).to_be_visible()
    field(page, "seen-dealing", "yes").check()
    field(page, "times-seen").fill("lots")
    submit(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    with page.expect_navigation():
        summary.locator("a").first.click()
    assert page.url.endswith("#q-times-seen")
    expect(field(page, "times-seen")).to_be_in_viewport()

    # Switching language works without JavaScript, keeping the unsent answers.
    field(page, "seen-dealing", "no").check()
    field(page, "times-seen").fill("5")  # not asked when the answer is "no": dropped by the server
    with page.expect_navigation():
        page.locator(".language-switch").click()
    assert address(page).endswith("/en/p/what-you-have-seen")
    expect(field(page, "seen-dealing", "no")).to_be_checked()
    with page.expect_navigation():
        page.locator(".language-switch").click()
    submit(page)
    assert address(page).endswith("/cy/p/services")

    # A page shown only for some answers appears when they are given.
    field(page, "used-services", "diversion").check()
    submit(page)
    assert address(page).endswith("/cy/p/more-about-services")
    field(page, "service-helped", "1").check()
    submit(page)
    field(page, "age-band", "under-18").check()
    submit(page)
    assert address(page).endswith("/cy/check")
    expect(page.locator("main")).not_to_contain_text("Tua sawl gwaith?")
    expect(page.locator("main")).to_contain_text("Cynllun dargyfeirio")

    # Going back and choosing otherwise hides that page again.
    page.goto(live_server(f"{SURVEY}/cy/p/services"))
    field(page, "used-services", "diversion").uncheck()
    field(page, "used-services", "none").check()
    submit(page)
    assert address(page).endswith("/cy/p/about-you")
    submit(page)
    assert address(page).endswith("/cy/check")
    expect(page.locator("main")).not_to_contain_text("Cynllun dargyfeirio")
    submit(page, "main form button[type=submit]")
    assert address(page).endswith("/cy/thanks")

    [response] = stored_responses(live_server)
    assert response["language"] == "cy"
    assert response["answers"] == {"area": ["ceredigion"], "feel-safe.daytime": ["5"], "seen-dealing": ["no"],
                                   "used-services": ["none"], "age-band": ["under-18"]}


@pytest.mark.parametrize("survey_file", SURVEY_FILES[:2], ids=[p.stem for p in SURVEY_FILES[:2]])
def test_every_page_without_javascript_passes_axe(live_server: LiveServer, js_disabled_page: Any,
                                                  request: pytest.FixtureRequest, survey_file: Any) -> None:
    """The pages as they are without JavaScript: every conditional question shown, with its condition."""
    definition = live_server.load(survey_file)
    problems: list[str] = []

    def visit(page: Any, label: str) -> None:
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations, f"{label} ({page.url})"))
            save_screenshot(request.node, page, label)

    lang = "cy" if definition.id == "conformance-check" else "en"
    # Only the question pages change without JavaScript; their error states are drawn by the server
    # just as with it (and checked in test_accessibility).
    walk_survey(js_disabled_page, live_server.url, definition, lang, visit, errors=False, language_choice=False,
                privacy=False)
    assert not problems, "\n\n".join(problems)
    assert len(stored_responses(live_server)) == 1


def test_axe_checks_the_page_as_it_is_without_javascript(live_server: LiveServer, js_disabled_page: Any) -> None:
    """The check itself: what axe-core sees of a page without JavaScript is that page, as it is now."""
    live_server.load(CONFORMANCE)
    js_disabled_page.goto(live_server(f"{SURVEY}/en/p/what-you-have-seen"))
    assert axe_violations(js_disabled_page) == []
    js_disabled_page.evaluate("() => document.querySelector('label[for=q-times-seen]').remove()")
    violations = axe_violations(js_disabled_page)
    assert "label" in {v["id"] for v in violations}, describe_violations(violations)
