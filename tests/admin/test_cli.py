"""`survey users create | list | disable | enable | password`."""
from __future__ import annotations

from survey import audit
from survey.admin import accounts
from survey.models import AuditEvent

from .helpers import PASSWORD, make_user


def create(runner, *args, password=PASSWORD):
    return runner.invoke(args=["users", "create", *args], input=password + "\n")


def test_create_reads_the_password_from_standard_input(app, runner):
    result = create(runner, "Admin@Example.org", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "admin@example.org: created (admin)" in result.output
    user = accounts.find_user("admin@example.org")
    assert user.role == "admin" and not user.can_export_comments
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    events = audit.recent(action=audit.Action.USER_CREATED)
    assert [(e.actor, e.subject) for e in events] == [(audit.SYSTEM, "admin@example.org")]
    assert PASSWORD not in events[0].detail


def test_create_an_analyst_who_may_export_comments(app, runner):
    result = create(runner, "analyst@example.org", "--role", "analyst", "--can-export-comments")
    assert result.exit_code == 0, result.output
    assert accounts.find_user("analyst@example.org").can_export_comments


def test_short_and_common_passwords_are_refused(app, runner):
    for weak in ("short", "password1234", "qwertyuiop123"):
        result = create(runner, "a@example.org", "--role", "admin", password=weak)
        assert result.exit_code == 1
        assert "no account was made" in result.output
    assert accounts.find_user("a@example.org") is None
    assert app.extensions  # still usable


def test_the_role_must_be_admin_or_analyst(app, runner):
    result = create(runner, "a@example.org", "--role", "superuser")
    assert result.exit_code != 0
    assert accounts.find_user("a@example.org") is None


def test_an_email_address_is_used_once(app, runner):
    assert create(runner, "a@example.org", "--role", "admin").exit_code == 0
    result = create(runner, "A@example.org", "--role", "analyst")
    assert result.exit_code == 1
    assert "already an account" in result.output


def test_a_bad_email_address_is_refused(app, runner):
    result = create(runner, "not-an-address", "--role", "admin")
    assert result.exit_code == 1
    assert "email address" in result.output


def test_list_disable_enable_and_password(app, runner):
    make_user("admin@example.org", "admin")
    make_user("analyst@example.org", "analyst", can_export_comments=True)
    listed = runner.invoke(args=["users", "list"]).output
    assert "admin@example.org\tadmin" in listed and "analyst@example.org\tanalyst\tcomments" in listed
    version = accounts.find_user("analyst@example.org").session_version

    result = runner.invoke(args=["users", "disable", "analyst@example.org"])
    assert result.exit_code == 0 and "disabled" in result.output
    user = accounts.find_user("analyst@example.org")
    assert user.disabled_at is not None and user.session_version == version + 1
    assert "analyst@example.org\tanalyst\tcomments\ten\tdisabled" in runner.invoke(args=["users", "list"]).output

    assert runner.invoke(args=["users", "enable", "analyst@example.org"]).exit_code == 0
    assert accounts.find_user("analyst@example.org").disabled_at is None

    result = runner.invoke(args=["users", "password", "analyst@example.org"], input="short\n")
    assert result.exit_code == 1
    result = runner.invoke(args=["users", "password", "analyst@example.org"], input="amber thistle harbour crow\n")
    assert result.exit_code == 0, result.output

    actions = [e.action for e in app.extensions["sqlalchemy"].session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions.count(audit.Action.USER_DISABLED) == 1
    assert "password_changed" in actions and "user_enabled" in actions


def test_disable_an_unknown_account(app, runner):
    result = runner.invoke(args=["users", "disable", "nobody@example.org"])
    assert result.exit_code == 1
    assert "no account" in result.output
