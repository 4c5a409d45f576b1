"""Settings, read from the environment once at start-up."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEVELOPMENT_SECRET_KEY = "llais-development-key-do-not-use-in-production"
ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _flag(name: str) -> bool | None:
    """An on/off setting; None when it is not set (the code then decides)."""
    value = os.environ.get(name)
    return None if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(instance_path: str) -> dict[str, Any]:
    """The application's settings: defaults overridden by environment variables."""
    default_db = f"sqlite:///{Path(instance_path) / 'llais.db'}"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        # hide_parameters: no answer ever reaches a log inside a database error message.
        # Pooled connections are checked before use only after sitting idle (survey/database.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "LLAIS_ENV": os.environ.get("LLAIS_ENV", "development"),
        "EXPORT_DIR": os.environ.get("LLAIS_EXPORT_DIR", str(ROOT / "exports")),
        "DRAFT_LIFETIME_SECONDS": _int("LLAIS_DRAFT_LIFETIME_SECONDS", 24 * 3600),
        "KIOSK_IDLE_SECONDS": _int("LLAIS_KIOSK_IDLE_SECONDS", 120),
        "KIOSK_PROMPT_SECONDS": _int("LLAIS_KIOSK_PROMPT_SECONDS", 30),
        "KIOSK_THANKS_SECONDS": _int("LLAIS_KIOSK_THANKS_SECONDS", 20),
        "BASE_URL": os.environ.get("LLAIS_BASE_URL", "http://127.0.0.1:5000"),  # for links printed by commands
        "QUICK_EXIT_URL": os.environ.get("LLAIS_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather"),
        "MAX_CONTENT_LENGTH": _int("LLAIS_MAX_REQUEST_BYTES", 64 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "cy",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": ("cy", "en"),
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
    }


def refuse_unsafe_production(config: dict[str, Any]) -> None:
    """A production start must not run on the built-in development key."""
    if config.get("LLAIS_ENV") == "production" and config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
        raise RuntimeError("SECRET_KEY must be set to a long random value in production.")
