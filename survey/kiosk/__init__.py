"""Kiosk mode: /k/TOKEN links that put a survey on a shared device at a service site.

links.py holds the domain functions (create_link, active_link, revoke_link, list_links) that the
command line and the admin console share; views.py the kiosk pages; visits.py wiping one person's
visit; cli.py `survey kiosk ...`; templating.py definition text without live links on kiosk pages.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The `kiosk` command group (create_app registers the blueprint and the kiosk-aware filter)."""
    from .cli import kiosk_group
    app.cli.add_command(kiosk_group)
