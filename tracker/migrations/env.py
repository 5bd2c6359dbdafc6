"""Alembic environment: migrations run against the URL set by :func:`tracker.db.alembic_config`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on the metadata)
from tracker.db import engine_for

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    engine = engine_for(config.get_main_option("sqlalchemy.url").replace("%%", "%"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
