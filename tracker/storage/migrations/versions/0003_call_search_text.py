"""A call's title and eligible applicants, folded, so text search runs in SQL; indexes on the
timestamps whose maxima make the data version (a cached feed then costs index lookups only)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.text.normalize import fold

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None
INDEXED = (('call', 'last_seen'), ('calendar_event', 'last_modified'), ('intention_match', 'computed_at'))


def upgrade() -> None:
    with op.batch_alter_table('call') as batch:
        batch.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    call = sa.table('call', sa.column('id', sa.Integer()), sa.column('title', sa.String()),
                    sa.column('eligible_applicants', sa.String()), sa.column('search_text', sa.Text()))
    rows = connection.execute(sa.select(call.c.id, call.c.title, call.c.eligible_applicants)).all()
    for row in rows:
        connection.execute(call.update().where(call.c.id == row.id)
                           .values(search_text=fold(f"{row.title} {row.eligible_applicants}")))
    for table, column in INDEXED:
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False)


def downgrade() -> None:
    for table, column in INDEXED:
        op.drop_index(f'ix_{table}_{column}', table_name=table)
    with op.batch_alter_table('call') as batch:
        batch.drop_column('search_text')
