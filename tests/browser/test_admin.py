"""The staff console in a real browser: signing in, and axe-core on its main pages in both languages."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.browser_harness import (STAFF_PASSWORD, LiveServer, axe_violations, describe_violations, save_screenshot,
                                   sign_in)

PASSWORD = STAFF_PASSWORD
SURVEY = "/admin/surveys/conformance-check"
PAGES = ["/admin/", SURVEY, SURVEY + "/preview", SURVEY + "/results", SURVEY + "/exports", SURVEY + "/comments/review",
         SURVEY + "/kiosk", SURVEY + "/schedule", "/admin/surveys/upload", "/admin/users", "/admin/audit"]


@pytest.fixture
def console(live_server: LiveServer, conformance: Any) -> LiveServer:
    """A served console with an admin, some responses in a release, a kiosk link and an export to show."""
    from survey.admin import accounts
    from survey.extensions import db
    from survey.kiosk import links
    from survey.responses import Provenance, add_response
    from survey.results.export import write_export
    accounts.create_user("admin@example.org", PASSWORD, "admin", language="en")
    for n in range(24):
        add_response(conformance, {"area": "powys" if n % 3 else "ceredigion", "seen-dealing": "no"},
                     Provenance("cy", "kiosk" if n < 4 else "public", "Brecon" if n < 4 else None), date(2026, 3, 2))
    links.create_link("conformance-check", "Brecon", actor="admin@example.org")
    db.session.commit()
    from survey.admin import downloads
    from survey.results.releases import cut_release
    cut_release("conformance-check", date(2026, 3, 3), "admin@example.org")
    write_export("conformance-check", out_dir=downloads.new_export_dir(live_server.app.config["EXPORT_DIR"],
                                                                          "conformance-check", "aggregate"))
    return live_server


def test_sign_in_with_the_keyboard(console: LiveServer, page: Any) -> None:
    page.goto(console("/admin/"))
    assert page.url.startswith(console("/admin/sign-in"))
    page.focus("#email")
    page.keyboard.type("admin@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("a wrong password typed here")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Error:")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(console("/admin/"))
    assert page.locator("h1").inner_text() == "Surveys"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_console_passes_axe(console: LiveServer, new_page: Callable[..., Any],
                                request: pytest.FixtureRequest, tmp_path: Path, lang: str) -> None:
    page = new_page()
    problems: list[str] = []

    def check(label: str) -> None:
        violations = axe_violations(page)
        if violations:
            problems.append(describe_violations(violations, f"{label} ({page.url})"))
            save_screenshot(request.node, page, label)

    page.goto(console("/admin/sign-in"))
    check("sign in")
    page.click("form#sign-in button[type=submit]")
    check("sign in with errors")
    sign_in(page, console)
    if lang == "cy":
        page.click("button[name=language][value=cy]")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "cy"
    for path in PAGES:
        page.goto(console(path))
        assert page.locator("html").get_attribute("lang") == lang, path
        check(path)
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\nid: Not An Id\n", encoding="utf-8")
    page.goto(console("/admin/surveys/upload"))
    page.set_input_files("#definition", str(bad))
    page.click("main button[type=submit]")
    page.wait_for_selector(".admin-problems")
    check("upload with errors")
    assert not problems, "\n\n".join(problems)


def test_no_console_page_scrolls_sideways_on_a_small_screen(console: LiveServer, small_screen_page: Any) -> None:
    page = small_screen_page
    sign_in(page, console)
    wide = []
    for path in PAGES:
        page.goto(console(path))
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            wide.append(path)
    assert not wide, f"these pages scroll sideways at 320 pixels: {wide}"
