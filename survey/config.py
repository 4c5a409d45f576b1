"""Settings, read from the environment once at start-up."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

from . import paths
from .vocabulary import Language

DEVELOPMENT_SECRET_KEY = "llais-development-key-do-not-use-in-production"
DEVELOPMENT, PRODUCTION = "development", "production"
ENVIRONMENTS = ("", DEVELOPMENT, PRODUCTION)  # "" (not set): a real key, no production extras
MIN_SECRET_KEY_BYTES = 32


class UnsafeSettings(RuntimeError):
    """Settings Llais refuses to start with; the message says what to change."""


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _flag(name: str) -> bool | None:
    """An on/off setting; None when it is not set (the code then decides)."""
    value = os.environ.get(name)
    return None if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(instance_path: str) -> dict[str, Any]:
    """The application's settings: defaults overridden by environment variables."""
    default_db = f"sqlite:///{Path(instance_path) / 'llais.db'}"
    environment = os.environ.get("LLAIS_ENV", "").strip()
    # the public development key only when development is asked for by name
    default_key = DEVELOPMENT_SECRET_KEY if environment == DEVELOPMENT else ""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or default_key,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        # hide_parameters: no answer ever reaches a log inside a database error message.
        # Pooled connections are checked before use only after sitting idle (survey/connections.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "LLAIS_ENV": environment,
        "EXPORT_DIR": os.environ.get("LLAIS_EXPORT_DIR", str(paths.exports_folder(instance_path))),
        "DRAFT_LIFETIME_SECONDS": _int("LLAIS_DRAFT_LIFETIME_SECONDS", 24 * 3600),
        "KIOSK_IDLE_SECONDS": _int("LLAIS_KIOSK_IDLE_SECONDS", 120),
        "KIOSK_PROMPT_SECONDS": _int("LLAIS_KIOSK_PROMPT_SECONDS", 30),
        "KIOSK_THANKS_SECONDS": _int("LLAIS_KIOSK_THANKS_SECONDS", 20),
        "BASE_URL": os.environ.get("LLAIS_BASE_URL", "http://127.0.0.1:5000"),  # for links printed by commands
        # "Leave quickly" opens a neutral site in the respondent's language (LLAIS_QUICK_EXIT_URL: both)
        "QUICK_EXIT_URL_CY": os.environ.get("LLAIS_QUICK_EXIT_URL_CY",
                                            os.environ.get("LLAIS_QUICK_EXIT_URL", "https://www.bbc.co.uk/tywydd")),
        "QUICK_EXIT_URL_EN": os.environ.get("LLAIS_QUICK_EXIT_URL_EN",
                                            os.environ.get("LLAIS_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")),
        "MAX_CONTENT_LENGTH": _int("LLAIS_MAX_REQUEST_BYTES", 64 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,
        # Flask-WTF's HTTPS check wants a Referer, which Referrer-Policy: no-referrer never sends;
        # survey/security.py refuses cross-site posts by Sec-Fetch-Site and Origin instead.
        "WTF_CSRF_SSL_STRICT": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": Language.CY,
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(paths.folder("translations")),
        # Production hardening (survey/security.py, survey/limits.py): see the README's settings table.
        "TRUSTED_PROXIES": _int("LLAIS_TRUSTED_PROXIES", 0),
        "SECURE_COOKIES": _flag("LLAIS_SECURE_COOKIES"),
        "HSTS_SECONDS": _int("LLAIS_HSTS_SECONDS", 365 * 24 * 3600),
        "RATELIMIT_ENABLED": _flag("LLAIS_RATE_LIMITS"),
        "RATELIMIT_STORAGE_URI": (os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")
                                  or "memory://"),
        "RATELIMIT_RESPOND": os.environ.get("LLAIS_RATELIMIT_RESPOND", "60 per minute; 600 per hour"),
        "RATELIMIT_SUBMIT": os.environ.get("LLAIS_RATELIMIT_SUBMIT", "20 per minute; 200 per hour"),
        "RATELIMIT_SIGN_IN": os.environ.get("LLAIS_RATELIMIT_SIGN_IN", "10 per minute; 60 per hour"),
        # per kiosk link, whoever is at it: one response a 30 seconds, with a burst of three
        "RATELIMIT_KIOSK_SUBMIT": os.environ.get("LLAIS_RATELIMIT_KIOSK_SUBMIT", "3 per 90 seconds"),
        "RATELIMIT_KIOSK_RESPOND": os.environ.get("LLAIS_RATELIMIT_KIOSK_RESPOND", "60 per minute; 1200 per hour"),
    }


def refuse_unsafe_settings(config: dict[str, Any]) -> None:
    """Refuse to start on an unknown LLAIS_ENV, or on a missing, short or public key outside development."""
    environment = config.get("LLAIS_ENV") or ""
    if environment not in ENVIRONMENTS:
        raise UnsafeSettings(f"LLAIS_ENV is {environment!r}: set it to 'production', or to 'development' "
                             "on your own computer.")
    if environment == DEVELOPMENT:
        return
    key = config.get("SECRET_KEY") or ""
    key_bytes = key if isinstance(key, bytes) else str(key).encode()
    if key == DEVELOPMENT_SECRET_KEY or len(key_bytes) < MIN_SECRET_KEY_BYTES:
        raise UnsafeSettings(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_BYTES} bytes, the same for every "
            "worker and server (for example: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'). "
            "The development key is used only with LLAIS_ENV=development.")


def check_server(workers: int, binds: list[str], settings: dict[str, Any]) -> list[str]:
    """Before gunicorn starts its workers: refuse what would break the rate limits; return warnings."""
    limited = settings.get("RATELIMIT_ENABLED") is not False
    in_memory = str(settings.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://")
    if settings.get("LLAIS_ENV") == PRODUCTION and limited and in_memory and workers > 1:
        raise UnsafeSettings(
            f"Rate-limit counts kept in memory would be counted apart by each of the {workers} workers, "
            "each allowing the whole limit. Set REDIS_URL (or RATELIMIT_STORAGE_URI) so that they share "
            "one count, or run a single worker.")
    warnings = []
    if int(settings.get("TRUSTED_PROXIES") or 0):
        for bind in binds:
            if _reachable_by_anyone(bind):
                warnings.append(
                    f"LLAIS_TRUSTED_PROXIES is set and gunicorn listens on {bind}: make sure only the proxy can "
                    "reach it, or anyone could name any address in X-Forwarded-For and pass the rate limits.")
    return warnings


def _reachable_by_anyone(bind: str) -> bool:
    """An address on every interface, or a public one (a loopback, private or socket address is not)."""
    if bind.startswith(("unix:", "fd://")):
        return False
    host = bind.rsplit(":", 1)[0] if bind.count(":") == 1 or bind.startswith("[") else bind
    host = host.strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == ""  # a name: what it resolves to is the operator's to know
    return address.is_unspecified or address.is_global
