"""Engines, sessions and schema upgrades. Works on SQLite (default) and PostgreSQL."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from tracker.errors import UserError
from tracker.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_PATIENCE_S = 300.0  # how long bookkeeping writes (a run's start and end) keep trying a busy database
T = TypeVar("T")
log = logging.getLogger(__name__)


def _prepare_sqlite_path(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per database URL; SQLite gets WAL and a busy timeout so crawls and readers mix."""
    if url.startswith("sqlite"):
        _prepare_sqlite_path(url)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (another writer held the lock past the busy timeout)."""
    return isinstance(exc, sa.exc.OperationalError) and any(
        word in str(exc.orig).lower() for word in ("database is locked", "database table is locked", "busy"))


def retry_when_busy(write: Callable[[], T], patience_s: float | None = None) -> T:
    """Run ``write`` (one transaction of its own) again while the database answers "locked".

    For the writes that must not vanish — a run's start and its outcome — when something else
    holds SQLite's write lock for longer than the busy timeout. Other errors pass at once."""
    deadline = time.monotonic() + (BUSY_PATIENCE_S if patience_s is None else patience_s)
    pause = 0.2
    while True:
        try:
            return write()
        except sa.exc.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + pause > deadline:
                raise
            log.warning("the database is busy (%s); trying again in %.1f s", exc.orig, pause)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", (url or get_settings().database_url).replace("%", "%%"))
    return config


def init_db(url: str | None = None, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision``; safe to run any number of times."""
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        _prepare_sqlite_path(url)
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine_for(url or get_settings().database_url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _unsupported(en: str) -> UserError:
    return UserError(en, "Zálohu za běhu umí tracker jen pro SQLite.", field="file")


def backup(target: Path, url: str | None = None) -> int:
    """Copy the SQLite database to ``target`` while it is in use (SQLite's online backup API).

    Returns the number of pages copied. For PostgreSQL, use ``pg_dump``."""
    import sqlite3

    url = url or get_settings().database_url
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise _unsupported(
            f"tracker backup copies SQLite databases; for {parsed.get_backend_name()} use its own tools, "
            f"e.g. pg_dump --format=custom --file={target} '<database URL>'")
    if not parsed.database or parsed.database == ":memory:":
        raise _unsupported("an in-memory database cannot be backed up")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            pages = destination.execute("PRAGMA page_count").fetchone()[0]
        finally:
            destination.close()
    finally:
        source.close()
    partial.replace(target)
    return int(pages)
