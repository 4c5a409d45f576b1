"""The keyboard alone is enough: Tab, Space, Enter and the arrow keys answer a whole survey, focus is
visible wherever it lands, and the error summary takes focus, its links moving focus to the fields."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.walk import CONFORMANCE, load_surveys, stored_responses, stored_texts
from tests.browser_harness import LiveServer

SURVEY = "/s/conformance-check"
MOST_TABS = 60

# Where focus is, and whether it can be seen: the focused element, its label, or the label's
# drawn box must look different from when it is not focused, and it must be on the screen.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {what: "nothing", visible: false}; }
  const parts = [[el, null]];
  if (el.labels && el.labels.length) { parts.push([el.labels[0], null], [el.labels[0], "::before"]); }
  const clear = c => c === "transparent" || /^rgba\\(.*, 0\\)$/.test(c);
  const look = () => parts.map(([e, pseudo]) => {
    const s = getComputedStyle(e, pseudo);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor)
      ? [s.outlineStyle, s.outlineWidth, s.outlineColor].join(" ") : "none";
    return [outline, s.boxShadow, s.backgroundColor, s.color, s.borderTopColor, s.borderTopWidth,
            s.textDecorationLine].join(" ");
  }).join(" | ");
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus({preventScroll: true});
  const box = el.getBoundingClientRect();
  const onScreen = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  const name = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40);
  return {what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} ${el.name || ""} ${name}`.trim(),
          visible: focused !== unfocused && onScreen};
}"""


