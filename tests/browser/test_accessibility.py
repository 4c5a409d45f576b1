"""axe-core's WCAG 2.2 A and AA rules on every page a respondent can see, in Welsh and in English.

Each survey (the conformance fixture and the examples) is answered from its language choice to
its thank-you page, and every page is checked as it is reached, question pages also in their
error state. Then the pages outside the flow: information pages, a missing page, an expired form,
the index, unavailable surveys, and the page shown when answers could not be stored. Problems
are collected for the whole walk and reported together; each failing page is saved as a
screenshot when it is found.
"""
from __future__ import annotations

from typing import Any, Callable

import pytest
from sqlalchemy.exc import OperationalError

from tests.browser.test_welsh import welsh_problems
from tests.browser.walk import (CONFORMANCE, LANGS, SURVEY_FILES, field, load_surveys, submit, walk_site_pages,
                                walk_survey)
from tests.browser_harness import (SMALL_SCREEN, LiveServer, axe_violations, describe_violations,
                                   save_screenshot)


def axe_visitor(request: pytest.FixtureRequest, problems: list[str], seen: list[str]) -> Callable[[Any, str], None]:
    """A visit that runs axe-core on the page and notes (and photographs) what fails."""
    def visit(page: Any, label: str) -> None:
        seen.append(label)
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations, f"{label} ({page.url})"))
            save_screenshot(request.node, page, label)
    return visit


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("survey_file", SURVEY_FILES, ids=[p.stem for p in SURVEY_FILES])
def test_every_page_of_the_survey_passes_axe(live_server: LiveServer, new_page: Callable[..., Any],
                                             request: pytest.FixtureRequest, survey_file: Any,
                                             lang: str) -> None:
    definition = live_server.load(survey_file)
    problems: list[str] = []
    seen: list[str] = []
    # The language choice shows both languages at once: checking it once, with Welsh, is enough.
    walk_survey(new_page(), live_server.url, definition, lang, axe_visitor(request, problems, seen),
                language_choice=lang == "cy")
    assert not problems, "\n\n".join(problems)
    assert {"start", "check your answers", "thank you"} <= set(seen)
    assert any(label.endswith("with errors") for label in seen), "no page was seen in its error state"


def test_every_page_outside_the_surveys_passes_axe(live_server: LiveServer, new_page: Callable[..., Any],
                                                  request: pytest.FixtureRequest) -> None:
    load_surveys(live_server, unavailable=True)
    problems: list[str] = []
    seen: list[str] = []
    walk_site_pages(new_page(), live_server.url, LANGS, axe_visitor(request, problems, seen))
    assert not problems, "\n\n".join(problems)
    assert len(seen) == 2 * 5 + 4


def test_the_page_shown_when_answers_could_not_be_sent(live_server: LiveServer, new_page: Callable[..., Any],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The "try again" page (the database failed while storing): axe-core, Welsh, and 320 pixels."""
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    live_server.load(CONFORMANCE)
    monkeypatch.setattr("survey.respond.views.add_response", fail)
    for lang in LANGS:
        page = new_page(viewport=dict(SMALL_SCREEN))
        page.goto(live_server(f"/s/conformance-check/{lang}/p/what-you-have-seen"))
        field(page, "seen-dealing", "no").check()
        submit(page)
        page.goto(live_server(f"/s/conformance-check/{lang}/check"))
        submit(page, "main form button[type=submit]")
        assert page.locator("main form").get_attribute("action").endswith(f"/{lang}/check")
        assert page.locator("main form input[name=submission_key]").get_attribute("value")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations, page.url)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= SMALL_SCREEN["width"]
        if lang == "cy":
            assert welsh_problems(page) == []
