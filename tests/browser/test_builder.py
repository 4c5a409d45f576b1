"""The survey builder in a real browser: the conformance fixture built from nothing with JavaScript
off, axe-core on every builder page in Welsh and English, the keyboard alone, and a small screen."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from survey.builder.document import ITEM_LISTS, conditions_of
from survey.definition import parse_definition
from tests.browser_harness import (STAFF_PASSWORD, LiveServer, axe_violations, describe_violations, save_screenshot,
                                   sign_in)
from tests.conftest import conformance_raw

PASSWORD = STAFF_PASSWORD
BUILDER = "/admin/builder"


@pytest.fixture
def staff(live_server: LiveServer) -> LiveServer:
    from survey.admin import accounts
    accounts.create_user("admin@example.org", PASSWORD, "admin", language="en")
    return live_server


def fill_texts(page: Any, node: dict[str, Any], *names: str) -> None:
    for name in names:
        value = node.get(name)
        if value:
            page.fill(f"#{name}-cy", value["cy"])
            page.fill(f"#{name}-en", value["en"])


def tick_conditions(page: Any, node: dict[str, Any]) -> None:
    """Open 'Show this only when...' and tick the answers, as a person would: by their labels."""
    wanted = conditions_of(node)
    if not wanted:
        return
    page.click("#show_if summary")
    for condition in wanted:
        group = page.locator("#show_if fieldset", has=page.locator(f"code:text-is('{condition['question']}')"))
        for value in condition["any_of"]:
            group.locator(f"input[value='{value}']").check()


def save(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).last.click()


def build_question(page: Any, question: dict[str, Any]) -> None:
    """Fill one question's page from nothing: its lists grow with the Add buttons, then Save."""
    add_labels = {"options": "Add an answer", "scale": "Add a point", "rows": "Add a row"}
    for list_name in ITEM_LISTS:
        for _ in question.get(list_name) or []:
            save(page, add_labels[list_name])
    page.fill("#id", question["id"])
    fill_texts(page, question, "text", "hint")
    for flag in ("required", "breakdown", "long"):
        if question.get(flag):
            page.check(f"#{flag}")
    for key in ("max_choices", "min", "max", "max_length"):
        if question.get(key) is not None:
            page.fill(f"#{key}", str(question[key]))
    for list_name in ITEM_LISTS:
        key = "id" if list_name == "rows" else "value"
        for i, item in enumerate(question.get(list_name) or []):
            page.fill(f"#{list_name}-{i}-{key}", str(item[key]))
            page.fill(f"#{list_name}-{i}-cy", item["label"]["cy"])
            page.fill(f"#{list_name}-{i}-en", item["label"]["en"])
            if item.get("exclusive"):
                page.check(f"#{list_name}-{i}-exclusive")
    tick_conditions(page, question)
    save(page, "Save the question")


def test_the_conformance_fixture_built_from_nothing_in_a_browser_is_the_fixture(
        staff: LiveServer, new_page: Callable[..., Any]) -> None:
    """Every part of the format, made with plain forms and JavaScript off; the saved file is the fixture."""
    fixture = conformance_raw()
    page = new_page(java_script_enabled=False)
    sign_in(page, staff)
    page.goto(staff(BUILDER + "/"))
    page.fill("#new_id", fixture["id"])
    save(page, "Start the survey")
    fill_texts(page, fixture, "title", "description", "privacy", "support", "thank_you")
    page.fill("#retention_days", str(fixture["retention_days"]))
    save(page, "Save the settings")
    for number, built in enumerate(fixture["pages"], start=1):
        save(page, "Add a page")
        page.fill("#id", built["id"])
        fill_texts(page, built, "title", "intro")
        save(page, "Save the page")
        for question in built["questions"]:
            page.select_option(f"#type-{number}", question["type"])
            save(page, f"Add a question to page {number}")
            build_question(page, question)
    for number, built in enumerate(fixture["pages"], start=1):  # conditions name questions made above
        if built.get("show_if"):
            page.goto(staff(f"{BUILDER}/{fixture['id']}/pages/{number}"))
            tick_conditions(page, built)
            save(page, "Save the page")
    overview = page.content()
    assert "Welsh is missing" not in overview and "to put right" not in overview
    saved = yaml.safe_load(page.request.get(staff(f"{BUILDER}/{fixture['id']}/definition.yaml")).text())
    assert parse_definition(saved) == parse_definition(conformance_raw())
    assert {k: v for k, v in saved.items() if k != "channels"} == {k: v for k, v in fixture.items() if k != "channels"}
    save(page, "Store the survey")
    assert page.url.endswith("/admin/surveys/conformance-check")


