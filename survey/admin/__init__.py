"""The staff console at /admin/: accounts and roles, surveys, kiosk links, results, exports, audit log."""
from __future__ import annotations

from flask import Blueprint, Flask


def console() -> Blueprint:
    """The `admin` blueprint, with every console page's routes (the builder's and the reviews' too)."""
    from . import (auth_views, comment_views, kiosk_views, results_views, survey_views,  # noqa: F401 - routes
                   users_views)
    from ..builder import transfer_views, views as builder_views  # noqa: F401 - the survey builder's routes
    from ..hub import admin_views  # noqa: F401 - the review pages (survey/hub)
    from .blueprint import bp
    return bp


def init_app(app: Flask) -> None:
    """The `users` command group (create_app registers the console's blueprint)."""
    from .cli import users_group
    app.cli.add_command(users_group)
