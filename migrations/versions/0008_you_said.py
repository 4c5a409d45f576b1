""""You said": the questions a review publishes keep the number of the release their figures come
from (a release is known by its survey and number) and when they were published.

Nothing wrote review_published_questions before this revision (its release_id column waited for
releases), so the table is made again in its new shape, on SQLite and PostgreSQL alike.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 16:40:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

KEYS = ('review_id', 'survey_id', 'question_id')


def _keys() -> list[sa.Column]:
    return [sa.Column('review_id', sa.String(length=63), nullable=False),
            sa.Column('survey_id', sa.String(length=63), nullable=False),
            sa.Column('question_id', sa.String(length=63), nullable=False)]


def _constraints() -> list[sa.Constraint]:
    return [sa.ForeignKeyConstraint(['review_id'], ['reviews.id'],
                                    name=op.f('fk_review_published_questions_review_id_reviews')),
            sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                    name=op.f('fk_review_published_questions_survey_id_surveys')),
            sa.PrimaryKeyConstraint(*KEYS, name=op.f('pk_review_published_questions'))]


def upgrade() -> None:
    op.drop_table('review_published_questions')
    op.create_table('review_published_questions', *_keys(),
                    sa.Column('release', sa.Integer(), nullable=False),
                    sa.Column('position', sa.Integer(), nullable=False),
                    sa.Column('published_at', sa.DateTime(), nullable=False),
                    *_constraints())


def downgrade() -> None:
    op.drop_table('review_published_questions')
    op.create_table('review_published_questions', *_keys(),
                    sa.Column('release_id', sa.String(length=63), nullable=True),
                    sa.Column('position', sa.Integer(), nullable=False),
                    *_constraints())
