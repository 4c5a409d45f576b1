"""Response groups: each answer names its response's group (language, channel, site, month and
breakdown answers), and each answered multiple-choice question gets a row that says so, so that
an export is one GROUP BY over the answers with no join.

Existing responses are given their groups and multiple-choice marks here, from their survey's
stored definition (which breakdown questions it has, which questions are multiple choice).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 00:46:45.798478
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from alembic import op
import sqlalchemy as sa

from survey.definition.model import SurveyDefinition

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

CHUNK = 5_000  # responses given their groups per round


def upgrade() -> None:
    op.create_table('response_groups',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('site', sa.String(length=120), nullable=True),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('answers_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_response_groups_survey_id_surveys')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_groups')),
    sa.UniqueConstraint('survey_id', 'digest', name=op.f('uq_response_groups_survey_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    for survey_id, definition_json in connection.execute(sa.text("SELECT id, definition_json FROM surveys")).all():
        _group_answers(connection, SurveyDefinition.from_json(definition_json))
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.alter_column('group_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index(batch_op.f('ix_answers_count'))
        batch_op.create_index('ix_answers_count', ['survey_id', 'question_id', 'row_id', 'value', 'number', 'group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_answers_group_id_response_groups'), 'response_groups', ['group_id'], ['id'])


def _group_answers(connection: sa.Connection, definition: SurveyDefinition) -> None:
    """Give one survey's answers their groups, and add the marks of answered multiple-choice questions."""
    breakdown_ids = [q.id for q in definition.breakdown_questions()]
    group_ids: dict[str, int] = {}
    last = ""
    while True:
        responses = connection.execute(sa.text(
            "SELECT id, language, channel, site, submitted_on FROM responses "
            "WHERE survey_id = :survey AND id > :last ORDER BY id LIMIT :chunk"),
            dict(survey=definition.id, last=last, chunk=CHUNK)).all()
        if not responses:
            break
        last = responses[-1][0]
        chosen: dict[str, dict[str, Any]] = {}
        if breakdown_ids:
            for response_id, question_id, value in connection.execute(
                    sa.text("SELECT response_id, question_id, value FROM answers WHERE row_id = '' "
                            "AND question_id IN :questions AND response_id IN :responses")
                    .bindparams(sa.bindparam("questions", expanding=True), sa.bindparam("responses", expanding=True)),
                    dict(questions=breakdown_ids, responses=[r[0] for r in responses])):
                chosen.setdefault(response_id, {})[question_id] = value
        updates = []
        for response_id, language, channel, site, submitted_on in responses:
            columns = group_columns(definition, chosen.get(response_id, {}), language, channel, site,
                                    date.fromisoformat(str(submitted_on)[:10]))
            if columns["digest"] not in group_ids:
                group_ids[columns["digest"]] = _group_id(connection, columns)
            updates.append(dict(group=group_ids[columns["digest"]], response=response_id))
        connection.execute(sa.text("UPDATE answers SET group_id = :group WHERE response_id = :response"), updates)
    multiple = [q.id for q in definition.all_questions() if q.type == "multiple_choice"]
    if multiple:
        connection.execute(sa.text(
            "INSERT INTO answers (response_id, survey_id, question_id, row_id, group_id) "  # no value, no number
            "SELECT DISTINCT response_id, survey_id, question_id, '', group_id FROM answers "
            "WHERE survey_id = :survey AND question_id IN :questions AND value IS NOT NULL")
            .bindparams(sa.bindparam("questions", expanding=True)), dict(survey=definition.id, questions=multiple))


def group_columns(definition: SurveyDefinition, answers: dict[str, Any], language: str, channel: str,
                  site: str | None, submitted_on: date) -> dict[str, Any]:
    """The response_groups row of a response as this revision made them (with the month; 0003
    moves the month to the answers). Kept here, not imported, so that the revision never changes."""
    chosen = {q.id: answers[q.id] for q in definition.breakdown_questions() if answers.get(q.id) is not None}
    month = submitted_on.strftime("%Y-%m")
    canonical = json.dumps([definition.id, language, channel, site, month, chosen],
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return dict(survey_id=definition.id, digest=hashlib.sha256(canonical.encode()).hexdigest(), language=language,
                channel=channel, site=site, month=month,
                answers_json=json.dumps(chosen, sort_keys=True, ensure_ascii=False))


FIND_GROUP = sa.text("SELECT id FROM response_groups WHERE survey_id = :survey_id AND digest = :digest")


def _group_id(connection: sa.Connection, columns: dict[str, Any]) -> int:
    found = connection.execute(FIND_GROUP, columns).scalar()
    if found is None:
        connection.execute(sa.text(
            "INSERT INTO response_groups (survey_id, digest, language, channel, site, month, answers_json) "
            "VALUES (:survey_id, :digest, :language, :channel, :site, :month, :answers_json)"), columns)
        found = connection.execute(FIND_GROUP, columns).scalar()
    return int(found)


def downgrade() -> None:
    op.execute("DELETE FROM answers WHERE value IS NULL AND number IS NULL")  # the multiple-choice marks
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answers_group_id_response_groups'), type_='foreignkey')
        batch_op.drop_index('ix_answers_count')
        batch_op.create_index(batch_op.f('ix_answers_count'), ['survey_id', 'question_id', 'row_id', 'value'], unique=False)
        batch_op.drop_column('group_id')

    op.drop_table('response_groups')
