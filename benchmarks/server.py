"""The application the respondent benchmark runs under gunicorn: Llais itself, plus two yardsticks.

Both are routes of the same application, so they pass through the same server, workers, threads
and request hooks as the survey pages:

- the ceiling, a trivial endpoint: no template, session or database;
- the floor, the least that any form page on this stack does: it reads the session cookie (and
  signs one, with the CSRF token in it, for a new visitor), makes a CSRF token, asks the database
  one question in a single round trip (in autocommit on PostgreSQL, as the survey pages do) and
  draws a template holding the token, as large as a survey page. A survey page does all of this
  and more, so it cannot run faster than the floor.
"""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import generate_csrf
from jinja2 import Template
from sqlalchemy import bindparam, select

from survey import create_app as create_llais
from survey.transactions import one_round_trip_reads
from survey.extensions import db
from survey.models import Survey

CEILING_PATH = "/benchmark/ceiling"
FLOOR_PATH = "/benchmark/floor"
PAGE_BYTES = 6_000  # about what a page of the example survey's questions weighs (3 to 10 kB)
FLOOR_QUERY = select(Survey.__table__.c.status).where(Survey.__table__.c.id == bindparam("survey_id"))
FLOOR_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
              '<body><main><form method="post"><input type="hidden" name="csrf_token" value="{{ token }}">'
              f'<p>{"x" * PAGE_BYTES}</p><button>Continue</button></form></main></body></html>')


def trivial() -> str:
    return "ok"


def floor_view(template: Template) -> str:
    token = generate_csrf()
    with db.engine.connect().execution_options(**one_round_trip_reads()) as connection:
        status = connection.execute(FLOOR_QUERY, {"survey_id": "benchmark-floor"}).scalar()
    return template.render(title=f"Floor {status}", token=token)


def create_app() -> Flask:
    app = create_llais()
    app.add_url_rule(CEILING_PATH, "benchmark_ceiling", trivial)
    template = app.jinja_env.from_string(FLOOR_PAGE)  # compiled once, as Flask's own templates are
    app.add_url_rule(FLOOR_PATH, "benchmark_floor", lambda: floor_view(template))
    return app