def pages_to_check(server: LiveServer) -> list[str]:
    survey = f"{BUILDER}/conformance-check"
    return [BUILDER + "/", survey, survey + "/settings", survey + "/pages/4", survey + "/pages/1/questions/1",
            survey + "/pages/1/questions/2", survey + "/pages/2/questions/2", survey + "/pages/3/questions/1",
            survey + "/pages/5/questions/2", survey + "/welsh", survey + "/translation", survey + "/versions",
            BUILDER + "/upload"]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_builder_passes_axe(staff: LiveServer, conformance: Any, new_page: Callable[..., Any],
                                request: pytest.FixtureRequest, tmp_path: Path, lang: str) -> None:
    page = new_page(java_script_enabled=False)
    problems: list[str] = []

    def check(label: str) -> None:
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations, f"{label} ({page.url})"))
            save_screenshot(request.node, page, label)

    sign_in(page, staff)
    if lang == "cy":
        page.click("button[name=language][value=cy]")
        page.wait_for_load_state()
    for preview in ("/preview/cy", "/preview/en/p/your-area"):  # the respondents' pages, drawn from the draft
        page.goto(staff(f"{BUILDER}/conformance-check{preview}"))
        assert page.locator("html").get_attribute("lang") == preview.split("/")[2]
        check(preview)
    page.goto(staff(f"{BUILDER}/conformance-check/welsh"))
    page.fill("#cy-q\\:area\\:text", "")
    page.locator("#welsh button[type=submit]").click()  # missing Welsh, marked and listed
    page.wait_for_load_state()
    for path in pages_to_check(staff):
        page.goto(staff(path))
        assert page.locator("html").get_attribute("lang") == lang, path
        check(path)
    page.goto(staff(f"{BUILDER}/conformance-check/pages/3/questions/1"))
    page.fill("#max_choices", "lots")
    page.get_by_role("button", name="Save the question" if lang == "en" else "Cadw'r cwestiwn").last.click()
    page.wait_for_selector(".error-summary")
    check("question with an error")
    xliff = tmp_path / "back.xlf"
    xliff.write_bytes(page.request.get(staff(f"{BUILDER}/conformance-check/translation.xlf")).body()
                      .replace(b"Cyfnewid nodwyddau", b"Cyfnewid chwistrelli"))
    page.goto(staff(f"{BUILDER}/conformance-check/translation"))
    page.set_input_files("#translation", str(xliff))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Cyfnewid chwistrelli" in page.content()
    check("translation changes")
    assert not problems, "\n\n".join(problems)


def test_moving_a_page_with_the_keyboard_alone(staff: LiveServer, conformance: Any, page: Any) -> None:
    sign_in(page, staff)
    page.goto(staff(f"{BUILDER}/conformance-check"))
    for _ in range(300):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
        if name == "Move down page your-area":
            break
    else:
        pytest.fail("the Move down button of the first page cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    titles = page.locator("section.builder-item h3.heading-m").all_inner_texts()
    assert "what-you-have-seen" in titles[0] and "your-area" in titles[1]


def test_no_builder_page_scrolls_sideways_on_a_small_screen(staff: LiveServer, conformance: Any,
                                                            small_screen_page: Any) -> None:
    page = small_screen_page
    sign_in(page, staff)
    wide = []
    for path in pages_to_check(staff):
        page.goto(staff(path))
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            wide.append(path)
    assert not wide, f"these pages scroll sideways at 320 pixels: {wide}"
