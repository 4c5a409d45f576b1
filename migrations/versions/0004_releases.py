"""Releases and record keys (issue 14): a `releases` table; each response, answer and free-text
answer carries the number of the release it first appeared in (None until released); each
response and its answers carry a random record key, summed into cell keys by the export's GROUP
BY (the count index covers both). Free-text answers get random ids, so that neither their key
order nor their rowid order follows submission order (issue 15.2), keep only the month they came in
(the first day of it; a join on the day linked them back), and get a withheld flag.

Responses stored before this migration get random record keys and no release: the first release
cut afterwards holds them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 12:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEX = ['survey_id', 'question_id', 'row_id', 'value', 'number', 'group_id', 'month']
RANDOM_KEY = {"sqlite": "abs(random()) % 256", "postgresql": "floor(random() * 256)::integer"}
MONTH_START = {"sqlite": "date(submitted_on, 'start of month')",
               "postgresql": "date_trunc('month', submitted_on)::date"}
RANDOM_ID = {"sqlite": "(abs(random()) % 4611686018427387903) + 1",
             "postgresql": "floor(random() * 4611686018427387903)::bigint + 1"}


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    op.create_table(
        'releases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.String(length=63), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('released_on', sa.Date(), nullable=False),
        sa.Column('cut_at', sa.DateTime(), nullable=False),
        sa.Column('responses', sa.Integer(), nullable=False),
        sa.Column('new_responses', sa.Integer(), nullable=False),
        sa.Column('new_comments', sa.Integer(), nullable=False),
        sa.Column('final', sa.Boolean(), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('withdrawn_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_releases_survey_id_surveys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_releases')),
        sa.UniqueConstraint('survey_id', 'number', name=op.f('uq_releases_survey_id')),
    )
    # Columns added in place, never by rebuilding a table: on SQLite, rebuilding the responses would
    # delete every answer through the answers' ON DELETE CASCADE.
    op.add_column('responses', sa.Column('record_key', sa.Integer(), server_default='0', nullable=False))
    op.add_column('responses', sa.Column('release', sa.Integer(), nullable=True))
    connection.execute(sa.text(f"UPDATE responses SET record_key = {RANDOM_KEY[dialect]}"))
    op.create_index('ix_responses_release', 'responses', ['survey_id', 'release'], unique=False)
    op.drop_index('ix_answers_count', 'answers')
    op.add_column('answers', sa.Column('release', sa.Integer(), nullable=True))
    op.add_column('answers', sa.Column('record_key', sa.Integer(), server_default='0', nullable=False))
    connection.execute(sa.text("UPDATE answers SET record_key = (SELECT r.record_key FROM responses AS r "
                               "WHERE r.id = answers.response_id)"))
    op.create_index('ix_answers_count', 'answers', [*INDEX, 'release', 'record_key'], unique=False)
    op.add_column('text_answers', sa.Column('release', sa.Integer(), nullable=True))
    op.add_column('text_answers', sa.Column('withheld', sa.Boolean(), server_default=sa.false(), nullable=False))
    connection.execute(sa.text(f"UPDATE text_answers SET id = {RANDOM_ID[dialect]}, "
                               f"submitted_on = {MONTH_START[dialect]}"))
    if dialect == "postgresql":
        op.alter_column('text_answers', 'id', existing_type=sa.BigInteger(), server_default=None)
        connection.execute(sa.text("DROP SEQUENCE IF EXISTS text_answers_id_seq"))
        connection.execute(sa.text("CLUSTER text_answers USING pk_text_answers"))  # rows in id order, not arrival


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("CREATE SEQUENCE IF NOT EXISTS text_answers_id_seq OWNED BY text_answers.id"))
        connection.execute(sa.text("SELECT setval('text_answers_id_seq', "
                                   "(SELECT coalesce(max(id), 0) + 1 FROM text_answers), false)"))
        op.alter_column('text_answers', 'id', existing_type=sa.BigInteger(),
                        server_default=sa.text("nextval('text_answers_id_seq'::regclass)"))
    with op.batch_alter_table('text_answers') as batch_op:
        batch_op.drop_column('withheld')
        batch_op.drop_column('release')
    op.drop_index('ix_answers_count', 'answers')
    with op.batch_alter_table('answers') as batch_op:
        batch_op.drop_column('record_key')
        batch_op.drop_column('release')
    op.create_index('ix_answers_count', 'answers', INDEX, unique=False)
    op.drop_index('ix_responses_release', 'responses')
    for column in ('release', 'record_key'):  # SQLite drops a column in place (3.35 on): no rebuild
        op.drop_column('responses', column)
    op.drop_table('releases')
