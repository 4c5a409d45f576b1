"""The console speaks each person's language, Welsh or English, and remembers the choice."""
from __future__ import annotations

import re

from babel.messages.pofile import read_po

from survey.admin import accounts
from survey.extensions import db
from tests.conftest import FIXTURES

from .helpers import ADMIN_EMAIL, make_user, post, sign_in, text

ROOT = FIXTURES.parent.parent


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(body.split())


def english_only_messages() -> list[str]:
    with (ROOT / "translations" / "fragments" / "admin.po").open("rb") as f:
        catalog = read_po(f)
    found = []
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string != message.id and "%" not in message.id:
            if len(message.id) > 12:  # long enough not to be part of other words
                found.append(message.id)
    return found


def test_a_welsh_speaker_gets_the_console_in_welsh(app, client, conformance):
    make_user(language="cy")
    sign_in(client)
    for url in ("/admin/", "/admin/surveys/conformance-check", "/admin/surveys/conformance-check/results",
                "/admin/surveys/conformance-check/exports", "/admin/surveys/conformance-check/kiosk",
                "/admin/users", "/admin/audit", "/admin/surveys/upload"):
        page = text(client.get(url))
        assert '<html lang="cy">' in page, url
        shown = visible_text(page)
        assert "Allgofnodi" in shown and "Arolygon" in shown
        for english in english_only_messages():
            assert english not in shown, (url, english)
    assert 'lang="en">English</button>' in text(client.get("/admin/"))
    results = text(client.get("/admin/surveys/conformance-check/results"))
    assert '<span class="caption" lang="cy">Cyffuriau yn ein cymunedau</span>' in results


def test_the_language_switch_changes_and_remembers_the_language(app, client, conformance):
    user = make_user(language="cy")
    sign_in(client)
    response = post(client, "/admin/language", {"language": "en", "next": "/admin/surveys/conformance-check"},
                    form_page="/admin/")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/surveys/conformance-check"
    page = text(client.get(response.headers["Location"]))
    assert '<html lang="en">' in page and "Sign out" in page
    db.session.refresh(user)
    assert user.language == "en"
    # The choice is the account's: it follows the person to their next sign-in.
    other = app.test_client()
    sign_in(other)
    assert '<html lang="en">' in text(other.get("/admin/"))


def test_the_switch_will_not_leave_the_console(app, client):
    make_user(language="cy")
    sign_in(client)
    response = post(client, "/admin/language", {"language": "en", "next": "https://evil.example/"},
                    form_page="/admin/")
    assert response.headers["Location"] == "/admin/"


def test_the_sign_in_page_switches_language_before_signing_in(app, client):
    response = post(client, "/admin/sign-in?next=/admin/audit", {"switch_language": "cy"},
                    form_page="/admin/sign-in")
    page = text(response)
    assert response.status_code == 200 and '<html lang="cy">' in page
    assert "Mewngofnodi i gonsol staff Llais" in page
    assert 'action="/admin/sign-in?next=/admin/audit"' in page  # where to go after signing in is kept
    response = post(client, "/admin/sign-in", {"switch_language": "en"})
    assert "Sign in to the Llais staff console" in text(response)


def test_welsh_messages_for_errors(app, client):
    make_user(language="cy")
    post(client, "/admin/sign-in", {"switch_language": "cy"})
    response = sign_in(client, ADMIN_EMAIL, "not the right one")
    page = text(response)
    assert "<title>Gwall:" in page
    assert "Dydy&#39;r cyfeiriad e-bost neu&#39;r cyfrinair ddim yn gywir" in page


def test_password_messages_follow_the_language(app):
    with app.test_request_context("/admin/users"):
        from flask_babel import force_locale
        with force_locale("cy"):
            try:
                accounts.create_user("x@example.org", "short", "admin")
            except accounts.AccountError as exc:
                assert "12 nod" in str(exc)
            else:
                raise AssertionError("a short password was accepted")
