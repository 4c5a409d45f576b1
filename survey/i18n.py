"""Languages: choosing the locale for a request, and compiling the message catalogues."""
from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, has_request_context, request, session
from flask_babel import refresh

from .vocabulary import LANGUAGES, Language

LANGUAGE_NAMES = {Language.CY: "Cymraeg", Language.EN: "English"}


def chosen_language() -> str | None:
    """The language this browser chose before (kept in its session), if any."""
    lang = session.get("lang")
    return lang if lang in LANGUAGES else None


def select_locale() -> str:
    """The language named in the address; else the one chosen before; else the browser's."""
    if not has_request_context():
        return Language.CY  # commands choose their language with force_locale
    lang = (request.view_args or {}).get("lang")
    if lang in LANGUAGES:
        return lang
    return preferred_language(Language.CY)


def preferred_language(default: Language) -> str:
    """The language this browser chose before, else the one it prefers, else the default."""
    return chosen_language() or request.accept_languages.best_match(LANGUAGES) or default


def compile_catalogues(translations: Path) -> None:
    """Compile each .po into its .mo when the .mo is missing or older (no .mo is kept in git)."""
    for po in translations.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        partial = mo.with_name(f".{mo.name}.{os.getpid()}")
        try:
            with partial.open("wb") as target:
                write_mo(target, catalog)
            partial.replace(mo)  # atomic: several workers starting at once never read half a file
        except OSError:  # a read-only install: compiled at install time instead
            partial.unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    compile_catalogues(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    app.before_request(refresh)  # choose each request's language afresh, even in a shared app context
    from . import bilingual
    app.jinja_env.globals.update(Language=Language, LANGUAGE_NAMES=LANGUAGE_NAMES,
                                 OTHER_LANGUAGE={lang: lang.other for lang in Language}, bilingual=bilingual,
                                 both=bilingual.both, in_language=bilingual.in_language)
