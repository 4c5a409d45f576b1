"""Going back, with the browser's Back button or the page's Back link, shows the answers given and
loses nothing: going forward again keeps every answer, and the response stores them all."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.walk import CONFORMANCE, address, field, stored_responses, submit
from tests.browser_harness import LiveServer

SURVEY = "/s/conformance-check"
ANSWERS = {
    "your-area": [("area", "powys"), ("feel-safe__daytime", "4"), ("feel-safe__after-dark", "2")],
    "what-you-have-seen": [("seen-dealing", "yes"), ("times-seen", "12")],
    "services": [("used-services", "needle-exchange"), ("used-services", "peer-support")],
    "more-about-services": [("service-helped", "3")],
    "about-you": [("age-band", "55-plus"), ("comments", "Goleuadau — lights")],
}
TYPED = {"times-seen", "comments"}


def answer(page: Any, page_id: str) -> None:
    for name, value in ANSWERS[page_id]:
        field(page, name).fill(value) if name in TYPED else field(page, name, value).check()


def shows_answers(page: Any, page_id: str) -> None:
    assert f"/p/{page_id}" in page.url, page.url
    for name, value in ANSWERS[page_id]:
        if name in TYPED:
            expect(field(page, name)).to_have_value(value)
        else:
            expect(field(page, name, value)).to_be_checked()


def go_back(page: Any, page_id: str) -> None:
    page.go_back()
    shows_answers(page, page_id)


def back_link(page: Any, page_id: str) -> None:
    with page.expect_navigation():
        page.locator(".back-link").click()
    shows_answers(page, page_id)


def forward(page: Any, page_id: str, then: str) -> None:
    """Continue from a page that already shows its answers, changing nothing."""
    shows_answers(page, page_id)
    submit(page)
    assert page.url.endswith(then), page.url


def test_going_back_shows_the_answers_and_loses_nothing(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    page.goto(live_server(f"{SURVEY}/en/p/your-area"))
    for page_id in ("your-area", "what-you-have-seen", "services"):
        answer(page, page_id)
        submit(page)
    assert page.url.endswith("/p/more-about-services")

    # The browser's Back button, after going forward.
    go_back(page, "services")
    go_back(page, "what-you-have-seen")
    expect(field(page, "times-seen")).to_be_visible()
    go_back(page, "your-area")
    page.go_forward()
    shows_answers(page, "what-you-have-seen")

    # Forward again with Continue, then the page's own Back link.
    forward(page, "what-you-have-seen", "/p/services")
    forward(page, "services", "/p/more-about-services")
    back_link(page, "services")
    back_link(page, "what-you-have-seen")
    back_link(page, "your-area")
    forward(page, "your-area", "/p/what-you-have-seen")
    forward(page, "what-you-have-seen", "/p/services")
    forward(page, "services", "/p/more-about-services")
    for page_id, then in (("more-about-services", "/p/about-you"), ("about-you", "/check")):
        answer(page, page_id)
        submit(page)
        assert page.url.endswith(then), page.url

    # Back from checking the answers, and from there with the browser too.
    back_link(page, "about-you")
    forward(page, "about-you", "/check")
    page.go_back()
    shows_answers(page, "about-you")
    page.go_forward()
    assert page.url.endswith("/en/check")
    for shown in ("Powys", "Fairly safe", "Fairly unsafe", "12", "Needle exchange", "Peer support", "A lot",
                  "55 or over", "Goleuadau — lights"):
        expect(page.locator("main")).to_contain_text(shown)
    submit(page, "main form button[type=submit]")
    assert page.url.endswith("/en/thanks")

    [response] = stored_responses(live_server)
    assert response["answers"] == {
        "area": ["powys"], "feel-safe.daytime": ["4"], "feel-safe.after-dark": ["2"], "seen-dealing": ["yes"],
        "times-seen": ["12"], "used-services": ["needle-exchange", "peer-support"], "service-helped": ["3"],
        "age-band": ["55-plus"]}


def test_going_back_to_change_an_answer_from_the_check_page(live_server: LiveServer, page: Any) -> None:
    """A change made from check-your-answers returns there, with the other answers as they were."""
    live_server.load(CONFORMANCE)
    page.goto(live_server(f"{SURVEY}/en/p/your-area"))
    for page_id in ("your-area", "what-you-have-seen", "services", "more-about-services", "about-you"):
        answer(page, page_id)
        submit(page)
    assert page.url.endswith("/en/check")
    with page.expect_navigation():
        page.locator('a[href*="/p/what-you-have-seen"]').first.click()
    shows_answers(page, "what-you-have-seen")
    back_link_target = page.locator(".back-link").get_attribute("href")
    assert back_link_target.endswith("/en/check")
    field(page, "times-seen").fill("20")
    submit(page)
    assert address(page).endswith("/en/check")
    expect(page.locator("main")).to_contain_text("20")
    expect(page.locator("main")).to_contain_text("Needle exchange")
