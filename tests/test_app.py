"""create_app shows the wiring: every blueprint and template filter is named there, and nowhere else."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

from flask import Flask
from flask_babel import Babel

import survey
from survey import create_app

PACKAGE = Path(survey.__file__).parent
WIRING = ("register_blueprint(", "app_template_filter", "add_app_template_filter", "template_filter(",
          "jinja_env.filters")


def create_app_calls(method: str) -> list[ast.Call]:
    """The calls to app.<method> (or app.jinja_env.filters.<method>) written in create_app."""
    tree = ast.parse(inspect.getsource(create_app))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == method]


def test_every_blueprint_is_registered_by_a_line_of_create_app(app: Flask) -> None:
    registered = create_app_calls("register_blueprint")
    assert len(registered) == len(app.blueprints) == 7, sorted(app.blueprints)


def test_every_template_filter_of_llais_is_named_in_create_app(app: Flask) -> None:
    bare = Flask("bare")
    Babel(bare)
    added = set(app.jinja_env.filters) - set(bare.jinja_env.filters)
    named = {keyword.arg for call in create_app_calls("update") for keyword in call.keywords}
    assert added == named and {"paragraphs", "plain", "long_date"} <= named


def test_no_other_module_registers_blueprints_or_filters() -> None:
    elsewhere = [f"{path.relative_to(PACKAGE)}: {needle}"
                 for path in PACKAGE.rglob("*.py") if path.name != "__init__.py" or path.parent != PACKAGE
                 for needle in WIRING if needle in path.read_text(encoding="utf-8")]
    assert elsewhere == []
