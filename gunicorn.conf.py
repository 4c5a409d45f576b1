"""gunicorn's settings for Llais, read from the folder gunicorn starts in (the one holding wsgi.py).

Settings come from gunicorn's command line as the README shows; this file only checks, before any
worker starts, that the deployment keeps the rate limits whole (survey.config.check_server).
"""
from typing import Any

from survey.config import check_server, from_environment  # (a name `config` would be a gunicorn setting)


def on_starting(server: Any) -> None:
    """Refuse (with the reason) or warn, as the master process starts."""
    settings = from_environment(instance_path="instance")
    for warning in check_server(server.cfg.workers, list(server.cfg.bind), settings):
        server.log.warning(warning)
