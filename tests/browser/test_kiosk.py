"""Kiosk mode in a real browser: the timed reset, the idle prompt, the back button, no JavaScript, axe.

Timeouts are made short through the application's settings (read on every request).
"""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.kiosk.links import create_link, revoke_link
from survey.models import Draft, Response
from tests.browser_harness import LiveServer, axe_violations, check_accessibility, describe_violations

SITE = "Canolfan Aberystwyth"
COMMENT = "Mwy o olau stryd ŵ ŷ"


@pytest.fixture
def kiosk_url(app: Flask, live_server: LiveServer, conformance: SurveyDefinition) -> Iterator[str]:
    """A kiosk link to the conformance survey, served live; generous timeouts unless a test shortens them."""
    app.config.update(KIOSK_IDLE_SECONDS=120, KIOSK_PROMPT_SECONDS=30, KIOSK_THANKS_SECONDS=20)
    link = create_link(conformance.id, SITE)
    yield live_server(f"/k/{link.token}")


def timings(app: Flask, idle: int = 120, prompt: int = 30, thanks: int = 20) -> None:
    app.config.update(KIOSK_IDLE_SECONDS=idle, KIOSK_PROMPT_SECONDS=prompt, KIOSK_THANKS_SECONDS=thanks)


def begin(page: Page, kiosk_url: str) -> None:
    """From the start screen: English, then Start now."""
    page.goto(kiosk_url)
    page.get_by_role("link", name="English").click()
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(f"{kiosk_url}/en/p/your-area")


def answer_everything(page: Page, kiosk_url: str) -> None:
    """Answer every page of the conformance survey, as far as the check page."""
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("35 to 54").check()
    page.get_by_label("Is there anything else you would like to tell us?").fill(COMMENT)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{kiosk_url}/en/check")


def drafts() -> list[Draft]:
    db.session.rollback()  # a fresh transaction, to see what the server committed
    return list(db.session.scalars(select(Draft)))


def shows_no_answer(page: Page) -> None:
    """Nothing the earlier person chose or typed is on the page."""
    assert page.locator("input:checked").count() == 0, page.url
    assert COMMENT not in page.content(), page.url
    for box in page.locator("input[type=text], textarea").all():
        assert box.input_value() == "", page.url


def test_a_response_then_the_timed_reset_and_back_shows_nothing(app: Flask, kiosk_url: str, page: Page) -> None:
    timings(app, thanks=2)
    answer_everything(page, kiosk_url)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()
    expect(page.get_by_text("0808 808 2234").first).to_be_visible()  # the support text
    expect(page.get_by_text("This screen will go back to the start in 2 seconds.")).to_be_visible()
    page.wait_for_url(kiosk_url, timeout=10_000)  # back at the start screen on its own
    expect(page.get_by_role("link", name="Cymraeg")).to_be_visible()

    stored = db.session.scalars(select(Response)).one()
    assert (stored.channel, stored.site, stored.language) == ("kiosk", SITE, "en")
    assert drafts() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []

    for _ in range(6):  # the back button: thanks, check, then each page answered before
        page.go_back()
        page.wait_for_load_state()
        shows_no_answer(page)
        assert "Check your answers" not in page.title()


def test_finish_returns_at_once_and_stay_stops_the_countdown(app: Flask, kiosk_url: str, page: Page) -> None:
    timings(app, thanks=3)
    answer_everything(page, kiosk_url)
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("button", name="Stay on this page").click()
    expect(page.get_by_role("button", name="Stay on this page")).to_be_hidden()
    expect(page.get_by_role("button", name="Finish")).to_be_focused()
    page.wait_for_timeout(4_000)
    assert page.url.endswith("/en/thanks")
    page.get_by_role("button", name="Finish").click()
    page.wait_for_url(kiosk_url)


def test_the_idle_prompt_and_carrying_on_keeps_the_answers(app: Flask, kiosk_url: str, page: Page) -> None:
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{kiosk_url}/en/p/what-you-have-seen")  # loaded, so the reload has a page to reload
    timings(app, idle=2, prompt=6)
    page.reload()  # the next page drawn with short timeouts
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=5_000)
    expect(dialog).to_have_accessible_name("Do you need more time? Oes angen mwy o amser arnoch chi?")
    assert dialog.get_attribute("aria-modal") == "true"
    assert page.evaluate("document.getElementById('kiosk-idle').contains(document.activeElement)")
    expect(page.get_by_role("button", name="Yes, I need more time")).to_be_focused()
    check_accessibility(page)
    page.get_by_role("button", name="Yes, I need more time").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Powys", exact=True)).to_be_checked()
    assert len(drafts()) == 1


