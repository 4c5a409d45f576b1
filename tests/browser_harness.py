"""Fixtures for real-browser tests: a live server, Chromium through Playwright, and axe-core.

Loaded as a pytest plugin by tests/conftest.py. What it gives a test:

- `live_server`: the test's own `app` (same database, same settings) served on a free loopback port
  in a background thread. `.url` is the base address, `.app` the application, `.load(...)` loads a
  survey definition (a path or a SurveyDefinition) and opens it.
- `browser` (one Chromium for the whole session), `new_page(**context_options)` (a fresh browser
  context per call, so tests never share cookies), and the ready-made `page`, `js_disabled_page`
  and `small_screen_page` (320 CSS pixels wide).
- `check_accessibility(page)`: axe-core with the WCAG 2.2 A and AA rules; fails listing every
  violation. `axe_violations(page)` returns them instead, to collect several pages at once. Both
  work on pages with JavaScript off too (axe-core then checks a script-free copy of the page).
- Every test that uses `browser` (directly or through a page fixture), and every test under
  tests/browser/, is marked `browser`, so `pytest -m browser` runs exactly these.
- When a test fails, each page it had open is saved as test-artifacts/screenshots/<test>.png;
  `save_screenshot(request.node, page, label)` saves one at once (<test>--<label>.png), for a
  crawl that reports all its problems at the end.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("LLAIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEFAULT_TIMEOUT_MS = 10_000
SMALL_SCREEN = {"width": 320, "height": 640}
BROWSER_FIXTURES = {"browser", "page", "new_page", "js_disabled_page", "small_screen_page"}


# ---------------------------------------------------------------- marking and failure reports

def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test, wherever it lives, so `-m browser` and `-m "not browser"` work."""
    browser_dir = Path(__file__).parent / "browser"
    for item in items:
        in_browser_dir = browser_dir in Path(str(item.path)).parents
        uses_browser = bool(BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())))
        if in_browser_dir or uses_browser:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell in teardown that the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _failed(node: pytest.Item) -> bool:
    return any(getattr(getattr(node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))


def _artifact_name(node: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node.name).strip("_")[:150] or "test"


# ---------------------------------------------------------------- the live server

@dataclass
class LiveServer:
    """The application served over HTTP for the browser; `url` has no trailing slash."""

    app: Flask
    url: str
    _server: BaseWSGIServer = field(repr=False)

    def load(self, source: Any, open_it: bool = True) -> Any:
        """Load a survey (a YAML path or a SurveyDefinition) into the served database; returns it."""
        from survey.definition import SurveyDefinition
        from survey.definition.loader import load_definition
        from survey.surveys import load_survey
        definition = source if isinstance(source, SurveyDefinition) else load_definition(Path(source))
        with self.app.app_context():
            load_survey(definition, open_it=open_it)
        return definition

    def __call__(self, path: str = "/") -> str:
        """The full address of a path on the server: live_server("/s/ID")."""
        return self.url + path


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve the test's `app` on a free loopback port for as long as the test runs.

    The same Flask app (so the same database and settings) is served from a background thread. That
    is safe with Flask-SQLAlchemy: its session is scoped to the app context, and each request in the
    server's threads pushes an app context of its own, so the server never shares the test's
    session. Data the test writes must be committed to be seen (load_survey and set_status commit).
    To read what the server wrote, start a fresh transaction first (`db.session.rollback()`), or
    use `with live_server.app.app_context():` for a session of its own.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="llais-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}", _server=server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's own; Playwright never downloads one) for the whole session."""
    from playwright.sync_api import sync_playwright
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (its own cookies): new_page(java_script_enabled=False).

    Keyword arguments go to browser.new_context (viewport, java_script_enabled, locale, ...). On
    failure, every page still open is saved under test-artifacts/screenshots/ before it is closed.
    """
    contexts: list[Any] = []

    def make(**context_options: Any) -> Any:
        context_options.setdefault("locale", "en-GB")
        context = browser.new_context(**context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.llais_scripts_off = context_options.get("java_script_enabled") is False
        contexts.append(context)
        return context.new_page()

    yield make
    if _failed(request.node):
        save_screenshots(request.node, [p for c in contexts for p in c.pages])
    for context in contexts:
        copy = getattr(context, "llais_copy", None)
        if copy is not None:
            copy.context.close()
        context.close()


def save_screenshot(node: pytest.Item, page: Any, label: str) -> Path | None:
    """Save one page now, as <test name>--<label>.png: for a crawl that reports its problems at the end."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_artifact_name(node)}--{re.sub(r'[^A-Za-z0-9_.-]+', '_', label)[:80]}.png"
    try:
        page.screenshot(path=str(path), full_page=True, timeout=5_000)
    except Exception as problem:  # a screenshot must never hide the test's own failure
        print(f"Could not save a screenshot of {page.url}: {problem}")
        return None
    print(f"Screenshot of {page.url} saved to {path}")
    return path


def save_screenshots(node: pytest.Item, pages: list[Any]) -> list[Path]:
    """Save a full-page screenshot of each page as <test name>.png (then -2, -3, ... for more)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    saved = []
    for number, open_page in enumerate(pages, start=1):
        if open_page.is_closed():
            continue
        suffix = "" if number == 1 else f"-{number}"
        path = SCREENSHOTS / f"{_artifact_name(node)}{suffix}.png"
        try:
            open_page.screenshot(path=str(path), full_page=True, timeout=5_000)
        except Exception as problem:  # a screenshot must never hide the test's own failure
            print(f"Could not save a screenshot of {open_page.url}: {problem}")
            continue
        print(f"Screenshot of {open_page.url} saved to {path}")
        saved.append(path)
    return saved


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page with JavaScript on, in a context of its own."""
    return new_page()


@pytest.fixture
def js_disabled_page(new_page: Callable[..., Any]) -> Any:
    """A page with JavaScript turned off, as some respondents' browsers are."""
    return new_page(java_script_enabled=False)


@pytest.fixture
def small_screen_page(new_page: Callable[..., Any]) -> Any:
    """A page 320 CSS pixels wide (WCAG 1.4.10 reflow), as on a small phone."""
    return new_page(viewport=dict(SMALL_SCREEN))


# ---------------------------------------------------------------- axe-core

_axe: Any = None


def axe_violations(page: Any, context: Any = None) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now; returns the violations.

    A page whose scripts are off cannot run axe-core (its timers never fire), so axe-core then
    checks a copy of it: the same HTML and styles, with scripts still off for the page's own code.
    """
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe
        _axe = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if getattr(page.context, "llais_scripts_off", False):
        page = _copy_without_scripts(page)
    return list(_axe.run(page, context=context, options=options).response["violations"])


def _copy_without_scripts(page: Any) -> Any:
    """The page's current HTML, served at its own address to a page in a context with scripting on
    (kept for the next time, closed with the page's context), where a Content-Security-Policy stops
    every script of the page itself; what the test runs through Playwright still runs."""
    source = page.context
    copy = getattr(source, "llais_copy", None)
    if copy is None:
        copy = source.browser.new_context(viewport=page.viewport_size).new_page()
        copy.llais_served = {}

        def serve(route: Any) -> None:
            request = route.request
            if request.resource_type == "document" and request.url.split("#", 1)[0] == copy.llais_served["address"]:
                route.fulfill(status=200, body=copy.llais_served["html"], content_type="text/html; charset=utf-8",
                              headers={"Content-Security-Policy": "script-src 'none'"})
            elif request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        source.llais_copy = copy
    copy.llais_served.update(html=page.content(), address=page.url.split("#", 1)[0])
    if page.viewport_size and page.viewport_size != copy.viewport_size:
        copy.set_viewport_size(page.viewport_size)
    copy.goto(copy.llais_served["address"])
    return copy


def describe_violations(violations: list[dict[str, Any]], where: str = "") -> str:
    """Each violation's rule, what it asks and the elements that fail it, one block per rule."""
    lines = [f"{len(violations)} accessibility violation(s){' on ' + where if where else ''}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def check_accessibility(page: Any, context: Any = None) -> None:
    """Fail unless axe-core finds no WCAG 2.2 A or AA violation on the page."""
    violations = axe_violations(page, context)
    assert not violations, describe_violations(violations, page.url)


STAFF_PASSWORD = "violet kettle murmur sprocket"


def sign_in(page: Any, server: LiveServer, email: str = "admin@example.org") -> None:
    """Sign a staff member in through the console's own form."""
    page.goto(server("/admin/"))
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    page.click("form#sign-in button[type=submit]")
    page.wait_for_url(server("/admin/"))
