"""Named locks held by one process at a time, across processes and hosts (a row per name in
``crawl_lock``, on SQLite and PostgreSQL alike): one crawl of a source, one digest run."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tracker.clock import PRAGUE
from tracker.storage.db import get_engine, retry_when_busy
from tracker.storage.models import CrawlLock

log = logging.getLogger(__name__)


class LockHeld(Exception):
    """Another process holds the lock; this one did not start."""

    def __init__(self, what: str, holder: CrawlLock):
        self.what, self.holder = what, holder
        since = holder.acquired_at.astimezone(PRAGUE).strftime("%Y-%m-%d %H:%M:%S") if holder.acquired_at else "?"
        super().__init__(f"already running: {what} started at {since} "
                         f"by process {holder.pid} on {holder.host}; not started again")


def real_now() -> datetime:
    """Wall-clock time (never TRACKER_TODAY): locks are about processes, not the calendar."""
    return datetime.now(UTC)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(lock: CrawlLock, stale_after_s: float) -> bool:
    """The holder is gone: a dead process on this host, or held far beyond any run's time limit."""
    if lock.host == socket.gethostname() and not _pid_alive(lock.pid):
        return True
    return lock.acquired_at is None or real_now() - lock.acquired_at > timedelta(seconds=stale_after_s)


def claim(name: str, stale_after_s: float, what: str | None = None) -> str:
    """Take the lock ``name``; its token releases it. Raises :class:`LockHeld` (saying ``what`` runs).

    Atomic on both databases: an INSERT that the primary key lets only one claimer win, and
    taking over an abandoned lock is an UPDATE conditioned on the old holder's token."""
    table = CrawlLock.__table__
    me = {"token": secrets.token_hex(16), "host": socket.gethostname(), "pid": os.getpid()}

    def attempt() -> CrawlLock | None:
        """None when claimed; the holder when someone else has it."""
        engine = get_engine()
        for _ in range(5):
            try:
                with engine.begin() as connection:
                    connection.execute(table.insert().values(source=name, acquired_at=real_now(), **me))
                return None
            except sa.exc.IntegrityError:
                pass
            with engine.begin() as connection:
                row = connection.execute(sa.select(table).where(table.c.source == name)).first()
                if row is None:
                    continue  # released in between: try the insert again
                holder = CrawlLock(**row._mapping)
                if not _abandoned(holder, stale_after_s):
                    return holder
                taken = connection.execute(table.update().where(table.c.source == name,
                                                                table.c.token == holder.token)
                                           .values(acquired_at=real_now(), **me)).rowcount
                if taken == 1:
                    log.warning("took over the lock %s abandoned by process %s on %s", name, holder.pid, holder.host)
                    return None
        raise RuntimeError(f"could not settle the lock {name}")

    holder = retry_when_busy(attempt)
    if holder is not None:
        raise LockHeld(what or name, holder)
    return me["token"]


def release(name: str, token: str) -> None:
    table = CrawlLock.__table__

    def delete() -> None:
        with get_engine().begin() as connection:
            connection.execute(table.delete().where(table.c.source == name, table.c.token == token))

    retry_when_busy(delete)


@contextmanager
def held(name: str, stale_after_s: float, what: str | None = None) -> Iterator[str]:
    """Hold the lock ``name`` for the block (raises :class:`LockHeld`)."""
    token = claim(name, stale_after_s, what)
    try:
        yield token
    finally:
        release(name, token)
