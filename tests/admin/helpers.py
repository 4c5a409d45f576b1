"""Helpers for the console's tests: accounts, signing in, and posting forms with their CSRF token."""
from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from survey.admin import accounts
from survey.models import User

PASSWORD = "violet kettle murmur sprocket"
ADMIN_EMAIL = "admin@example.org"
ANALYST_EMAIL = "analyst@example.org"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_user(email: str = ADMIN_EMAIL, role: str = "admin", password: str = PASSWORD, **kwargs: Any) -> User:
    kwargs.setdefault("language", "en")
    return accounts.create_user(email, password, role, **kwargs)


def token_from(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    found = CSRF.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {url} ({page.status_code})"
    return found.group(1)


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None, *, form_page: str | None = None,
         **kwargs: Any) -> TestResponse:
    """POST like a browser: take the CSRF token from the page holding the form (default: url)."""
    form = dict(data or {})
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        form["csrf_token"] = token_from(client, form_page or url)
    return client.post(url, data=form, **kwargs)


def sign_in(client: FlaskClient, email: str = ADMIN_EMAIL, password: str = PASSWORD) -> TestResponse:
    return post(client, "/admin/sign-in", {"email": email, "password": password})


def signed_in_admin(client: FlaskClient, **kwargs: Any) -> User:
    user = make_user(ADMIN_EMAIL, "admin", **kwargs)
    response = sign_in(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


def signed_in_analyst(client: FlaskClient, **kwargs: Any) -> User:
    user = make_user(ANALYST_EMAIL, "analyst", **kwargs)
    response = sign_in(client, ANALYST_EMAIL)
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)
