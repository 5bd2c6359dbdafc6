"""Why each code was recognised (call.evidence) and the coordinator's corrections of codes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('call') as batch:
        batch.add_column(sa.Column('evidence', sa.Text(), nullable=False, server_default=''))
    op.create_table(
        'call_correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('sets_applicant_types', sa.Boolean(), nullable=False),
        sa.Column('applicant_types', sa.Text(), server_default='', nullable=False),
        sa.Column('sets_areas', sa.Boolean(), nullable=False),
        sa.Column('areas', sa.Text(), server_default='', nullable=False),
        sa.Column('classified_applicant_types', sa.Text(), server_default='', nullable=False),
        sa.Column('classified_areas', sa.Text(), server_default='', nullable=False),
        sa.Column('corrected_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['call_id'], ['call.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('call_id'),
    )


def downgrade() -> None:
    op.drop_table('call_correction')
    with op.batch_alter_table('call') as batch:
        batch.drop_column('evidence')
