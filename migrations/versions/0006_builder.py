"""The survey builder's saved drafts: each version of a definition, who saved it and when.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-05 12:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('builder_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('definition_json', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=254), nullable=False),
    sa.Column('note', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_builder_versions')),
    sa.UniqueConstraint('survey_id', 'number', name=op.f('uq_builder_versions_survey_id'))
    )
    with op.batch_alter_table('builder_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_builder_versions_survey_id'), ['survey_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('builder_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_builder_versions_survey_id'))
    op.drop_table('builder_versions')
