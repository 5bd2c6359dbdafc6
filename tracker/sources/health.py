"""How each source is doing: its last runs, how fresh its data are, failures in a row.

A *partial* run (some call pages or plans did not load; the rest was stored) counts as an
update of the source — ``updated_at`` moves and it ends a series of failures, so it never raises
the "failed N runs in a row" alarm — but not of the pages that failed: those are
:func:`stale_pages`, shown with the time their data were last read, and requested first by the
next crawl. Only a *failed* run (nothing written) counts towards the alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from tracker.sources.registry import SOURCE_CODES
from tracker.storage.models import ScrapeRun

FAILURES_TO_ALARM = 3
WROTE = ("ok", "partial")  # outcomes of runs whose data were stored


@dataclass(frozen=True)
class SourceHealth:
    source: str
    last_run: ScrapeRun | None
    last_success: ScrapeRun | None  # the last run that stored data (ok or partial)
    failures_in_a_row: int
    stale: dict[str, datetime | None] = field(default_factory=dict)  # failed page → when last read

    @property
    def updated_at(self) -> datetime | None:
        return self.last_success.finished_at if self.last_success else None

    @property
    def from_samples(self) -> bool:
        """The data come from the bundled sample pages (no live crawl has succeeded since)."""
        return bool(self.last_success and self.last_success.from_samples)

    @property
    def alarming(self) -> bool:
        return self.failures_in_a_row >= FAILURES_TO_ALARM


def _finished(session: Session, source: str, history: int) -> list[ScrapeRun]:
    return list(session.exec(select(ScrapeRun).where(ScrapeRun.source == source, ScrapeRun.outcome.is_not(None))
                             .order_by(ScrapeRun.id.desc()).limit(history)))


def source_health(session: Session, source: str, history: int = 20) -> SourceHealth:
    runs = _finished(session, source, history)
    failures = 0
    for run in runs:
        if run.outcome in WROTE:
            break
        failures += 1
    last_success = next((r for r in runs if r.outcome in WROTE), None)
    if last_success is None:
        last_success = session.exec(select(ScrapeRun).where(ScrapeRun.source == source,
                                                            ScrapeRun.outcome.in_(WROTE))
                                    .order_by(ScrapeRun.id.desc()).limit(1)).first()
    return SourceHealth(source, runs[0] if runs else None, last_success, failures,
                        _stale(runs, last_success))


def stale_pages(session: Session, source: str, history: int = 20) -> dict[str, datetime | None]:
    """The pages that failed in the last run that stored data, each with when it was last read
    (the end of the last storing run it did not fail in; ``None`` when not within ``history``)."""
    runs = _finished(session, source, history)
    return _stale(runs, next((r for r in runs if r.outcome in WROTE), None))


def _stale(runs: list[ScrapeRun], last_success: ScrapeRun | None) -> dict[str, datetime | None]:
    if last_success is None or not last_success.partial:
        return {}
    older = [r for r in runs if r.outcome in WROTE and r.id is not None and last_success.id is not None
             and r.id < last_success.id]
    return {url: next((r.finished_at for r in older if url not in r.failed_urls), None)
            for url in last_success.failed_urls}


def all_health(session: Session) -> list[SourceHealth]:
    return [source_health(session, code) for code in SOURCE_CODES]


def recent_runs(session: Session, source: str, limit: int = 10) -> list[ScrapeRun]:
    return list(session.exec(select(ScrapeRun).where(ScrapeRun.source == source)
                             .order_by(ScrapeRun.id.desc()).limit(limit)))
