"""Where Llais's own folders are: at the top of a checkout, or inside the package once installed.

A checkout (and `pip install -e .`) keeps templates/, translations/ and migrations/ at its top,
beside survey/; a wheel carries them inside the package, as survey/templates and so on
(hatch_build.py puts them there, with the Welsh catalogue compiled).
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
INSTALLED = (PACKAGE / "templates").is_dir()  # only a wheel's install has the folders inside the package


def folder(name: str) -> Path:
    """One of Llais's own folders (templates, translations or migrations)."""
    return (PACKAGE if INSTALLED else CHECKOUT) / name


def exports_folder(instance_path: str) -> Path:
    """Where exports go unless LLAIS_EXPORT_DIR says: a checkout's exports/, else the instance folder's."""
    return Path(instance_path) / "exports" if INSTALLED else CHECKOUT / "exports"
