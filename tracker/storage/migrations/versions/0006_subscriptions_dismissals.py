"""Subscriptions (e-mail digests), what each was sent, and dismissed calls ("not for us")

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('filter_query', sa.String(), nullable=False),
    sa.Column('rhythm', sa.String(), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('confirm_token', sa.String(), nullable=False),
    sa.Column('unsubscribe_token', sa.String(), nullable=False),
    sa.Column('since_call_id', sa.Integer(), nullable=False),
    sa.Column('since_change_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('confirmation_sent_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('last_sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('confirm_token'),
    sa.UniqueConstraint('unsubscribe_token')
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscription_email'), ['email'], unique=False)

    op.create_table('digest_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscription.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subscription_id', 'item_key', name='uq_digest_item')
    )
    with op.batch_alter_table('digest_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_item_subscription_id'), ['subscription_id'], unique=False)

    op.create_table('dismissal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intention_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('dismissed_at', sa.DateTime(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('opens_precision', sa.String(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('closes_precision', sa.String(), nullable=False),
    sa.Column('allocation_czk', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], ),
    sa.ForeignKeyConstraint(['intention_id'], ['intention.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('intention_id', 'call_id', name='uq_dismissal_intention_call')
    )
    with op.batch_alter_table('dismissal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dismissal_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dismissal_intention_id'), ['intention_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('dismissal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dismissal_intention_id'))
        batch_op.drop_index(batch_op.f('ix_dismissal_call_id'))

    op.drop_table('dismissal')
    with op.batch_alter_table('digest_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_item_subscription_id'))

    op.drop_table('digest_item')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscription_email'))

    op.drop_table('subscription')
