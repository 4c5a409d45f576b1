"""The language switch leads to the same page in the other language, and no answer is lost.

Answers given on the current page but not yet sent with Continue are kept too, in both
directions, even when they are wrong (switching is not answering, so no error is shown).
"""
from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.walk import CONFORMANCE, field, stored_responses, stored_texts, submit
from tests.browser_harness import LiveServer

SURVEY = "/s/conformance-check"
COMMENT = "Mwy o olau stryd, os gwelwch yn dda — ŵ ŷ â"


def switch(page: Any, to: str) -> None:
    """Press the language switch and check that it led to the same page in the other language."""
    before = page.url
    other = {"cy": "en", "en": "cy"}[to]
    with page.expect_navigation():
        page.locator(".language-switch").click()
    assert page.url == before.replace(f"/{other}/", f"/{to}/", 1).replace(f"/{other}", f"/{to}", 1)
    expect(page.locator("html")).to_have_attribute("lang", to)


def continue_to(page: Any, where: str) -> None:
    submit(page)
    assert page.url.endswith(where), page.url


def test_switching_keeps_every_answer_both_ways(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    page.goto(live_server(f"{SURVEY}/en"))
    switch(page, "cy")
    switch(page, "en")
    with page.expect_navigation():
        page.locator(".button--start").click()

    # Unsaved answers on the first page, there and back.
    field(page, "area", "powys").check()
    field(page, "feel-safe__daytime", "4").check()
    switch(page, "cy")
    expect(page.locator("h1")).to_have_text("Eich ardal")
    expect(field(page, "area", "powys")).to_be_checked()
    expect(field(page, "feel-safe__daytime", "4")).to_be_checked()
    field(page, "feel-safe__after-dark", "2").check()
    switch(page, "en")
    for name, value in (("area", "powys"), ("feel-safe__daytime", "4"), ("feel-safe__after-dark", "2")):
        expect(field(page, name, value)).to_be_checked()
    continue_to(page, "/en/p/what-you-have-seen")

    # A question revealed by an answer on the same page keeps its answer too.
    field(page, "seen-dealing", "yes").check()
    field(page, "times-seen").fill("12")
    switch(page, "cy")
    expect(field(page, "seen-dealing", "yes")).to_be_checked()
    expect(field(page, "times-seen")).to_be_visible()
    expect(field(page, "times-seen")).to_have_value("12")
    continue_to(page, "/cy/p/services")

    field(page, "used-services", "treatment").check()
    switch(page, "en")
    expect(field(page, "used-services", "treatment")).to_be_checked()
    continue_to(page, "/en/p/more-about-services")  # shown because of the kept answer
    field(page, "service-helped", "3").check()
    continue_to(page, "/en/p/about-you")
    field(page, "age-band", "35-54").check()
    field(page, "comments").fill(COMMENT)
    switch(page, "cy")
    expect(field(page, "comments")).to_have_value(COMMENT)
    expect(field(page, "age-band", "35-54")).to_be_checked()

    # Earlier pages kept their answers through all the switching.
    with page.expect_navigation():
        page.locator(".back-link").click()
    expect(field(page, "service-helped", "3")).to_be_checked()
    submit(page)
    expect(field(page, "comments")).to_have_value(COMMENT)  # still there: switching kept it in the draft
    continue_to(page, "/cy/check")

    summary = page.locator("main")
    for welsh in ("Powys", "Eithaf diogel", "Eithaf anniogel", "Ydw", "12", "Gwasanaeth triniaeth cyffuriau",
                  "Llawer", "35 i 54", COMMENT):
        expect(summary).to_contain_text(welsh)
    switch(page, "en")
    for english in ("Powys", "Fairly safe", "Fairly unsafe", "Yes", "12", "Drug treatment service", "A lot",
                    "35 to 54", COMMENT):
        expect(summary).to_contain_text(english)
    submit(page, "main form button[type=submit]")
    assert page.url.endswith("/en/thanks")
    switch(page, "cy")
    expect(page.locator("h1")).not_to_have_text("Your answers have been sent")

    [response] = stored_responses(live_server)
    assert response["language"] == "en"
    assert response["answers"] == {
        "area": ["powys"], "feel-safe.daytime": ["4"], "feel-safe.after-dark": ["2"], "seen-dealing": ["yes"],
        "times-seen": ["12"], "used-services": ["treatment"], "service-helped": ["3"], "age-band": ["35-54"]}
    assert stored_texts(live_server) == [COMMENT]


def test_switching_keeps_a_wrong_answer_without_an_error(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    page.goto(live_server(f"{SURVEY}/cy/p/what-you-have-seen"))
    field(page, "seen-dealing", "yes").check()
    field(page, "times-seen").fill("lots")
    switch(page, "en")
    expect(field(page, "times-seen")).to_have_value("lots")
    expect(page.locator(".error-summary")).to_have_count(0)
    submit(page)
    expect(page.locator(".error-summary")).to_contain_text("Enter a whole number")
    switch(page, "cy")
    expect(field(page, "times-seen")).to_have_value("lots")
    expect(field(page, "seen-dealing", "yes")).to_be_checked()


def test_the_switch_leads_to_the_same_page_outside_the_questions(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    for path in (f"{SURVEY}/en/privacy", "/en/accessibility", "/en/cookies", "/en/privacy"):
        page.goto(live_server(path))
        switch(page, "cy")
        switch(page, "en")
