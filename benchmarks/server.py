"""The application the respondent benchmark runs under gunicorn: Llais itself, plus the ceiling.

The ceiling is a trivial Flask endpoint in the same application, so it passes through the same
server, workers, threads and request hooks as the survey pages, and does nothing else: no
template, no session, no database.
"""
from __future__ import annotations

from flask import Flask

from survey import create_app as create_llais

CEILING_PATH = "/benchmark/ceiling"


def trivial() -> str:
    return "ok"


def create_app() -> Flask:
    app = create_llais()
    app.add_url_rule(CEILING_PATH, "benchmark_ceiling", trivial)
    return app
