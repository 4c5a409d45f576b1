"""The initial schema: surveys, responses and their answers, drafts, kiosk links, staff, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 21:54:21.811150
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=254), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('surveys',
    sa.Column('id', sa.String(length=63), nullable=False),
    sa.Column('definition_json', sa.Text(), nullable=False),
    sa.Column('definition_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('can_export_comments', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('disabled_at', sa.DateTime(), nullable=True),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('session_version', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('drafts',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('site', sa.String(length=120), nullable=True),
    sa.Column('answers_json', sa.Text(), nullable=False),
    sa.Column('pending_json', sa.Text(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_drafts_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_updated_at'), ['updated_at'], unique=False)

    op.create_table('kiosk_links',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('site', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_kiosk_links_survey_id_surveys')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_kiosk_links'))
    )
    with op.batch_alter_table('kiosk_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kiosk_links_survey_id'), ['survey_id'], unique=False)

    op.create_table('responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('site', sa.String(length=120), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_responses_survey_id_surveys')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_responses_submission_key'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_submitted_on'), ['submitted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_survey_id'), ['survey_id'], unique=False)

    op.create_table('text_answers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('question_id', sa.String(length=63), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_text_answers_survey_id_surveys')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_answers'))
    )
    with op.batch_alter_table('text_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_answers_survey_id'), ['survey_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.String(length=63), nullable=False),
    sa.Column('question_id', sa.String(length=63), nullable=False),
    sa.Column('row_id', sa.String(length=63), nullable=False),
    sa.Column('value', sa.String(length=63), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_answers_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_count', ['survey_id', 'question_id', 'row_id', 'value'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_response_id'), ['response_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_response_id'))
        batch_op.drop_index('ix_answers_count')

    op.drop_table('answers')
    with op.batch_alter_table('text_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_answers_survey_id'))

    op.drop_table('text_answers')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_survey_id'))
        batch_op.drop_index(batch_op.f('ix_responses_submitted_on'))

    op.drop_table('responses')
    with op.batch_alter_table('kiosk_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kiosk_links_survey_id'))

    op.drop_table('kiosk_links')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_updated_at'))
        batch_op.drop_index(batch_op.f('ix_drafts_survey_id'))

    op.drop_table('drafts')
    op.drop_table('users')
    op.drop_table('surveys')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
