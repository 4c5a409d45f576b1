"""Test helpers: a respondent that fills in forms the way a browser does."""
from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


class Respondent:
    """Fills in a survey through the test client: GET a page, then POST it with its token."""

    def __init__(self, client: FlaskClient, base: str) -> None:
        self.client = client
        self.base = base  # such as /s/conformance-check

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(self.base + path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> TestResponse:
        page = self.client.get(self.base + path)
        found = CSRF.search(text_of(page))
        form = dict(data or {})
        if found:
            form["csrf_token"] = found.group(1)
        return self.client.post(self.base + path, data=form, **kwargs)

    def submit(self, lang: str) -> TestResponse:
        page = self.get(f"/{lang}/check")
        assert page.status_code == 200, page.status_code
        html = text_of(page)
        return self.client.post(f"{self.base}/{lang}/check", data={
            "csrf_token": CSRF.search(html).group(1),
            "submission_key": SUBMISSION_KEY.search(html).group(1)})

    def errors(self, response: TestResponse) -> list[str]:
        summary = re.search(r'class="error-summary__list">(.*?)</ul>', text_of(response), re.S)
        return re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(1)) if summary else []
