"""The month moves from the response groups to the answers: a group is now the language, channel,
site and breakdown answers only, so a survey open for ten months has about a tenth of the groups
it had, and an export split by group reads that many fewer rows. On PostgreSQL, statistics tell
the planner how few groups an export's GROUP BY forms (see survey.models).

Groups that differed only in their month are merged into the oldest of them, and every group's
digest is made again without the month.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 06:00:00
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Any, Iterator

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OLD_INDEX = ['survey_id', 'question_id', 'row_id', 'value', 'number', 'group_id']


def digest(values: list[Any]) -> str:
    """A group's identity within its survey: a hash of its values in canonical JSON (as survey.groups)."""
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _move_answers(connection: sa.Connection, moves: list[dict[str, Any]], matching: str) -> None:
    """Give answers new groups and months in one pass: each move is (old, new, month), and an answer
    moves where it matches `matching` ("group": by its group; "month": by its group and month)."""
    connection.execute(sa.text("CREATE TEMPORARY TABLE group_moves (old INTEGER NOT NULL, new INTEGER NOT NULL, "
                               "month VARCHAR(7) NOT NULL, PRIMARY KEY (old, month))"))  # looked up per answer
    if moves:
        connection.execute(sa.text("INSERT INTO group_moves (old, new, month) VALUES (:old, :new, :month)"), moves)
    connection.execute(sa.text("ANALYZE group_moves"))  # so that the planner knows how few there are
    where = "m.old = answers.group_id" + (" AND m.month = answers.month" if matching == "month" else "")
    connection.execute(sa.text(f"UPDATE answers SET group_id = m.new, month = m.month FROM group_moves AS m "
                               f"WHERE {where}"))
    connection.execute(sa.text("DROP TABLE group_moves"))


FOREIGN_KEY = 'fk_answers_group_id_response_groups'


@contextlib.contextmanager
def _answers_indexed_by_group(needed: bool) -> Iterator[None]:
    """The database checks each group deleted against the answers' foreign key: without an index
    on the answers' group, that is a full scan of the answers per group."""
    if needed:
        op.create_index('ix_answers_group_moved', 'answers', ['group_id'])
    yield
    if needed:
        op.drop_index('ix_answers_group_moved', 'answers')


def upgrade() -> None:
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_count')  # made again below, not kept up to date while answers move
        batch_op.add_column(sa.Column('month', sa.String(length=7), nullable=True))
    if postgres:  # checked once when made again below, not once per answer moved
        op.drop_constraint(FOREIGN_KEY, 'answers', type_='foreignkey')
    kept: dict[str, int] = {}              # digest without the month -> the group kept
    moves = []
    for group_id, survey_id, language, channel, site, month, answers_json in connection.execute(sa.text(
            "SELECT id, survey_id, language, channel, site, month, answers_json FROM response_groups ORDER BY id")):
        key = digest([survey_id, language, channel, site, json.loads(answers_json or "{}")])
        moves.append(dict(old=group_id, new=kept.setdefault(key, group_id), month=month))
    _move_answers(connection, moves, matching="group")
    merged = [move["old"] for move in moves if move["old"] != move["new"]]
    if merged:
        with _answers_indexed_by_group(needed=not postgres):  # PostgreSQL's foreign key is off meanwhile
            connection.execute(sa.text("DELETE FROM response_groups WHERE id IN :merged")
                               .bindparams(sa.bindparam("merged", expanding=True)), dict(merged=merged))
    if kept:
        connection.execute(sa.text("UPDATE response_groups SET digest = :digest WHERE id = :id"),
                           [dict(digest=key, id=group_id) for key, group_id in kept.items()])
    if postgres:
        op.create_foreign_key(FOREIGN_KEY, 'answers', 'response_groups', ['group_id'], ['id'])
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.alter_column('month', existing_type=sa.String(length=7), nullable=False)
        batch_op.create_index('ix_answers_count', [*OLD_INDEX, 'month'], unique=False)
    op.drop_column('response_groups', 'month')  # in place, also on SQLite: answers refer to the table
    if postgres:  # how many groups an export forms (see survey.models)
        op.execute("CREATE STATISTICS IF NOT EXISTS answers_figures (ndistinct) "
                   "ON question_id, row_id, value, number, group_id, month FROM answers")
        op.execute("ANALYZE answers")


def downgrade() -> None:
    """Split each group by the months of its answers again, with 0002's digests."""
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS answers_figures")
    # Added in place with a default, also on SQLite (where remaking the table would trip the answers'
    # foreign key); the groups without a month are deleted below, and PostgreSQL drops the default.
    op.add_column('response_groups', sa.Column('month', sa.String(length=7), nullable=False, server_default=''))
    pairs = connection.execute(sa.text(
        "SELECT DISTINCT g.id, a.month, g.survey_id, g.language, g.channel, g.site, g.answers_json "
        "FROM answers a JOIN response_groups g ON g.id = a.group_id")).all()
    moves = []
    for group_id, month, survey_id, language, channel, site, answers_json in pairs:
        values = dict(survey_id=survey_id, language=language, channel=channel, site=site, month=month,
                      answers_json=answers_json,
                      digest=digest([survey_id, language, channel, site, month, json.loads(answers_json or "{}")]))
        connection.execute(sa.text(
            "INSERT INTO response_groups (survey_id, digest, language, channel, site, month, answers_json) "
            "VALUES (:survey_id, :digest, :language, :channel, :site, :month, :answers_json)"), values)
        new = connection.execute(sa.text("SELECT id FROM response_groups WHERE survey_id = :survey_id "
                                         "AND digest = :digest"), values).scalar_one()
        moves.append(dict(old=group_id, new=new, month=month))
    _move_answers(connection, moves, matching="month")
    with _answers_indexed_by_group(needed=True):
        connection.execute(sa.text("DELETE FROM response_groups WHERE month = ''"))
    if connection.dialect.name != "sqlite":
        op.alter_column('response_groups', 'month', existing_type=sa.String(length=7), server_default=None)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_count')
        batch_op.create_index('ix_answers_count', OLD_INDEX, unique=False)
        batch_op.drop_column('month')
