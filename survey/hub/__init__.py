"""The consultation hub: reviews, the public hub at /, review pages, feeds, the embed and the JSON API."""
from __future__ import annotations

import os

from flask import Flask

from . import models  # noqa: F401 - the tables, before any create_all


def init_app(app: Flask) -> None:
    """The embed's setting and the `review` command group (create_app registers the blueprints)."""
    from . import cli
    # which sites may show the embeddable list in a frame (a CSP source list); any, by default
    app.config.setdefault("EMBED_FRAME_ANCESTORS", os.environ.get("LLAIS_EMBED_FRAME_ANCESTORS", "*"))
    app.cli.add_command(cli.review_group)
