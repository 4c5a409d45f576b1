"""Telling the database which combination of breakdown values each response group has, so that
an export's GROUP BY can sum the groups itself and return a row per figure and combination.

Each dialect gets the form it joins fastest, and neither writes anything an export must undo:
- PostgreSQL: a VALUES list inside the query (a hash join; read-only, so it works on a replica
  and through any connection pooler). It is written out as text: built as SQLAlchemy literals it
  took longer to compile than the query took to run, and bound arrays misled the planner.
- SQLite: a temporary table keyed by group, since SQLite cannot index a VALUES list and would
  scan it once per row. No transaction may stay open after it is filled: the sqlite3 driver
  opens one before an INSERT, and one held open through the export would pin the export's view
  of the database, so that its audit record would fail after any respondent had sent answers.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Pairs = Sequence[tuple[int, int]]   # (response group id, combination number)
SQLITE_TABLE = "export_combinations"


def _columns() -> tuple[sa.ColumnClause[int], sa.ColumnClause[int]]:
    return sa.column("group_id", sa.Integer), sa.column("combination", sa.Integer)


def _rows(pairs: Pairs) -> str:
    return ", ".join(f"({int(group)}, {int(combination)})" for group, combination in pairs)  # integers only


@contextlib.contextmanager
def _values_list(_connection: Connection, pairs: Pairs) -> Iterator[sa.FromClause]:
    yield (sa.text(f"SELECT * FROM (VALUES {_rows(pairs)}) AS pairs (group_id, combination)")
           .columns(*_columns()).subquery("combinations"))


@contextlib.contextmanager
def _temporary_table(connection: Connection, pairs: Pairs) -> Iterator[sa.FromClause]:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{SQLITE_TABLE}")
    connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {SQLITE_TABLE} "
                               "(group_id INTEGER PRIMARY KEY, combination INTEGER NOT NULL)")
    # The INSERT in a savepoint of its own, released at once: the driver then opens no transaction
    # for it, and none stays open when it is done.
    connection.exec_driver_sql(f"SAVEPOINT fill_{SQLITE_TABLE}")
    connection.exec_driver_sql(f"INSERT INTO {SQLITE_TABLE} (group_id, combination) VALUES {_rows(pairs)}")
    connection.exec_driver_sql(f"RELEASE fill_{SQLITE_TABLE}")
    try:
        yield sa.table(SQLITE_TABLE, *_columns())
    finally:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{SQLITE_TABLE}")


COMBINATION_SOURCES: dict[str, Callable[[Connection, Pairs], contextlib.AbstractContextManager[sa.FromClause]]] = {
    "postgresql": _values_list,
    "sqlite": _temporary_table,
}


def combinations_of_groups(connection: Connection, pairs: Pairs) -> contextlib.AbstractContextManager[sa.FromClause]:
    """A FROM clause with columns group_id and combination, for as long as the context lasts (pairs: not empty)."""
    return COMBINATION_SOURCES[connection.dialect.name](connection, pairs)
