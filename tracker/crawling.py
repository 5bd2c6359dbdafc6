"""Start crawls as subprocesses and read back how they went (the ScrapeRun they wrote)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from tracker.db import session_scope
from tracker.ingest import fail_run, start_run
from tracker.models import ScrapeRun, Source
from tracker.sampleserver import SampleServer
from tracker.settings import get_settings

SOURCES: tuple[str, ...] = tuple(s.value for s in Source)


@dataclass(frozen=True)
class RunSummary:
    source: str
    ok: bool
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    pages: int = 0
    not_modified: int = 0
    bytes_received: int = 0
    error: str | None = None

    def line(self) -> str:
        if not self.ok:
            return f"{self.source}: FAILED: {self.error}"
        return (f"{self.source}: ok, found {self.found}, new {self.new}, changed {self.changed}, "
                f"unchanged {self.unchanged}, missing {self.missing} "
                f"({self.pages} pages, {self.not_modified} not modified, {self.bytes_received / 1024:.1f} kB)")


def run_crawl(source: str, url: str | None = None, *, from_samples: bool = False,
              time_limit_s: float | None = None) -> RunSummary:
    """Crawl one source in a subprocess with a time limit; the result is its ScrapeRun."""
    run_id = start_run(source, from_samples=from_samples)
    command = [sys.executable, "-m", "scrapers.crawl", source, "--run-id", str(run_id)]
    if url:
        command += ["--url", url]
    if from_samples:
        command.append("--samples")
    limit = time_limit_s if time_limit_s is not None else get_settings().crawl_time_limit_s + 60
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
        detail = completed.stderr.strip().splitlines()[-1:] if completed.returncode not in (0, 1) else []
    except subprocess.TimeoutExpired:
        fail_run(run_id, f"the crawl exceeded its time limit of {limit:.0f} s and was stopped")
        detail = []
    with session_scope() as session:
        run = session.get(ScrapeRun, run_id)
        assert run is not None
        if run.outcome is None:
            reason = detail[0] if detail else "the crawl process ended without a result"
            fail_run(run_id, reason)
            session.refresh(run)
        return RunSummary(
            source=source, ok=run.outcome == "ok", found=run.found, new=run.new, changed=run.changed,
            unchanged=run.unchanged, missing=run.missing, pages=run.pages, not_modified=run.not_modified,
            bytes_received=run.bytes_received, error=run.error,
        )


@contextmanager
def sample_sites(sources: tuple[str, ...] = SOURCES) -> Iterator[dict[str, SampleServer]]:
    """Serve the bundled sample pages of each source on its own 127.0.0.1 port."""
    samples = get_settings().samples_dir
    with ExitStack() as stack:
        yield {s: stack.enter_context(SampleServer.from_directory(samples / s)) for s in sources}


def load_demo() -> list[RunSummary]:
    """Fill the database from the bundled sample pages through the real spiders."""
    with sample_sites() as servers:
        return [run_crawl(source, server.url, from_samples=True) for source, server in servers.items()]
