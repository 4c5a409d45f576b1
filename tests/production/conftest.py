"""Fixtures for the production tests: extra application instances that are cleaned up."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from flask import Flask

from survey import create_app
from survey.extensions import db


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Another application on the test's database, with changed settings; schema made if asked."""
    made: list[Flask] = []

    def make(schema: bool = False, survey: bool = False, **settings: Any) -> Flask:
        application = create_app({**app_config, **settings})
        made.append(application)
        if schema or survey:
            with application.app_context():
                from survey.schema import upgrade_schema
                upgrade_schema()
                if survey:
                    from survey.definition import parse_definition
                    from survey.surveys import load_survey
                    from tests.conftest import conformance_raw
                    load_survey(parse_definition(conformance_raw()), open_it=True)
                db.session.remove()
        return application

    yield make
    for application in made:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
