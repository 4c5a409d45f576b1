"""The hub, a review page and the embed in a real browser, in Welsh and English: axe-core's WCAG 2.2
A and AA rules with scripts on and off, no sideways scrolling at 320 CSS pixels, and no English on a
Welsh page."""
from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.browser.test_welsh import welsh_problems
from tests.browser_harness import SMALL_SCREEN, LiveServer, axe_violations, describe_violations, save_screenshot
from tests.hub.conftest import (EXAMPLES, KIOSK_SURVEY, OPEN, PUBLIC_SURVEY, REVIEW_FILE, REVIEW_ID,
                                YOU_SAID, close_with_final_release, import_example_responses,
                                publish_you_said, set_survey)

PAGES = {"cy": ["/", f"/r/{REVIEW_ID}/cy", "/embed/cy", "/?topic=drugs"],
         "en": [f"/r/{REVIEW_ID}/en", "/embed/en"]}


@pytest.fixture
def hub_server(live_server: LiveServer) -> LiveServer:
    """Every part of the hub with something in it: open, coming soon, closed with a published review
    that publishes figures from the closed survey's final release ("You said")."""
    from survey.hub.review_file import load_review_file
    from survey.hub.reviews import load_review, publish
    live_server.load("tests/fixtures/conformance.yaml")
    for name in (PUBLIC_SURVEY, KIOSK_SURVEY):
        live_server.load(EXAMPLES / f"{name}.yaml", open_it=False)
    with live_server.app.app_context():
        review = load_review(load_review_file(REVIEW_FILE)).review
        publish(REVIEW_ID, "test")
        import_example_responses()
        close_with_final_release(PUBLIC_SURVEY)
        publish_you_said(review)
        set_survey(KIOSK_SURVEY, OPEN, opens_in_days=6, closes_in_days=60)
    return live_server


