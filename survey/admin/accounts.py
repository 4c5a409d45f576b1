"""Staff accounts: creating, listing, disabling, and checking a sign-in with a temporary lockout.

A run of wrong passwords locks an account for a while (LOCKOUT), never for good: the lock ends
by itself, attempts made while it holds neither count nor extend it, and a browser that has
signed in to the account before is not held back by it (see auth.py's trusted devices) until it
has itself made TRUSTED_MAX_FAILURES wrong tries within LOCKOUT.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import AuditEvent, User, utcnow
from ..vocabulary import LANGUAGES, Language
from . import passwords

ROLES = ("admin", "analyst", "translator")
ADMIN = "admin"
ANALYST = "analyst"
TRANSLATOR = "translator"  # edits the Welsh of surveys in the builder, nothing else
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
TRUSTED_MAX_FAILURES = 10  # a browser that signed in before gets more tries, but not without limit
FROM_TRUSTED_BROWSER = " (from a trusted browser)"
# name@domain.tld; the domain's parts hold no dot, so the pattern never tries one dot in many places
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")
MAX_EMAIL = 254

USER_ENABLED = "user_enabled"
PASSWORD_CHANGED = "password_changed"
PREFERENCE_CHANGED = "language_changed"

BAD_EMAIL = _l("Enter an email address in the correct format, like name@example.org")
EMAIL_TAKEN = _l("There is already an account with this email address.")
BAD_ROLE = _l("Choose a role: admin, analyst or translator.")


class AccountError(Exception):
    """An account change that cannot be made; the message says why, `field` what it is about."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))


def create_user(email: str, password: str, role: str, *, can_export_comments: bool = False,
                language: str = Language.CY, actor: str = audit.SYSTEM) -> User:
    """Add an account; raise AccountError when the email, role or password will not do."""
    email = normalise_email(email)
    if len(email) > MAX_EMAIL or not EMAIL.match(email):
        raise AccountError(str(BAD_EMAIL))
    if role not in ROLES:
        raise AccountError(str(BAD_ROLE), "role")
    problem = passwords.password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    if find_user(email) is not None:
        raise AccountError(str(EMAIL_TAKEN))
    user = User(email=email, password_hash=passwords.hash_password(password), role=role,
                can_export_comments=bool(can_export_comments),
                language=Language.of(language), failed_sign_ins=0,
                session_version=0)
    db.session.add(user)
    db.session.flush()
    detail = f"role={role}" + (", can_export_comments" if can_export_comments else "")
    audit.record(actor, audit.Action.USER_CREATED, email, detail)
    return user


def set_disabled(user: User, disabled: bool, actor: str = audit.SYSTEM) -> None:
    """Disable an account (ending its sessions at once), or enable it again."""
    if disabled:
        user.disabled_at = user.disabled_at or utcnow()
        user.session_version = (user.session_version or 0) + 1
        audit.record(actor, audit.Action.USER_DISABLED, user.email)
    else:
        user.disabled_at = None
        user.failed_sign_ins = 0
        user.locked_until = None
        audit.record(actor, USER_ENABLED, user.email)


def set_password(user: User, password: str, actor: str = audit.SYSTEM) -> None:
    """Give an account a new password; its sessions end and any lockout is lifted."""
    problem = passwords.password_problem(password, user.email)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = passwords.hash_password(password)
    user.session_version = (user.session_version or 0) + 1
    user.failed_sign_ins = 0
    user.locked_until = None
    audit.record(actor, PASSWORD_CHANGED, user.email)


def set_language(user: User, language: str) -> None:
    if language in LANGUAGES and user.language != language:
        user.language = language
        db.session.commit()


def end_sessions(user: User) -> None:
    """Every session signed in to this account ends (used on sign-out)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.commit()


def is_locked(user: User, now: datetime | None = None) -> bool:
    return bool(user.locked_until and (now or utcnow()) < user.locked_until)


def _trusted_tries_used_up(user: User, now: datetime) -> bool:
    """True after TRUSTED_MAX_FAILURES wrong passwords from trusted browsers within LOCKOUT: a stolen
    device cookie then gets no more guesses than this (counted in the audit log, which has them all)."""
    failures = db.session.scalar(
        select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.action == audit.Action.SIGN_IN_FAILED, AuditEvent.subject == user.email,
               AuditEvent.at >= now - LOCKOUT, AuditEvent.detail.endswith(FROM_TRUSTED_BROWSER)))
    return int(failures or 0) >= TRUSTED_MAX_FAILURES


@dataclass(frozen=True)
class SignInResult:
    user: User | None  # the account, when the sign-in succeeded
    locked: bool = False


def check_sign_in(email: str, password: str, *, trusted: bool = False,
                  now: datetime | None = None) -> SignInResult:
    """Check a sign-in and record it; the same work (one hash check) whatever the outcome.

    `trusted` means this browser has signed in to this account before: the lockout does not
    apply to it, so that strangers' wrong guesses cannot keep the owner out; only its own wrong
    tries (TRUSTED_MAX_FAILURES within LOCKOUT) hold it back.
    """
    now = now or utcnow()
    user = find_user(email)
    if user is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        audit.record(audit.SYSTEM, audit.Action.SIGN_IN_FAILED, "", "unknown account")
        return SignInResult(None)
    locked = (is_locked(user, now) and not trusted) or (trusted and _trusted_tries_used_up(user, now))
    matches = passwords.verify_password(user.password_hash, password)
    if user.disabled_at is not None:
        audit.record(audit.SYSTEM, audit.Action.SIGN_IN_FAILED, user.email, "account disabled")
        return SignInResult(None)
    if locked:
        audit.record(audit.SYSTEM, audit.Action.SIGN_IN_FAILED, user.email, "account locked")
        return SignInResult(None, locked=True)
    if not matches:
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        detail = "wrong password"
        if user.failed_sign_ins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_sign_ins = 0
            detail = f"wrong password; locked for {int(LOCKOUT.total_seconds() // 60)} minutes"
        if trusted:
            detail += FROM_TRUSTED_BROWSER
        audit.record(audit.SYSTEM, audit.Action.SIGN_IN_FAILED, user.email, detail)
        return SignInResult(None, locked=is_locked(user, now))
    user.failed_sign_ins = 0
    user.locked_until = None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(user.email, audit.Action.SIGN_IN, user.email)
    return SignInResult(user)
