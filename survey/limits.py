"""Rate limits per client on respondents' answers, submissions and staff sign-in (Flask-Limiter).

Counts live in memory (one server) or in Redis (RATELIMIT_STORAGE_URI or REDIS_URL, for several
servers or workers). Kiosk links (/k/...) are never limited: a kiosk is many people behind one
address. A client is known by a keyed hash of its address, so neither the counts in Redis nor the
limiter's log lines hold anyone's address. If the storage fails, requests go through unlimited:
a response is worth more than a limit.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request
from flask_limiter import Limit, Limiter

# (endpoint, method) -> the setting that holds its limits, which also names the shared count
LIMITED: dict[tuple[str, str], str] = {
    ("respond.page", "POST"): "RATELIMIT_RESPOND",
    ("respond.check", "POST"): "RATELIMIT_SUBMIT",
    ("admin.sign_in", "POST"): "RATELIMIT_SIGN_IN",
}
EXEMPT_PREFIXES = ("/k/",)


def client_key() -> str:
    """The client's address (after ProxyFix), hashed with the secret key: never stored as such."""
    address = (request.remote_addr or "unknown").encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:24]


def _setting_for_request() -> str | None:
    if request.path.startswith(EXEMPT_PREFIXES):
        return None
    return LIMITED.get((request.endpoint or "", request.method))


def _limits_for_request() -> str:
    """This request's limits ('' for none), read from the settings at each request."""
    setting = _setting_for_request()
    return str(current_app.config.get(setting) or "") if setting else ""


def _scope(_endpoint: str) -> str:
    return (_setting_for_request() or "none").removeprefix("RATELIMIT_").lower()


def _storage_options(uri: str) -> dict[str, float]:
    """Give up quickly on an unreachable Redis rather than holding a respondent's request."""
    return {"socket_connect_timeout": 1.0, "socket_timeout": 1.0} if uri.startswith(("redis", "rediss")) else {}


def init_app(app: Flask) -> None:
    enabled = app.config.get("RATELIMIT_ENABLED")
    app.config["RATELIMIT_ENABLED"] = (not app.testing) if enabled is None else bool(enabled)
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "llais")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", _storage_options(uri))
    limiter = Limiter(
        client_key, storage_uri=uri, strategy="moving-window", headers_enabled=True,
        swallow_errors=True, retry_after="delta-seconds",
        default_limits=[Limit(_limits_for_request, scope=_scope, shared=True)])
    limiter.request_filter(lambda: request.path.startswith(EXEMPT_PREFIXES))
    limiter.init_app(app)
    app.extensions["llais_limiter"] = limiter
