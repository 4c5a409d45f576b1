"""Llais: bilingual public consultation surveys."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from . import config, paths


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, template filters, error pages and
    commands. Every blueprint and template filter is named here, and nowhere else."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(paths.folder("templates")))
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.refuse_unsafe_settings(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import OperationalError

    from . import admin, cli, connections, hub, i18n, kiosk, limits, respond, results, schema, security, web
    from .admin.blueprint import london_time, long_date, utc_as_london
    from .extensions import babel, csrf, db
    from .hub import api as hub_api, views as hub_views
    from .i18n import select_locale
    from .kiosk import views as kiosk_views
    from .kiosk.templating import kiosk_aware
    from .respond import quick_exit
    from .text import paragraphs, plain

    db.init_app(app)
    connections.init_app(app)
    schema.init_app(app)
    security.init_app(app)
    limits.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    i18n.init_app(app)

    app.register_blueprint(web.bp)           # /, /healthz, /cy/privacy and the other fixed pages
    app.register_blueprint(respond.bp)       # /s/<survey_id>...: a survey through its public link
    app.register_blueprint(quick_exit.bp)    # /s/<survey_id>/leave: "Leave quickly" on public pages
    app.register_blueprint(kiosk_views.bp)   # /k/<token>...: a survey on a kiosk
    app.register_blueprint(hub_views.bp)     # /r/<review_id>, /embed/cy: the consultation hub's pages
    app.register_blueprint(hub_api.bp)       # /feeds/cy.atom, /api/reviews: its feeds and JSON
    app.register_blueprint(admin.console())  # /admin/...: the staff console, the builder, reviews

    app.jinja_env.filters.update(
        paragraphs=kiosk_aware(paragraphs),  # definition text as HTML; on kiosk pages links as words
        plain=plain, london_time=london_time, utc_as_london=utc_as_london, long_date=long_date)
    app.context_processor(web.template_context)
    app.register_error_handler(CSRFError, web.csrf_error)
    app.register_error_handler(OperationalError, web.database_outage)
    for code in web.ERROR_CODES:
        app.register_error_handler(code, web.error_page)

    cli.init_app(app)
    for part in (kiosk, admin, results, hub):
        part.init_app(app)
    return app
