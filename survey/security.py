"""Security headers on every response, cookie settings, the reverse proxy, and logs without addresses.

The Content-Security-Policy allows scripts and styles from Llais's own files only: no inline
script, style attribute or event handler works, so templates must not use them.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter")


FRAMING_HEADERS = frozenset({"X-Frame-Options", "Cross-Origin-Resource-Policy"})


def allow_framing(response: Response, ancestors: str) -> None:
    """Let other sites (`ancestors`, a CSP source list such as "*") show this one response in a frame."""
    response.frame_ancestors = ancestors  # type: ignore[attr-defined]
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"


def content_security_policy() -> str:
    """Own files only (no inline code or styles); no framing, plugins or <base>; forms post here."""
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "object-src 'none'", "base-uri 'none'"])


def is_production(config: dict[str, Any]) -> bool:
    return config.get("LLAIS_ENV") == "production"


def _add_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    # the names already set, read once: asking werkzeug's Headers for a missing one raises an
    # exception inside it, and on every response that cost more than the rest of this function
    present = {name.lower() for name, _ in headers}
    framing = getattr(response, "frame_ancestors", None)  # set by allow_framing, for an embeddable page
    policy = config["CONTENT_SECURITY_POLICY"]
    headers["Content-Security-Policy"] = policy if framing is None else \
        policy.replace("frame-ancestors 'none'", f"frame-ancestors {framing}")
    for name, value in FIXED_HEADERS.items():
        if name.lower() not in present and not (framing and name in FRAMING_HEADERS):
            headers.add(name, value)
    seconds = int(config.get("HSTS_SECONDS") or 0)
    if seconds and not current_app.debug and (request.is_secure or is_production(config)):
        headers["Strict-Transport-Security"] = f"max-age={seconds}"
    if response.mimetype == "text/html" and "cache-control" not in present:
        headers["Cache-Control"] = "no-store"  # answers stay out of shared caches and history
    return response


def _cookie_settings(app: Flask) -> None:
    """HttpOnly and SameSite=Lax always; Secure and the __Host- prefix in production (or when asked)."""
    secure = app.config.get("SECURE_COOKIES")
    if secure is None:
        secure = is_production(app.config)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if secure:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        if app.config.get("SESSION_COOKIE_NAME", "session") == "session":
            app.config["SESSION_COOKIE_NAME"] = "__Host-session"


# ---------------------------------------------------------------- logs without network addresses

IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
IPV6 = (r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
        r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?)"
        r"(?![\w:])")
ADDRESS = re.compile(f"{IPV4}|{IPV6}")
BANNERS = (" * Running on", "Listening at:")


def redact(message: str) -> str:
    return ADDRESS.sub("[address]", message)


class WithoutAddresses(logging.Filter):
    """Takes network addresses out of log records: respondents' addresses are never kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(BANNERS):
            return True  # where the server itself listens: nobody's address
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _quiet_logs(app: Flask) -> None:
    without = WithoutAddresses()
    for logger in [app.logger, *(logging.getLogger(name) for name in LOGGERS)]:
        if not any(isinstance(f, WithoutAddresses) for f in logger.filters):
            logger.addFilter(without)


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.config["CONTENT_SECURITY_POLICY"] = content_security_policy()
    _cookie_settings(app)
    _quiet_logs(app)
    app.after_request(_add_headers)