class Keyboard:
    """Presses keys on a page, checking after every Tab that focus can be seen."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.unseen: list[str] = []

    def focus_state(self) -> dict[str, Any]:
        state = self.page.evaluate(FOCUS)
        if not state["visible"]:
            self.unseen.append(f"{self.page.url}: {state['what']}")
        return state

    def tab_to(self, selector: str) -> None:
        """Press Tab until the focused element matches the selector."""
        stops = []
        for _ in range(MOST_TABS):
            self.page.keyboard.press("Tab")
            stops.append(self.focus_state()["what"])
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}; it went to {stops}")

    def press(self, key: str, navigates: bool = False) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)

    def choose(self, name: str, value: str) -> None:
        """Tab to a group of radios and choose one with the arrow keys (Space for the first)."""
        self.tab_to(f'input[name="{name}"]')
        values = self.page.evaluate("n => [...document.getElementsByName(n)].map(e => e.value)", name)
        at = values.index(self.page.evaluate("() => document.activeElement.value"))
        steps = values.index(value) - at
        self.press(" " if steps == 0 else ("ArrowDown" if steps > 0 else "ArrowUp"))
        for _ in range(abs(steps) - 1):
            self.press("ArrowDown" if steps > 0 else "ArrowUp")
        self.focus_state()
        assert self.page.evaluate("() => document.activeElement.checked"), f"{name}={value} not chosen"

    def tick(self, name: str, value: str) -> None:
        self.tab_to(f'input[name="{name}"][value="{value}"]')
        self.press(" ")
        assert self.page.evaluate("() => document.activeElement.checked"), f"{name}={value} not ticked"

    def type_into(self, name: str, text: str) -> None:
        self.tab_to(f'[name="{name}"]')
        self.page.keyboard.type(text)

    def send(self, button: str = "#answers button[type=submit]") -> None:
        self.tab_to(button)
        self.press("Enter", navigates=True)


def test_a_whole_survey_by_keyboard_with_focus_always_visible(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    keys = Keyboard(page)
    page.goto(live_server(SURVEY))
    keys.tab_to(".skip-link")
    keys.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    keys.tab_to('.language-choice a[lang="cy"]')
    keys.press("Enter", navigates=True)
    keys.tab_to(".button--start")
    keys.press(" ", navigates=True)  # a link shown as a button works like one
    assert page.url.endswith("/cy/p/your-area")

    keys.choose("area", "powys")
    keys.choose("feel-safe__daytime", "4")
    keys.choose("feel-safe__after-dark", "2")
    keys.send()
    keys.choose("seen-dealing", "yes")  # reveals the next question
    keys.type_into("times-seen", "12")
    keys.send()
    keys.tick("used-services", "treatment")
    keys.tick("used-services", "peer-support")
    keys.send()
    keys.choose("service-helped", "3")
    keys.send()
    keys.choose("age-band", "18-34")
    keys.type_into("comments", "Dim byd.\nDiolch.")
    keys.send()
    assert page.url.endswith("/cy/check")
    keys.send("main form button[type=submit]")
    assert page.url.endswith("/cy/thanks")
    keys.tab_to(".footer__links a")

    assert not keys.unseen, "focus could not be seen on:\n" + "\n".join(keys.unseen)
    [response] = stored_responses(live_server)
    assert response["answers"] == {
        "area": ["powys"], "feel-safe.daytime": ["4"], "feel-safe.after-dark": ["2"], "seen-dealing": ["yes"],
        "times-seen": ["12"], "used-services": ["peer-support", "treatment"], "service-helped": ["3"],
        "age-band": ["18-34"]}
    assert stored_texts(live_server) == ["Dim byd.\nDiolch."]


def test_the_error_summary_takes_focus_and_its_links_move_focus_to_the_fields(
        live_server: LiveServer, page: Any, make_survey: Any) -> None:
    def required(raw: dict[str, Any]) -> None:
        for question in raw["pages"][0]["questions"]:
            question["required"] = True
    make_survey(required)
    keys = Keyboard(page)
    for lang in ("en", "cy"):
        page.goto(live_server(f"{SURVEY}/{lang}/p/your-area"))
        keys.send()
        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        keys.focus_state()
        assert page.title().startswith({"en": "Error:", "cy": "Gwall:"}[lang])
        targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
        assert targets == ["q-area", "q-feel-safe-daytime", "q-feel-safe-after-dark"]
        for number, target in enumerate(targets):
            summary.focus()
            for _ in range(number + 1):
                keys.press("Tab")
            keys.focus_state()
            keys.press("Enter")
            expect(page.locator(f"#{target}")).to_be_focused()
            keys.focus_state()
            question = page.locator(f"#{target}").locator("xpath=ancestor::fieldset[last()]/legend")
            expect(question).to_be_in_viewport()  # the question, not only a grid row's label
            expect(page.locator(f"#{target}")).to_be_in_viewport()
        # Answering from there with the keyboard: the arrow keys choose in the focused group.
        keys.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.checked")
    assert not keys.unseen, "focus could not be seen on:\n" + "\n".join(keys.unseen)


def test_focus_is_visible_on_every_link_and_control_of_the_other_pages(live_server: LiveServer, page: Any) -> None:
    """Tab through the pages outside the questions from top to bottom."""
    load_surveys(live_server, unavailable=True)
    keys = Keyboard(page)
    for path in ("/", f"{SURVEY}", "/s/closed-survey", f"{SURVEY}/en", f"{SURVEY}/en/privacy",
                 "/cy/accessibility", "/en/cookies"):
        page.goto(live_server(path))
        count = page.evaluate("() => document.querySelectorAll('a[href], button, input, textarea').length")
        for _ in range(count):
            page.keyboard.press("Tab")
            keys.focus_state()
    assert not keys.unseen, "focus could not be seen on:\n" + "\n".join(keys.unseen)


def test_the_focus_check_finds_focus_that_cannot_be_seen(live_server: LiveServer, page: Any) -> None:
    live_server.load(CONFORMANCE)
    page.goto(live_server(f"{SURVEY}/en/privacy"))
    page.evaluate("""() => {
        const link = document.querySelector('.footer__links a');
        Object.assign(link.style, {outline: 'none', background: 'none', boxShadow: 'none',
                                   color: getComputedStyle(link).color, textDecoration: 'underline'});
        link.focus();
    }""")
    keys = Keyboard(page)
    assert keys.focus_state()["visible"] is False
    assert keys.unseen
