"""The staff accounts screen and the audit log."""
from __future__ import annotations

from survey import audit
from survey.admin import accounts
from survey.extensions import db
from survey.models import AuditEvent

from .helpers import make_user, post, sign_in, signed_in_admin, text


def test_add_an_account_in_the_console(app, client):
    signed_in_admin(client)
    response = post(client, "/admin/users", {"email": "New.Analyst@example.org", "role": "analyst",
                                             "can_export_comments": "y", "language": "cy",
                                             "password": "amber thistle harbour crow"})
    assert response.status_code == 302
    user = accounts.find_user("new.analyst@example.org")
    assert user.role == "analyst" and user.can_export_comments and user.language == "cy"
    event = audit.recent(action=audit.Action.USER_CREATED)[0]
    assert (event.actor, event.subject) == ("admin@example.org", "new.analyst@example.org")
    assert "new.analyst@example.org" in text(client.get("/admin/users"))


def test_a_weak_password_is_refused_beside_the_field(app, client):
    signed_in_admin(client)
    response = post(client, "/admin/users", {"email": "x@example.org", "role": "admin", "language": "en",
                                             "password": "password1234"})
    assert response.status_code == 400
    page = text(response)
    assert 'id="password-error"' in page and "too common" in page
    assert accounts.find_user("x@example.org") is None


def test_disable_and_enable_an_account(app, client):
    signed_in_admin(client)
    other = make_user("other@example.org", "analyst")
    other_client = app.test_client()
    sign_in(other_client, "other@example.org")
    assert other_client.get("/admin/").status_code == 200
    assert post(client, f"/admin/users/{other.id}/disable", form_page="/admin/users").status_code == 302
    db.session.refresh(other)
    assert other.disabled_at is not None
    assert other_client.get("/admin/").status_code == 302  # signed out at once
    assert post(client, f"/admin/users/{other.id}/enable", form_page="/admin/users").status_code == 302
    db.session.refresh(other)
    assert other.disabled_at is None
    actions = [e.action for e in audit.recent()]
    assert audit.Action.USER_DISABLED in actions and accounts.USER_ENABLED in actions


def test_you_cannot_disable_yourself(app, client):
    me = signed_in_admin(client)
    post(client, f"/admin/users/{me.id}/disable", form_page="/admin/users")
    db.session.refresh(me)
    assert me.disabled_at is None


def test_the_audit_log_lists_recent_events_newest_first(app, client, conformance):
    signed_in_admin(client)
    post(client, "/admin/surveys/conformance-check/close", form_page="/admin/surveys/conformance-check")
    page = text(client.get("/admin/audit")).split("<tbody>")[1]
    assert page.index("<td>Survey closed</td>") < page.index("<td>Signed in</td>") < page.index("<td>Account made</td>")
    assert "admin@example.org" in page
    only = text(client.get("/admin/audit?action=survey_closed")).split("<tbody>")[1]
    assert "<td>Survey closed</td>" in only and "<td>Account made</td>" not in only


def test_the_audit_log_holds_no_answers_or_passwords(app, client, conformance):
    from .helpers import PASSWORD
    signed_in_admin(client)
    sign_in(app.test_client(), "admin@example.org", "a wrong password typed here")
    for event in db.session.query(AuditEvent):
        blob = f"{event.actor} {event.action} {event.subject} {event.detail}"
        assert PASSWORD not in blob and "wrong password typed" not in blob


def test_the_console_never_changes_or_deletes_audit_events(app):
    import survey.admin as package
    from pathlib import Path
    sources = [Path(audit.__file__), *Path(package.__file__).parent.glob("*.py")]
    for path in sources:
        source = path.read_text(encoding="utf-8")
        for forbidden in ("delete(AuditEvent", "update(AuditEvent", "session.delete(event"):
            assert forbidden not in source, (path, forbidden)


def test_a_page_number_beyond_any_log_is_an_empty_page(app, client):
    signed_in_admin(client)
    for page in ("99999999999999999999", "-5", "x", "1e9"):
        response = client.get(f"/admin/audit?page={page}")
        assert response.status_code == 200, page
