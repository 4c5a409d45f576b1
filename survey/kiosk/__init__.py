"""Kiosk mode: /k/TOKEN links that put a survey on a shared device at a service site.

links.py holds the domain functions (create_link, active_link, revoke_link, list_links) that the
command line and the admin console share; views.py the kiosk pages; visits.py wiping one person's
visit; cli.py `survey kiosk ...`; quick_exit.py the way out of the public pages.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the kiosk blueprint, the `kiosk` command group and kiosk-aware definition text."""
    from . import quick_exit
    from .cli import kiosk_group
    from .templating import kiosk_aware
    from .views import bp
    app.register_blueprint(bp)
    app.register_blueprint(quick_exit.bp)
    app.cli.add_command(kiosk_group)
    app.jinja_env.filters["paragraphs"] = kiosk_aware(app.jinja_env.filters["paragraphs"])
