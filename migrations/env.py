"""Alembic's environment for Llais: the application's engine and models, no logging set-up.

survey.schema.migrate_schema() passes in a connection (holding a lock on PostgreSQL) through
config.attributes["connection"]; Flask-Migrate's own commands (`survey db revision`, `current`,
`history`, ...) let this file open one.
"""
from __future__ import annotations

from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy.engine import Connection

config = context.config
migrate = current_app.extensions["migrate"]
target_metadata = migrate.db.metadata


def skip_empty_revisions(_context: Any, _revision: Any, directives: list[Any]) -> None:
    """`survey db revision --autogenerate` writes nothing when the models have not changed."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        print("No changes in the models: no migration written.")


def configure(**kwargs: Any) -> None:
    options = dict(migrate.configure_args)
    options.setdefault("process_revision_directives", skip_empty_revisions)
    context.configure(target_metadata=target_metadata, **options, **kwargs)


def run_offline() -> None:
    """`survey db upgrade --sql`: print the SQL, for a database administrator to run."""
    configure(url=migrate.db.engine.url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online(connection: Connection) -> None:
    configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
elif config.attributes.get("connection") is not None:
    run_online(config.attributes["connection"])
else:
    with migrate.db.engine.connect() as own_connection:
        run_online(own_connection)
        own_connection.commit()
