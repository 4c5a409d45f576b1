"""In Chromium: the Content-Security-Policy blocks nothing Llais itself needs, and its scripts run."""
from __future__ import annotations

from typing import Any

from survey.definition import SurveyDefinition
from survey.extensions import db

WATCH = """
document.addEventListener('securitypolicyviolation', function (e) {
  (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_no_page_breaks_the_policy(page: Any, live_server: Any, conformance: SurveyDefinition) -> None:
    from survey.kiosk.links import create_link
    with live_server.app.app_context():
        token = create_link(conformance.id, "Canolfan").token
        db.session.commit()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)
    violations: list[str] = []
    for path in ["/", "/s/conformance-check", "/s/conformance-check/en", "/s/conformance-check/cy/p/your-area",
                 "/s/conformance-check/en/p/services", f"/k/{token}", "/admin/sign-in", "/en/cookies"]:
        page.goto(live_server(path))
        assert page.evaluate("document.documentElement.classList.contains('js-enabled')"), path
        violations += [f"{path}: {v}" for v in page.evaluate("window.__violations || []")]
    page.goto(live_server("/s/conformance-check/en/p/services"))
    page.check("input[value='needle-exchange']")
    page.check("input[value='none']")  # the exclusive option: llais.js unticks the others
    assert not page.is_checked("input[value='needle-exchange']")
    violations += page.evaluate("window.__violations || []")
    assert violations == []
    assert [m for m in console if "Content Security Policy" in m or "Permissions-Policy" in m] == []
