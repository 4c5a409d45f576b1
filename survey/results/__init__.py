"""Results: aggregation, disclosure control, and the export writers."""
from __future__ import annotations

from flask import Flask


class ExportError(Exception):
    """An export that cannot be made as asked (the message says why)."""


def init_app(app: Flask) -> None:
    """Register the export and retention commands."""
    from .commands import COMMANDS
    for command in COMMANDS:
        app.cli.add_command(command)
