"""Partial runs (their failed pages), each call's richest origin, crawl locks and crawl requests

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('scrape_run') as batch:
        batch.add_column(sa.Column('failed_urls', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('call') as batch:
        batch.add_column(sa.Column('origin', sa.Integer(), nullable=False, server_default='3'))
    # Calls read only from a harmonogram or a calendar workbook carry the plans' word "planned"
    # (a call's own page or a listing line never says it in English): those are origin 1 (plan).
    call = sa.table('call', sa.column('origin', sa.Integer()), sa.column('status_word', sa.String()))
    op.get_bind().execute(call.update().where(call.c.status_word == 'planned').values(origin=1))

    op.create_table(
        'crawl_lock',
        sa.Column('source', sa.String(), nullable=False),
        sa.Column('token', sa.String(), nullable=False),
        sa.Column('host', sa.String(), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('acquired_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('source'),
    )
    op.create_table(
        'crawl_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('crawl_request') as batch:
        batch.create_index(batch.f('ix_crawl_request_source'), ['source'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('crawl_request') as batch:
        batch.drop_index(batch.f('ix_crawl_request_source'))
    op.drop_table('crawl_request')
    op.drop_table('crawl_lock')
    with op.batch_alter_table('call') as batch:
        batch.drop_column('origin')
    with op.batch_alter_table('scrape_run') as batch:
        batch.drop_column('failed_urls')
