"""At 320 CSS pixels wide (WCAG 1.4.10 reflow), no respondent page scrolls sideways.

Every page of every survey (question pages also in their error state), and every page outside
the surveys, in both languages.
"""
from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.browser.walk import LANGS, load_surveys, walk_site_pages, walk_survey
from tests.browser_harness import SMALL_SCREEN, LiveServer, save_screenshot

WIDEST = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5);
  return wide.slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_scrolls_sideways_at_320_pixels(live_server: LiveServer, new_page: Callable[..., Any],
                                                 request: pytest.FixtureRequest, lang: str) -> None:
    surveys = load_surveys(live_server, unavailable=True)
    problems: list[str] = []
    seen: list[str] = []

    def visit(page: Any, label: str) -> None:
        seen.append(label)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > SMALL_SCREEN["width"]:
            problems.append(f"{label} ({page.url}) is {width}px wide; too wide: {page.evaluate(WIDEST)}")
            save_screenshot(request.node, page, label)

    page = new_page(viewport=dict(SMALL_SCREEN))
    for definition in surveys.values():
        walk_survey(page, live_server.url, definition, lang, visit, language_choice=lang == "cy")
    walk_site_pages(page, live_server.url, (lang,), visit, bilingual=lang == "cy")
    assert not problems, "\n".join(problems)
    assert len(seen) > 30
