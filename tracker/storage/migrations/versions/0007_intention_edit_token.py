"""An intention's private edit link: the SHA-256 of its token (the token itself is never stored)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing intentions get no link; the coordinator edits them (or issues a link by editing).
    with op.batch_alter_table('intention') as batch:
        batch.add_column(sa.Column('edit_token_hash', sa.String(length=64), nullable=True))
        batch.create_index('ix_intention_edit_token_hash', ['edit_token_hash'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('intention') as batch:
        batch.drop_index('ix_intention_edit_token_hash')
        batch.drop_column('edit_token_hash')
