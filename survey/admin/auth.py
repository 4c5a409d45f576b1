"""Who is signed in to the console: the session, its time limits, roles, and sign-in throttling.

The session holds the account id, the account's session_version (raised on sign-out and when
the account is disabled, which ends every session at once), when the person signed in and when
they were last seen. A session ends after IDLE of inactivity and after LIFETIME in any case.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response as WerkzeugResponse

from ..extensions import db
from ..models import User, utcnow
from .accounts import ADMIN, ANALYST, TRANSLATOR

F = TypeVar("F", bound=Callable[..., Any])

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
TRUSTED_COOKIE = "llais_staff_device"
TRUSTED_DAYS = 90
CACHE, EXPIRED = "llais.staff_user", "llais.staff_session_expired"
KEY_USER, KEY_VERSION, KEY_SINCE, KEY_SEEN = "staff_id", "staff_version", "staff_since", "staff_seen"


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def idle_limit() -> timedelta:
    return timedelta(seconds=_setting("ADMIN_IDLE_SECONDS", int(IDLE.total_seconds())))


def lifetime_limit() -> timedelta:
    return timedelta(seconds=_setting("ADMIN_SESSION_LIFETIME_SECONDS", int(LIFETIME.total_seconds())))


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def start_session(user: User) -> None:
    """Sign in: throw the old session away (no fixation), then remember the account."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's token for the old session must not be reused
    now = utcnow()
    session[KEY_USER] = user.id
    session[KEY_VERSION] = user.session_version or 0
    session[KEY_SINCE] = session[KEY_SEEN] = _stamp(now)
    session["lang"] = user.language
    session.permanent = False


def end_session() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_user() -> User | None:
    """The signed-in account for this request (cached for the request), ending a stale session."""
    cache = request.environ  # per request: tests (and CLI) may share one app context, and so g
    if CACHE in cache:
        return cache[CACHE]
    cache[CACHE] = None
    user_id = session.get(KEY_USER)
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    now = _stamp(utcnow())
    since, seen = session.get(KEY_SINCE, 0), session.get(KEY_SEEN, 0)
    expired = (now - seen > idle_limit().total_seconds() or now - since > lifetime_limit().total_seconds())
    if (user is None or user.disabled_at is not None or expired
            or session.get(KEY_VERSION) != (user.session_version or 0)):
        end_session()
        cache[EXPIRED] = expired
        return None
    if now - seen >= 30:  # keep the idle clock running without rewriting the cookie on every request
        session[KEY_SEEN] = now
    cache[CACHE] = user
    return user


def session_expired() -> bool:
    """True when this request found a signed-in session that had run out of time."""
    return bool(request.environ.get(EXPIRED))


def may_export_comments(user: User | None) -> bool:
    return bool(user and (user.role == ADMIN or (user.role == ANALYST and user.can_export_comments)))


def safe_next(target: str | None) -> str | None:
    """A return address inside the console, or None (no open redirects)."""
    if not target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None  # a line break would split the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/") or "\\" in target:
        return None
    return target


def sign_in_redirect() -> WerkzeugResponse:
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("admin.sign_in", next=safe_next(target.rstrip("?") if target else None),
                            expired=1 if session_expired() else None))


def requires(*roles: str) -> Callable[[F], F]:
    """A view for signed-in staff with one of these roles: others are sent to sign in, or get 403."""
    allowed = frozenset(roles or (ADMIN, ANALYST))

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return sign_in_redirect()
            if user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)
        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]
    return decorate


admin_only = requires(ADMIN)
staff = requires(ADMIN, ANALYST)
builders = requires(ADMIN, TRANSLATOR)  # the survey builder: translators edit Welsh there
signed_in = requires(ADMIN, ANALYST, TRANSLATOR)  # signing out, the console's language, its front page


# ---------------------------------------------------------------- trusted browsers

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="llais-staff-device")


def _binding(user: User) -> str:
    """What ties a device cookie to the account as it is now: an HMAC of the account's id, its
    session_version (raised on sign-out everywhere and on disabling) and a digest of its password
    hash. A new password, disabling or signing out everywhere makes every older cookie worthless."""
    password = hashlib.sha256((user.password_hash or "").encode("utf-8")).hexdigest()
    key = hashlib.sha256(("llais-staff-device:" + str(current_app.config["SECRET_KEY"])).encode("utf-8")).digest()
    message = f"{user.id}:{user.session_version or 0}:{password}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def is_trusted_browser(user: User | None) -> bool:
    """True when this browser carries a device cookie from a sign-in to this account as it is now."""
    token = request.cookies.get(TRUSTED_COOKIE)
    if not token or user is None:
        return False
    try:
        data = _serializer().loads(token, max_age=TRUSTED_DAYS * 86400)
    except BadSignature:
        return False
    return (isinstance(data, dict) and data.get("u") == user.id
            and hmac.compare_digest(str(data.get("b", "")), _binding(user)))


def remember_browser(response: WerkzeugResponse, user: User) -> None:
    response.set_cookie(TRUSTED_COOKIE, _serializer().dumps({"u": user.id, "b": _binding(user)}),
                        max_age=TRUSTED_DAYS * 86400, path="/admin/", httponly=True, samesite="Lax",
                        secure=request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def forget_browser(response: WerkzeugResponse) -> None:
    response.delete_cookie(TRUSTED_COOKIE, path="/admin/")


# ---------------------------------------------------------------- throttling by network address

class Throttle:
    """Failed sign-ins per network address in a sliding window, kept in memory only."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, window: float, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > window:
            times.popleft()
        return times

    def blocked(self, key: str, limit: int, window: float) -> bool:
        with self._lock:
            times = self._trim(key, window, time.monotonic())
            if not times:
                self._failures.pop(key, None)
            return len(times) >= limit

    def fail(self, key: str, window: float) -> None:
        with self._lock:
            now = time.monotonic()
            self._trim(key, window, now).append(now)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


def throttle() -> Throttle:
    extension = current_app.extensions.setdefault("llais_admin_throttle", Throttle())
    return extension


def address_blocked() -> bool:
    return throttle().blocked(request.remote_addr or "?", _setting("ADMIN_ADDRESS_MAX_FAILURES", 20),
                              _setting("ADMIN_ADDRESS_WINDOW_SECONDS", 900))


def address_failed() -> None:
    throttle().fail(request.remote_addr or "?", _setting("ADMIN_ADDRESS_WINDOW_SECONDS", 900))