def test_ignoring_the_prompt_wipes_everything_and_returns_to_the_start(app: Flask, kiosk_url: str,
                                                                       page: Page) -> None:
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    timings(app, idle=1, prompt=2)  # for the next page drawn
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("About how many times?").fill("7")
    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=5_000)
    page.wait_for_url(kiosk_url, timeout=10_000)
    expect(page.get_by_role("link", name="Cymraeg")).to_be_visible()
    assert drafts() == []
    page.go_back()
    page.wait_for_load_state()
    shows_no_answer(page)
    page.goto(f"{kiosk_url}/en/p/your-area")
    shows_no_answer(page)


def test_the_answers_are_kept_while_someone_is_busy_on_one_page(app: Flask, kiosk_url: str, page: Page) -> None:
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{kiosk_url}/en/p/what-you-have-seen")
    timings(app, idle=5, prompt=3)  # a gap of 5 s between key presses, even on a busy machine, is not idle
    page.reload()
    box = page.get_by_label("Yes", exact=True)
    for _ in range(10):  # 10 seconds of activity: longer than the idle time and the prompt together
        box.press("Space")
        page.wait_for_timeout(1_000)
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Powys", exact=True)).to_be_checked()


def test_leave_quickly_on_every_page(kiosk_url: str, page: Page) -> None:
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(kiosk_url)
    assert drafts() == []
    page.go_back()
    page.wait_for_load_state()
    shows_no_answer(page)


def test_a_revoked_link_is_refused(app: Flask, live_server: LiveServer, conformance: SurveyDefinition,
                                   page: Page) -> None:
    link = create_link(conformance.id, SITE)
    revoke_link(link.token)
    response = page.goto(live_server(f"/k/{link.token}"))
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_contain_text("This link has been turned off")
    assert page.locator("form").count() == 0 and page.get_by_role("link", name="English").count() == 0
    check_accessibility(page)


def test_the_server_forgets_idle_answers_without_javascript(app: Flask, kiosk_url: str,
                                                            js_disabled_page: Page) -> None:
    page = js_disabled_page
    timings(app, idle=1, prompt=1)
    begin(page, kiosk_url)
    page.get_by_label("Powys", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{kiosk_url}/en/p/what-you-have-seen")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Powys", exact=True)).to_be_checked()  # kept while the person is there
    page.wait_for_timeout(3_000)
    page.get_by_role("button", name="Continue").click()  # the on-screen answer is sent again...
    page.get_by_role("link", name="Back").click()
    page.wait_for_url(f"{kiosk_url}/en/p/your-area")
    page.wait_for_timeout(3_000)
    page.reload()
    shows_no_answer(page)  # ...and forgotten once idle
    page.get_by_role("button", name="Leave quickly").click()  # a plain form: works without JavaScript
    page.wait_for_url(kiosk_url)
    expect(page.get_by_role("link", name="Cymraeg")).to_be_visible()


def test_kiosk_pages_pass_axe_and_have_large_targets(app: Flask, kiosk_url: str, new_page: Any) -> None:
    found: list[str] = []
    for page in (new_page(), new_page(viewport={"width": 320, "height": 640})):
        page.goto(kiosk_url)
        found += [describe_violations(v, page.url) for v in [axe_violations(page)] if v]
        answer_everything(page, kiosk_url)
        for path in ("/en", "/en/p/your-area", "/en/p/about-you", "/en/privacy", "/en/check"):
            page.goto(kiosk_url + path)
            violations = axe_violations(page)
            if violations:
                found.append(describe_violations(violations, page.url))
            small = page.evaluate("""() => [...document.querySelectorAll('a, button, input:not([type=hidden])')]
                .filter(el => el.offsetParent !== null && !el.closest('.honeypot') && !el.classList.contains('skip-link'))
                .map(el => [el, el.getBoundingClientRect()])
                .filter(([el, r]) => r.width < 44 || r.height < 44)
                .map(([el, r]) => el.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")
            assert not small, (page.url, small)
        page.get_by_role("button", name="Send my answers").click()
        violations = axe_violations(page)
        if violations:
            found.append(describe_violations(violations, page.url))
    assert not found, "\n".join(found)
