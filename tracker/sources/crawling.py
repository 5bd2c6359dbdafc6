"""Start crawls as subprocesses and read back how they went (the ScrapeRun they wrote)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from tracker.services.stack import die_with_parent
from tracker.settings import get_settings
from tracker.sources.ingest import fail_run, start_run
from tracker.sources.registry import SOURCE_CODES
from tracker.sources.sample_site import SampleServer
from tracker.storage.db import session_scope
from tracker.storage.models import ScrapeRun

log = logging.getLogger(__name__)
_running: dict[subprocess.Popen[str], int] = {}  # crawl subprocesses of this process → their run


def run_crawl(source: str, url: str | None = None, *, from_samples: bool = False,
              time_limit_s: float | None = None) -> ScrapeRun:
    """Crawl one source in a subprocess with a time limit; the result is its finished ScrapeRun.

    Without ``url`` the crawl starts at ``TRACKER_SOURCE_URL_<SOURCE>`` if set, else the real site."""
    url = url or get_settings().source_url(source)
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
