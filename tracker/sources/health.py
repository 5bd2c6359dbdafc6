"""How each source is doing: its last runs, how fresh its data are, failures in a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from tracker.sources.registry import SOURCE_CODES
from tracker.storage.models import ScrapeRun

FAILURES_TO_ALARM = 3


@dataclass(frozen=True)
class SourceHealth:
    source: str
    last_run: ScrapeRun | None
    last_success: ScrapeRun | None
    failures_in_a_row: int

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


def source_health(session: Session, source: str, history: int = 20) -> SourceHealth:
    runs = list(session.exec(select(ScrapeRun).where(ScrapeRun.source == source, ScrapeRun.outcome.is_not(None))
                             .order_by(ScrapeRun.id.desc()).limit(history)))
    failures = 0
    for run in runs:
        if run.outcome == "ok":
            break
        failures += 1
    last_success = next((r for r in runs if r.outcome == "ok"), None)
    if last_success is None:
        last_success = session.exec(select(ScrapeRun).where(ScrapeRun.source == source, ScrapeRun.outcome == "ok")
                                    .order_by(ScrapeRun.id.desc()).limit(1)).first()
    return SourceHealth(source, runs[0] if runs else None, last_success, failures)


def all_health(session: Session) -> list[SourceHealth]:
    return [source_health(session, code) for code in SOURCE_CODES]


def recent_runs(session: Session, source: str, limit: int = 10) -> list[ScrapeRun]:
    return list(session.exec(select(ScrapeRun).where(ScrapeRun.source == source)
                             .order_by(ScrapeRun.id.desc()).limit(limit)))
