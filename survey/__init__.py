"""Llais: bilingual public consultation surveys."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from . import config, paths


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints and commands. Nothing else."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(paths.folder("templates")))
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.refuse_unsafe_settings(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import admin, cli, database, hub, i18n, kiosk, limits, results, security, web
    from .extensions import babel, csrf, db
    from .i18n import select_locale

    db.init_app(app)
    database.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    for part in (kiosk, admin, results, hub):
        part.init_app(app)
    return app
