"""Pressing "Send my answers" twice, quickly, stores exactly one response and thanks the respondent.

With JavaScript the second press is ignored by the page. Should two sends reach the server anyway
(from two tabs, or both at the same moment), it stores the response once, by its submission key,
and thanks the respondent both times.
"""
from __future__ import annotations

import re
import threading
from typing import Any, Callable

import pytest
import requests

from tests.browser.walk import CONFORMANCE, address, field, stored_responses, submit
from tests.browser_harness import LiveServer

SURVEY = "/s/conformance-check"
SEND = "main form button[type=submit]"


def reach_check_page(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server(f"{SURVEY}/en/p/what-you-have-seen"))
    field(page, "seen-dealing", "not-sure").check()
    submit(page)
    page.goto(live_server(f"{SURVEY}/en/check"))
    assert address(page).endswith("/en/check")


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_a_double_click_on_send_stores_one_response(live_server: LiveServer, new_page: Callable[..., Any],
                                                    scripts: bool) -> None:
    live_server.load(CONFORMANCE)
    page = new_page(java_script_enabled=scripts)
    reach_check_page(page, live_server)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.locator(SEND).dblclick()  # (without JavaScript the second may cut the first short)
    page.wait_for_url("**/en/thanks")
    assert page.locator("h1").inner_text() == "Your answers have been sent"
    assert len(posts) == 1 if scripts else 1 <= len(posts) <= 2, posts
    responses = stored_responses(live_server)
    assert len(responses) == 1
    assert responses[0]["answers"] == {"seen-dealing": ["not-sure"]}

    # Going back to the page and sending again stores nothing more.
    page.go_back()
    if address(page).endswith("/en/check"):
        submit(page, SEND)
    assert len(stored_responses(live_server)) == 1


def test_sending_from_two_tabs_at_once_stores_one_response(live_server: LiveServer, page: Any) -> None:
    """The same answers open in two tabs of one browser: sending from both stores them once."""
    live_server.load(CONFORMANCE)
    reach_check_page(page, live_server)
    other = page.context.new_page()
    other.goto(page.url)
    for tab in (page, other):
        submit(tab, SEND)
        assert address(tab).endswith("/en/thanks"), tab.url
    assert len(stored_responses(live_server)) == 1


def test_two_sends_at_the_same_moment_store_one_response(live_server: LiveServer, page: Any) -> None:
    """Two sends of the same form racing each other to the server (as a double click may)."""
    live_server.load(CONFORMANCE)
    reach_check_page(page, live_server)
    html = page.content()
    form = {name: re.search(f'name="{name}" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
            for name in ("csrf_token", "submission_key")}
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    start = threading.Barrier(2)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        start.wait()
        reply = requests.post(page.url, data=form, cookies=cookies, allow_redirects=False, timeout=20)
        answers.append((reply.status_code, reply.headers.get("Location", "")))

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert [code for code, _ in answers] == [302, 302], answers
    assert all(where.endswith("/en/thanks") for _, where in answers), answers
    assert len(stored_responses(live_server)) == 1