def _problems(page: Any, server: LiveServer, request: pytest.FixtureRequest, lang: str) -> list[str]:
    problems = []
    for path in PAGES[lang]:
        response = page.goto(server(path))
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations, path))
            save_screenshot(request.node, page, path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        viewport = page.viewport_size["width"]
        if width > viewport:
            problems.append(f"{path} is {width}px wide in a {viewport}px window")
    return problems


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("setting", ["scripts on", "scripts off", "320 pixels"])
def test_the_hub_pages_pass_axe(hub_server: LiveServer, new_page: Callable[..., Any],
                                request: pytest.FixtureRequest, lang: str, setting: str) -> None:
    options: dict[str, Any] = {"scripts on": {}, "scripts off": {"java_script_enabled": False},
                               "320 pixels": {"viewport": dict(SMALL_SCREEN)}}[setting]
    page = new_page(**options)
    problems = _problems(page, hub_server, request, lang)
    assert not problems, "\n".join(problems)


def test_the_welsh_pages_have_no_english_interface_text(hub_server: LiveServer, new_page: Callable[..., Any],
                                                        request: pytest.FixtureRequest) -> None:
    page = new_page(locale="en-GB")
    problems = []
    for path in PAGES["cy"]:
        page.goto(hub_server(path))
        found = welsh_problems(page)
        if found:
            problems.append(f"{path}: " + "; ".join(found))
            save_screenshot(request.node, page, path)
    assert not problems, "\n".join(problems)


def test_without_javascript_a_visitor_filters_by_topic_and_reads_a_review(hub_server: LiveServer,
                                                                          js_disabled_page: Any) -> None:
    page = js_disabled_page
    page.goto(hub_server("/"))
    assert page.locator("#coming ~ ul").first.get_by_text("Have your say: the help you get").count() == 1
    assert page.locator("a[href^='/s/service-user-voice']").count() == 0  # coming soon: no link
    page.get_by_role("link", name="Cyffuriau Drugs").click()
    assert page.url.endswith("/?topic=drugs")
    assert page.locator(".hub-topics a[aria-current='page']").inner_text().startswith("Cyffuriau")
    page.locator(f"a[href='/r/{REVIEW_ID}/en']").first.click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Illegal drugs in our communities"
    updates = page.locator("#recommendation-report-without-a-name .hub-updates__item")
    assert updates.count() == 2
    you_said_table = page.locator(f"#you-said-{PUBLIC_SURVEY}-q-area table")
    assert you_said_table.locator("th[scope=row]").first.inner_text() == "Carmarthenshire"
    assert page.locator(f"#you-said-{PUBLIC_SURVEY} svg[role=img]").count() == len(YOU_SAID) + 1  # feel-safe: 2 rows
    assert page.locator(f"#you-said-{PUBLIC_SURVEY}").get_by_text("fewer than 10").count() >= 1
    page.get_by_role("link", name="Cymraeg").click()
    assert page.url.endswith(f"/r/{REVIEW_ID}/cy")
    assert page.locator("h1").inner_text() == "Cyffuriau anghyfreithlon yn ein cymunedau"


def _framed(page: Any, server: LiveServer, path: str) -> Any:
    """A page holding `path` in an iframe (served by the browser itself, at the server's address)."""
    host = server(f"/framing-host{path.replace('/', '-')}")
    page.route(host, lambda route: route.fulfill(
        status=200, content_type="text/html",
        body=f'<!DOCTYPE html><html lang="en"><title>Host</title><iframe title="Llais" src="{server(path)}"></iframe></html>'))
    page.goto(host)
    return page.frame_locator("iframe")


def test_the_embed_shows_in_a_frame_and_other_pages_do_not(hub_server: LiveServer, page: Any) -> None:
    frame = _framed(page, hub_server, "/embed/en")
    assert frame.locator("h1").inner_text() == "Consultations open now"
    assert page.context.cookies() == []  # the embed set no cookie
    refused = _framed(page, hub_server, "/")
    assert refused.locator("h1.heading-xl").count() == 0  # X-Frame-Options: DENY keeps the hub out of frames


CONSOLE_PAGES = ["/admin/reviews", f"/admin/reviews/{REVIEW_ID}", f"/admin/reviews/{REVIEW_ID}/edit",
                 f"/admin/reviews/{REVIEW_ID}/surveys", f"/admin/reviews/{REVIEW_ID}/recommendations/new",
                 f"/admin/reviews/{REVIEW_ID}/recommendations/shorter-waits/progress", "/admin/reviews/new",
                 f"/admin/reviews/{REVIEW_ID}/you-said/{PUBLIC_SURVEY}", f"/admin/reviews/{REVIEW_ID}/you-said/{KIOSK_SURVEY}"]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_consoles_review_pages_pass_axe_and_fit_a_small_screen(hub_server: LiveServer, new_page: Callable[..., Any],
                                                                   request: pytest.FixtureRequest, lang: str) -> None:
    from survey.admin import accounts
    from tests.admin.helpers import PASSWORD
    with hub_server.app.app_context():
        accounts.create_user("admin@example.org", PASSWORD, "admin", language=lang)
    problems = []
    for options in ({}, {"viewport": dict(SMALL_SCREEN)}):
        page = new_page(**options)
        page.goto(hub_server("/admin/"))
        page.fill("#email", "admin@example.org")
        page.fill("#password", PASSWORD)
        page.click("form#sign-in button[type=submit]")
        page.wait_for_url(hub_server("/admin/"))
        for path in CONSOLE_PAGES:
            page.goto(hub_server(path))
            assert page.locator("html").get_attribute("lang") == lang
            if path.endswith("/progress"):
                page.click("main form button[type=submit]")  # empty: the error summary and messages
                assert page.locator(".error-summary").count() == 1
            violations = axe_violations(page)
            if violations:
                problems.append(describe_violations(violations, f"{path} {options}"))
                save_screenshot(request.node, page, path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > page.viewport_size["width"]:
                problems.append(f"{path} is {width}px wide in a {page.viewport_size['width']}px window")
    assert not problems, "\n".join(problems)
