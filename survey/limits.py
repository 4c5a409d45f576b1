"""Rate limits per client on respondents' answers, submissions and staff sign-in (Flask-Limiter).

Counts live in memory (one process) or in Redis (RATELIMIT_STORAGE_URI or REDIS_URL, for several
servers or workers). Kiosk links (/k/TOKEN/...) are never limited per address, as a kiosk is many
people behind one address: their answers and submissions are counted per kiosk link instead. A
client is known by a keyed hash of its address (a kiosk by one of its token), so neither the counts
in Redis nor the limiter's log lines hold anyone's address or a working link. If the storage fails,
requests go through unlimited: a response is worth more than a limit.
"""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Flask, current_app, request
from flask_limiter import Limit, Limiter

from .security import is_production

# (endpoint, method) -> the setting that holds its limits, which also names the shared count
LIMITED: dict[tuple[str, str], str] = {
    ("respond.page", "POST"): "RATELIMIT_RESPOND",
    ("respond.check", "POST"): "RATELIMIT_SUBMIT",
    ("admin.sign_in", "POST"): "RATELIMIT_SIGN_IN",
    # counted per kiosk link, never per address (see client_key)
    ("kiosk.page", "POST"): "RATELIMIT_KIOSK_RESPOND",
    ("kiosk.check", "POST"): "RATELIMIT_KIOSK_SUBMIT",
}
KIOSK_PREFIX = "/k/"
log = logging.getLogger(__name__)


def _keyed(value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:24]


def client_key() -> str:
    """Who a count belongs to, hashed with the secret key: the client's address (after ProxyFix),
    or on a kiosk page the kiosk's link, whoever is at it."""
    if request.path.startswith(KIOSK_PREFIX):
        return _keyed("kiosk:" + str((request.view_args or {}).get("token", "")))
    return _keyed(request.remote_addr or "unknown")


def _setting_for_request() -> str | None:
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
    limiter.init_app(app)
    if app.config["RATELIMIT_ENABLED"] and uri.startswith("memory://") and is_production(app.config):
        log.warning("Rate-limit counts are kept in this process's memory: every worker and server counts "
                    "apart. With more than one, set REDIS_URL so that they share one count.")
    app.extensions["llais_limiter"] = limiter
