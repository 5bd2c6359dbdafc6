"""Start crawls as subprocesses and read back how they went (the ScrapeRun they wrote); one crawl
of a source at a time (tracker.storage.locks, named by the source); and the app's
requests for a crawl now, which the scheduler serves."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.services.stack import die_with_parent
from tracker.settings import get_settings
from tracker.sources.ingest import fail_run, start_run
from tracker.sources.registry import SOURCE_CODES
from tracker.sources.sample_site import SampleServer
from tracker.storage import locks
from tracker.storage.db import get_engine, session_scope
from tracker.storage.locks import LockHeld, real_now
from tracker.storage.models import CrawlLock, CrawlRequest, ScrapeRun

log = logging.getLogger(__name__)
_running: dict[subprocess.Popen[str], int] = {}  # crawl subprocesses of this process → their run
LOCK_MARGIN_S = 180  # beyond a crawl's time limit, after which a lock is surely abandoned
REQUESTS_KEPT = timedelta(days=1)


class CrawlAlreadyRunning(LockHeld):
    """Another crawl of the source holds its lock; this one did not start."""

    def __init__(self, source: str, holder: CrawlLock):
        self.source = source
        super().__init__(f"a crawl of {source}", holder)


def claim_lock(source: str, stale_after_s: float | None = None) -> str:
    """Take the source's crawl lock; its token releases it. Raises :class:`CrawlAlreadyRunning`."""
    if stale_after_s is None:
        stale_after_s = get_settings().crawl_time_limit_s + 60 + LOCK_MARGIN_S
    try:
        return locks.claim(source, stale_after_s)
    except LockHeld as exc:
        raise CrawlAlreadyRunning(source, exc.holder) from None


def release_lock(source: str, token: str) -> None:
    locks.release(source, token)


@contextmanager
def source_lock(source: str) -> Iterator[str]:
    """Hold the source's crawl lock for the block (raises :class:`CrawlAlreadyRunning`)."""
    token = claim_lock(source)
    try:
        yield token
    finally:
        release_lock(source, token)


def run_crawl(source: str, url: str | None = None, *, from_samples: bool = False,
              time_limit_s: float | None = None) -> ScrapeRun:
    """Crawl one source in a subprocess with a time limit; the result is its finished ScrapeRun.

    Without ``url`` the crawl starts at ``TRACKER_SOURCE_URL_<SOURCE>`` if set, else the real site.
    Only one crawl of a source runs at a time: raises :class:`CrawlAlreadyRunning` (and records
    nothing) while another holds the source's lock."""
    with source_lock(source):
        return _crawl(source, url or get_settings().source_url(source), from_samples, time_limit_s)


def _crawl(source: str, url: str | None, from_samples: bool, time_limit_s: float | None) -> ScrapeRun:
    run_id = start_run(source, from_samples=from_samples)
    command = [sys.executable, "-m", "scrapers.crawl", source, "--run-id", str(run_id)]
    if url:
        command += ["--url", url]
    if from_samples:
        command.append("--samples")
    limit = time_limit_s if time_limit_s is not None else get_settings().crawl_time_limit_s + 60
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=die_with_parent)  # a crawl never outlives its parent
    _running[process] = run_id
    tail: deque[str] = deque(maxlen=20)
    reader = threading.Thread(target=_follow, args=(source, process, tail), daemon=True)
    reader.start()
    try:
        returncode = process.wait(timeout=limit)
        reader.join(timeout=5)
        detail = [line for line in tail if not line.startswith("PROGRESS")][-1:] if returncode not in (0, 1) else []
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        fail_run(run_id, f"the crawl exceeded its time limit of {limit:.0f} s and was stopped")
        detail = []
    finally:
        _running.pop(process, None)
    with session_scope() as session:
        run = session.get(ScrapeRun, run_id)
        assert run is not None
        if run.outcome is None:
            reason = detail[0] if detail else "the crawl process ended without a result"
            fail_run(run_id, reason)
            session.refresh(run)
        return run


# --- "Aktualizovat nyní": the app asks, the scheduler crawls ---------------------------------------


def request_crawl(source: str) -> CrawlRequest:
    """Ask the scheduler (``tracker schedule`` / ``tracker up``) to crawl ``source`` now; returns at once.
    A request still waiting for the scheduler is not doubled."""
    with session_scope() as session:
        waiting = session.exec(select(CrawlRequest).where(CrawlRequest.source == source,
                                                          CrawlRequest.taken_at.is_(None))).first()
        if waiting is not None:
            return waiting
        request = CrawlRequest(source=source, requested_at=real_now())
        session.add(request)
        session.flush()
        return request


def take_requests() -> list[str]:
    """The sources whose waiting requests this call took (each request is taken once, by one scheduler)."""
    table = CrawlRequest.__table__
    taken: set[str] = set()
    with get_engine().begin() as connection:
        waiting = connection.execute(sa.select(table.c.id, table.c.source).where(table.c.taken_at.is_(None))).all()
        for request_id, source in waiting:
            done = connection.execute(table.update().where(table.c.id == request_id, table.c.taken_at.is_(None))
                                      .values(taken_at=real_now())).rowcount
            if done:
                taken.add(source)
        # Requests served long ago say nothing any more; the table stays small.
        connection.execute(table.delete().where(table.c.taken_at < real_now() - REQUESTS_KEPT))
    return sorted(taken)


def recent_requests(session: Session, source: str, within: timedelta = timedelta(hours=1)) -> list[CrawlRequest]:
    """The source's requests still waiting or made within the last hour (waiting ones first), for the app."""
    since = real_now() - within
    rows = session.exec(select(CrawlRequest).where(CrawlRequest.source == source,
                                                   sa.or_(CrawlRequest.taken_at.is_(None),
                                                          CrawlRequest.requested_at >= since))
                        .order_by(CrawlRequest.id.desc())).all()
    return sorted(rows, key=lambda r: r.taken_at is not None)


def stop_crawls(timeout_s: float = 10.0) -> None:
    """Stop the crawl subprocesses this process started (on shutdown); their runs end as failed."""
    running = dict(_running)
    for process in running:
        process.terminate()
    for process, run_id in running.items():
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
        fail_run(run_id, "the crawl was stopped because the tracker was shutting down")


def _follow(source: str, process: subprocess.Popen[str], tail: deque[str]) -> None:
    """Log the crawl's progress lines as they come; keep the last lines for an error message."""
    assert process.stderr is not None
    for line in process.stderr:
        line = line.rstrip()
        if line.startswith("PROGRESS "):
            fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
            log.info("%s: %s pages fetched, %s calls found so far", source, fields.get("pages", "?"),
                     fields.get("calls", "?"))
        elif line:
            tail.append(line)


@contextmanager
def sample_sites(sources: tuple[str, ...] = SOURCE_CODES) -> Iterator[dict[str, SampleServer]]:
    """Serve the bundled sample pages of each source on its own 127.0.0.1 port."""
    samples = get_settings().samples_dir
    with ExitStack() as stack:
        yield {s: stack.enter_context(SampleServer.from_directory(samples / s)) for s in sources}


def load_demo() -> list[ScrapeRun]:
    """Fill the database from the bundled sample pages through the real spiders."""
    with sample_sites() as servers:
        return [run_crawl(source, server.url, from_samples=True) for source, server in servers.items()]
