"""Signing in and out: sessions, time limits, lockout, throttling, and what the audit log keeps."""
from __future__ import annotations

from datetime import timedelta

import pytest

from survey import audit
from survey.admin import accounts, auth
from survey.extensions import db
from survey.models import utcnow

from .helpers import ADMIN_EMAIL, PASSWORD, make_user, post, sign_in, text

GENERIC = "The email address or password is not right."


@pytest.fixture
def admin(app):
    return make_user()


@pytest.fixture(autouse=True)
def english_browser(client):
    """Before signing in, the console follows the browser's language: English here."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_sign_in_page_is_open_to_everyone(client):
    page = client.get("/admin/sign-in")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in text(page)
    assert page.headers["Cache-Control"] == "no-store"


def test_sign_in_starts_a_fresh_session(client, admin):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session[auth.KEY_USER] == admin.id
    assert client.get("/admin/").status_code == 200
    events = audit.recent(action=audit.Action.SIGN_IN)
    assert [(e.actor, e.subject) for e in events] == [(ADMIN_EMAIL, ADMIN_EMAIL)]


def test_sign_in_needs_a_csrf_token(client, admin):
    response = client.post("/admin/sign-in", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert auth.KEY_USER not in session


def test_wrong_password_and_unknown_email_get_the_same_answer(client, admin):
    wrong = sign_in(client, ADMIN_EMAIL, "not the right password at all")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 400
    assert GENERIC in text(wrong) and GENERIC in text(unknown)
    assert text(wrong).replace(ADMIN_EMAIL, "@").count("error-message") == \
        text(unknown).replace("nobody@example.org", "@").count("error-message")
    failures = audit.recent(action=audit.Action.SIGN_IN_FAILED)
    assert {e.subject for e in failures} == {ADMIN_EMAIL, ""}
    assert all(PASSWORD not in e.detail and "not the right" not in e.detail for e in failures)
    assert "nobody@example.org" not in " ".join(e.subject + e.detail for e in failures)


def test_five_wrong_passwords_lock_the_account_for_a_while(client, admin):
    for _ in range(accounts.MAX_FAILURES):
        assert sign_in(client, ADMIN_EMAIL, "wrong password number x").status_code == 400
    db.session.refresh(admin)
    assert accounts.is_locked(admin)
    assert admin.locked_until <= utcnow() + accounts.LOCKOUT
    # Even the right password is refused while the lock lasts, with the same message.
    refused = sign_in(client)
    assert refused.status_code == 400 and GENERIC in text(refused)
    # Attempts while locked do not extend the lock.
    locked_until = admin.locked_until
    sign_in(client, ADMIN_EMAIL, "wrong password number y")
    db.session.refresh(admin)
    assert admin.locked_until == locked_until
    # The lock ends by itself.
    admin.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client).status_code == 302
    db.session.refresh(admin)
    assert admin.failed_sign_ins == 0 and admin.locked_until is None


def test_a_browser_that_signed_in_before_is_not_locked_out_by_strangers(app, client, admin):
    assert sign_in(client).status_code == 302
    post(client, "/admin/sign-out", form_page="/admin/")
    stranger = app.test_client()
    stranger.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for _ in range(accounts.MAX_FAILURES):
        sign_in(stranger, ADMIN_EMAIL, "a stranger guessing here")
    db.session.refresh(admin)
    assert accounts.is_locked(admin)
    assert sign_in(stranger).status_code == 400  # the stranger's browser is held back...
    assert sign_in(client).status_code == 302    # ...the owner's is not


def test_a_disabled_account_cannot_sign_in(client, admin):
    accounts.set_disabled(admin, True)
    response = sign_in(client)
    assert response.status_code == 400 and GENERIC in text(response)


def test_disabling_an_account_ends_its_sessions(client, admin):
    sign_in(client)
    accounts.set_disabled(admin, True)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/sign-in")


def test_sign_out_ends_the_session_and_every_copy_of_it(client, admin):
    sign_in(client)
    with client.session_transaction() as session:
        stolen = dict(session)
    response = post(client, "/admin/sign-out", form_page="/admin/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    with client.session_transaction() as session:  # replaying the old cookie does not work
        session.update(stolen)
    assert client.get("/admin/").status_code == 302
    assert audit.recent(action=audit.Action.SIGN_OUT)[0].actor == ADMIN_EMAIL


def test_sign_out_is_a_post(client, admin):
    sign_in(client)
    assert client.get("/admin/sign-out").status_code == 405


def test_an_idle_session_ends(client, admin):
    sign_in(client)
    with client.session_transaction() as session:
        session[auth.KEY_SEEN] -= int(auth.IDLE.total_seconds()) + 5
    response = client.get("/admin/")
    assert response.status_code == 302 and "expired=1" in response.headers["Location"]
    assert "signed out because" in text(client.get(response.headers["Location"]))


def test_a_busy_session_still_ends_after_its_lifetime(client, admin):
    sign_in(client)
    with client.session_transaction() as session:
        session[auth.KEY_SINCE] -= int(auth.LIFETIME.total_seconds()) + 5
    assert client.get("/admin/").status_code == 302


def test_after_sign_in_you_return_to_the_page_you_asked_for(client, admin):
    first = client.get("/admin/audit")
    assert first.headers["Location"] == "/admin/sign-in?next=/admin/audit"
    response = post(client, "/admin/sign-in?next=/admin/audit", {"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/audit"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/", "/s/somewhere",
                                    "/admin/\\evil"])
def test_no_open_redirect_after_sign_in(client, admin, target):
    response = post(client, "/admin/sign-in?next=" + target, {"email": ADMIN_EMAIL, "password": PASSWORD},
                    form_page="/admin/sign-in")
    assert response.headers["Location"] == "/admin/"


def test_many_failures_from_one_address_are_throttled(app, client, admin):
    app.config["ADMIN_ADDRESS_MAX_FAILURES"] = 3
    for n in range(3):
        sign_in(client, f"someone{n}@example.org", "a wrong password here")
    assert sign_in(client).status_code == 429


@pytest.mark.parametrize("target", ["/admin/%0d%0aSet-Cookie:%20x=1", "/admin/%0aLocation:%20https://example.org",
                                    "/admin/%09", "/admin/%7f"])
def test_a_return_address_with_control_characters_is_ignored(client, admin, target):
    response = post(client, f"/admin/sign-in?next={target}", {"email": ADMIN_EMAIL, "password": PASSWORD},
                    form_page="/admin/sign-in")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert "Set-Cookie: x" not in str(response.headers)


# ---------------------------------------------------------------- the trusted-browser cookie

def lock_out_by_strangers(app, admin) -> None:
    stranger = app.test_client()
    stranger.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for _ in range(accounts.MAX_FAILURES):
        sign_in(stranger, ADMIN_EMAIL, "a stranger guessing here")
    db.session.refresh(admin)
    assert accounts.is_locked(admin)


def device_cookie(client) -> str:
    cookie = client.get_cookie(auth.TRUSTED_COOKIE, path="/admin/")
    assert cookie is not None
    return cookie.value


def test_the_device_cookie_ends_with_a_new_password(app, client, admin):
    assert sign_in(client).status_code == 302
    post(client, "/admin/sign-out", form_page="/admin/")
    accounts.set_password(admin, "cobalt lantern quiver meadow")
    db.session.commit()
    lock_out_by_strangers(app, admin)
    assert sign_in(client, ADMIN_EMAIL, "cobalt lantern quiver meadow").status_code == 400  # the lock holds


def test_the_device_cookie_ends_when_the_account_is_disabled(app, client, admin):
    assert sign_in(client).status_code == 302
    post(client, "/admin/sign-out", form_page="/admin/")
    accounts.set_disabled(admin, True)
    accounts.set_disabled(admin, False)
    db.session.commit()
    lock_out_by_strangers(app, admin)
    assert sign_in(client).status_code == 400


def test_a_copied_device_cookie_ends_when_its_owner_signs_out(app, client, admin):
    assert sign_in(client).status_code == 302
    copied = device_cookie(client)
    thief = app.test_client()
    thief.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    thief.set_cookie(auth.TRUSTED_COOKIE, copied, path="/admin/")
    post(client, "/admin/sign-out", form_page="/admin/")  # "sign out everywhere", as every sign-out is
    assert device_cookie(client) != copied  # the owner's browser gets a new one...
    lock_out_by_strangers(app, admin)
    assert sign_in(thief).status_code == 400   # ...the copy no longer passes the lock
    assert sign_in(client).status_code == 302


def test_a_device_cookie_for_another_account_does_not_pass_the_lock(app, client, admin):
    make_user("other@example.org")
    assert sign_in(client, "other@example.org").status_code == 302
    post(client, "/admin/sign-out", form_page="/admin/")
    lock_out_by_strangers(app, admin)
    assert sign_in(client).status_code == 400


def test_a_trusted_browser_gets_more_tries_but_not_unlimited(app, client, admin):
    assert sign_in(client).status_code == 302
    post(client, "/admin/sign-out", form_page="/admin/")
    cookie = device_cookie(client)
    for _ in range(accounts.TRUSTED_MAX_FAILURES):
        client.set_cookie(auth.TRUSTED_COOKIE, cookie, path="/admin/")  # kept, even if told to forget it
        assert sign_in(client, ADMIN_EMAIL, "guessing from the trusted browser").status_code == 400
    db.session.refresh(admin)
    assert accounts.is_locked(admin)
    client.set_cookie(auth.TRUSTED_COOKIE, cookie, path="/admin/")
    assert sign_in(client).status_code == 400  # now held back: even the right password waits
    failures = audit.recent(action=audit.Action.SIGN_IN_FAILED)
    assert sum(e.detail.endswith(accounts.FROM_TRUSTED_BROWSER) for e in failures) == accounts.TRUSTED_MAX_FAILURES
    assert accounts.TRUSTED_MAX_FAILURES > accounts.MAX_FAILURES
    # The tries count for LOCKOUT: after it, the browser passes the lock again.
    for event in failures:
        event.at -= accounts.LOCKOUT + timedelta(seconds=1)
    admin.locked_until = utcnow() + timedelta(minutes=1)  # a stranger's lock still holds
    db.session.commit()
    assert sign_in(client).status_code == 302
