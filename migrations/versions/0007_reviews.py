"""Reviews (the consultation hub): reviews, the surveys they draw on, recommendations, their
progress updates (only ever added to: triggers refuse a change or deletion), and the questions a
review will publish from releases ("You said", empty until releases exist).

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-05 12:00:00
"""
from alembic import op
import sqlalchemy as sa

# The triggers as the models make them (survey.hub.models), copied so this file never changes.
MESSAGE = "progress updates are only ever added, never changed or deleted"
SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS progress_updates_no_{verb.lower()} BEFORE {verb} ON progress_updates "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE"))
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION progress_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER progress_updates_append_only BEFORE UPDATE OR DELETE ON progress_updates "
    "FOR EACH ROW EXECUTE FUNCTION progress_updates_append_only()",
)


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reviews',
    sa.Column('id', sa.String(length=63), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('topic_id', sa.String(length=63), nullable=False),
    sa.Column('topic_cy', sa.String(length=120), nullable=False),
    sa.Column('topic_en', sa.String(length=120), nullable=False),
    sa.Column('kind_cy', sa.String(length=120), nullable=False),
    sa.Column('kind_en', sa.String(length=120), nullable=False),
    sa.Column('title_cy', sa.String(length=255), nullable=False),
    sa.Column('title_en', sa.String(length=255), nullable=False),
    sa.Column('summary_cy', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('findings_cy', sa.Text(), nullable=False),
    sa.Column('findings_en', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_topic_id'), ['topic_id'], unique=False)

    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('review_id', sa.String(length=63), nullable=False),
    sa.Column('key', sa.String(length=63), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text_cy', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('addressee_cy', sa.String(length=255), nullable=False),
    sa.Column('addressee_en', sa.String(length=255), nullable=False),
    sa.Column('response', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_recommendations_review_id_reviews')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('review_id', 'key', name=op.f('uq_recommendations_review_id'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_review_id'), ['review_id'], unique=False)

    op.create_table('review_published_questions',
    sa.Column('review_id', sa.String(length=63), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('question_id', sa.String(length=63), nullable=False),
    sa.Column('release_id', sa.String(length=63), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_published_questions_review_id_reviews')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_review_published_questions_survey_id_surveys')),
    sa.PrimaryKeyConstraint('review_id', 'survey_id', 'question_id', name=op.f('pk_review_published_questions'))
    )
    op.create_table('review_surveys',
    sa.Column('review_id', sa.String(length=63), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('audience_cy', sa.String(length=255), nullable=False),
    sa.Column('audience_en', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_surveys_review_id_reviews')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_review_surveys_survey_id_surveys')),
    sa.PrimaryKeyConstraint('review_id', 'survey_id', name=op.f('pk_review_surveys'))
    )
    with op.batch_alter_table('review_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_surveys_survey_id'), ['survey_id'], unique=False)

    op.create_table('progress_updates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('text_cy', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_progress_updates_recommendation_id_recommendations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_updates'))
    )
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_updates_recommendation_id'), ['recommendation_id'], unique=False)

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_updates_recommendation_id'))

    op.drop_table('progress_updates')
    with op.batch_alter_table('review_surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_surveys_survey_id'))

    op.drop_table('review_surveys')
    op.drop_table('review_published_questions')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_review_id'))

    op.drop_table('recommendations')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_topic_id'))

    op.drop_table('reviews')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS progress_updates_append_only()")
