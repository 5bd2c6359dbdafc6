"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('external_id', sa.String(), nullable=False),
    sa.Column('programme', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('specific_objective', sa.String(), nullable=True),
    sa.Column('call_kind', sa.String(), nullable=True),
    sa.Column('call_mode', sa.String(), nullable=True),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('status_word', sa.String(), nullable=True),
    sa.Column('announced_at', sa.DateTime(), nullable=True),
    sa.Column('announced_precision', sa.String(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('opens_precision', sa.String(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('closes_precision', sa.String(), nullable=False),
    sa.Column('until_exhausted', sa.Boolean(), nullable=False),
    sa.Column('allocation_czk', sa.BigInteger(), nullable=True),
    sa.Column('eligible_applicants', sa.String(), nullable=False),
    sa.Column('applicant_types', sa.Text(), server_default='', nullable=False),
    sa.Column('areas', sa.Text(), server_default='', nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('documents_url', sa.String(), nullable=True),
    sa.Column('source_url', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('missed_runs', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'external_id', name='uq_call_source_external_id')
    )
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_state'), ['state'], unique=False)

    op.create_table('scrape_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('found', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('missing', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('not_modified', sa.Integer(), nullable=False),
    sa.Column('bytes_received', sa.Integer(), nullable=False),
    sa.Column('from_samples', sa.Boolean(), nullable=False),
    sa.Column('error', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('scrape_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scrape_run_source'), ['source'], unique=False)

    op.create_table('call_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('old_value', sa.String(), nullable=True),
    sa.Column('new_value', sa.String(), nullable=True),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['scrape_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_change_call_id'), ['call_id'], unique=False)

    op.create_table('intention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.Column('ico', sa.String(), nullable=False),
    sa.Column('applicant_type', sa.String(), nullable=False),
    sa.Column('areas', sa.Text(), server_default='', nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('budget_czk', sa.BigInteger(), nullable=False),
    sa.Column('cofinancing_pct', sa.Float(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('programmes', sa.Text(), server_default='', nullable=False),
    sa.Column('partners', sa.Text(), server_default='', nullable=False),
    sa.Column('contact_email', sa.String(), nullable=True),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('intention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intention_applicant_type'), ['applicant_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_intention_stage'), ['stage'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('intention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intention_stage'))
        batch_op.drop_index(batch_op.f('ix_intention_applicant_type'))

    op.drop_table('intention')
    with op.batch_alter_table('call_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_change_call_id'))

    op.drop_table('call_change')
    with op.batch_alter_table('scrape_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scrape_run_source'))

    op.drop_table('scrape_run')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_state'))
        batch_op.drop_index(batch_op.f('ix_call_source'))

    op.drop_table('call')
