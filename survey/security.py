"""Security headers on every response, cookie settings, the reverse proxy, and logs without addresses.

The Content-Security-Policy allows scripts and styles from Llais's own files only: no inline
script, style attribute or event handler works, so templates must not use them.

Form posts from another site are refused before any view runs, by what the browser says of the
request (Sec-Fetch-Site, else Origin), as Flask-WTF's HTTPS check would need a Referer, which
`Referrer-Policy: no-referrer` never sends. CSRF tokens still guard every form as well.
"""
from __future__ import annotations

import copy
import logging
import re
from typing import Any, Mapping
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFError
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


# ---------------------------------------------------------------- requests from other sites

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Sec-Fetch-Site values a page of another site cannot cause: this site's own pages, or the person
# (typing the address, a bookmark). "same-site" is a sibling host, which is another site here.
OWN_SITE = frozenset({"same-origin", "none"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_origin(url: str) -> str | None:
    """scheme://host[:port] in lower case without a default port; None for "null" or nonsense."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown_port = "" if port in (None, DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{shown_port}"


def from_another_site() -> bool:
    """Whether the browser says this request was made by another site's page.

    Fetch Metadata first (every current browser sends Sec-Fetch-Site over HTTPS), else the Origin
    header (which `no-referrer` pages make "null" in some browsers: that proves nothing either way).
    A request with neither comes from an older browser or a program, not another site's page in a
    current browser; it goes through, so that older browsers still work, and CSRF tokens still
    guard every form.
    """
    site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if site:
        return site not in OWN_SITE
    origin = request.headers.get("Origin", "").strip()
    if not origin or origin == "null":
        return False
    return normal_origin(origin) != normal_origin(request.host_url)


def refuse_posts_from_other_sites() -> None:
    """Answer a post from another site's page with the "page expired" page of the view it aimed at."""
    if request.method in UNSAFE_METHODS and from_another_site():
        raise CSRFError("The form was sent from another site.")


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


# ---------------------------------------------------------------- logs without addresses, user agents or links

IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
IPV4_IN_IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,6}(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"  # ::ffff:192.0.2.1
IPV6 = (r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
        r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)"
        r"(?![\w:])")
ADDRESS = re.compile(f"{IPV4_IN_IPV6}|{IPV4}|{IPV6}")
KIOSK_TOKEN = re.compile(r"(/k/)[^/\s?#\"']+")  # a kiosk link opens its survey to whoever has it
BANNER = re.compile(r"^(?: \* Running on |Listening at: )", re.M)  # the server's own address, however prefixed
# gunicorn access-log atoms that name the client: address, user agent, referrer, user; and every
# request or response header ({name}i, {name}o, {name}e), where user agents, cookies and addresses travel
HIDDEN_ATOMS = frozenset({"h", "a", "f", "u"})


def redact(message: str) -> str:
    return KIOSK_TOKEN.sub(r"\1[token]", ADDRESS.sub("[address]", message))


def _without_identifying_atoms(atoms: Mapping[str, Any]) -> Mapping[str, Any]:
    """A copy of gunicorn's access-log atoms (its own mapping type kept) with the client's left out."""
    cleaned = copy.copy(atoms)
    for key in list(cleaned):
        if key in HIDDEN_ATOMS or key.startswith("{"):
            cleaned[key] = "-"  # type: ignore[index]
    return cleaned


class WithoutAddresses(logging.Filter):
    """Takes network addresses, user agents and kiosk tokens out of log records: never kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            record.args = _without_identifying_atoms(record.args)
        message = record.getMessage()
        if BANNER.search(message):
            return True  # where the server itself listens: nobody's address
        cleaned = redact(message)
        if cleaned != message or isinstance(record.args, Mapping):
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
    app.before_request(refuse_posts_from_other_sites)
    app.after_request(_add_headers)
