"""Respondents' pages that only read run outside a transaction: one round trip each on PostgreSQL."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request

from .connections import despite_a_dead_connection
from .extensions import db


def one_round_trip_reads() -> dict[str, Any]:
    """Execution options under which reads cost the database one round trip each: autocommit,
    but on SQLite, whose driver begins a transaction only before a write, none are needed."""
    return {} if db.engine.dialect.name == "sqlite" else {"isolation_level": "AUTOCOMMIT"}


def reads_without_transaction(blueprint: Blueprint) -> None:
    """A respondent's GET or HEAD runs in autocommit, so that a page that only reads costs
    PostgreSQL one round trip instead of three (BEGIN, the query, ROLLBACK). Such requests write
    at most single statements that stand alone (dropping an expired or idle draft).
    Form posts, and so every submission, keep their one transaction. SQLite's driver begins a
    transaction only before a write, so there reads run outside one already, and switching the
    connection to autocommit and back would cost a page a tenth of its time for nothing.

    A handler that commits part way gives its connection back; its later statements then run in
    an ordinary transaction on another, which the teardown ends.
    """
    @blueprint.before_request
    def read_in_autocommit() -> None:
        options = one_round_trip_reads()
        if options and request.method in ("GET", "HEAD") and not db.session().in_transaction():  # tests hold one
            db.session.connection(execution_options=options)
            g.read_without_transaction = True

    @blueprint.teardown_request
    def give_the_connection_back(_error: BaseException | None) -> None:
        if g.pop("read_without_transaction", False):
            # releases the connection, which the pool sets back to transactions
            despite_a_dead_connection(db.session.rollback)
