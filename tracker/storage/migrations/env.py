"""Alembic environment: migrations run against the URL set by :func:`tracker.db.alembic_config`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tracker.storage.models  # noqa: F401  (registers the tables on the metadata)
from tracker.storage.db import engine_for

config = context.config
target_metadata = SQLModel.metadata
# Tables other libraries own in the same database (APScheduler's job store).
FOREIGN_TABLES = {"apscheduler_jobs"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name in FOREIGN_TABLES)


def run_migrations() -> None:
    engine = engine_for(config.get_main_option("sqlalchemy.url").replace("%%", "%"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
