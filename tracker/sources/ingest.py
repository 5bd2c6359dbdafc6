"""Keeping the call database true: every crawl's records go through here.

Upsert by (source, external_id), one CallChange per changed field, misses counted instead of
deletions, and a crawl that looks wrong (a redesign, an error) changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker import clock
from tracker.calls.corrections import apply_correction
from tracker.calls.view import CallView, date_value, derive_state
from tracker.settings import get_settings
from tracker.sources.records import CallRecord, merge_records
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CallChange, CallCorrection, ScrapeRun
from tracker.text.classify import classify_applicants_with_evidence, classify_call_areas
from tracker.text.czech import DateValue, Precision
from tracker.text.normalize import fold

log = logging.getLogger(__name__)


# Fields a crawl sets; a difference in any of them is a CallChange.
TRACKED_FIELDS = (
    "title", "programme", "specific_objective", "call_kind", "call_mode", "status_word",
    "announced", "opens", "closes", "until_exhausted", "allocation_czk", "eligible_applicants",
    "url", "documents_url", "source_url", "notes",
)
DATE_FIELDS = ("announced", "opens", "closes")


def normalised_fields(record: CallRecord) -> dict[str, Any]:
    """The column values a record stands for (dates split into instant and precision, codes classified)."""
    values: dict[str, Any] = {name: getattr(record, name) for name in TRACKED_FIELDS if name not in DATE_FIELDS}
    for name in DATE_FIELDS:
        value: DateValue | None = getattr(record, name)
        values[f"{name}_at"] = value.when if value else None
        values[f"{name}_precision"] = value.precision.value if value else Precision.NONE.value
    applicants = classify_applicants_with_evidence(record.eligible_applicants)
    areas = classify_call_areas(record.title, record.specific_objective, record.area_text, record.programme)
    values["applicant_types"] = applicants.codes
    values["areas"] = areas.codes
    values["evidence"] = json.dumps({"applicant_types": applicants.evidence, "areas": areas.evidence},
                                    ensure_ascii=False, sort_keys=True)
    values["search_text"] = fold(f"{record.title} {record.eligible_applicants}")
    return values


def comparable(call: Call | None, values: dict[str, Any], name: str) -> str | None:
    """A tracked field's value as text, the form a CallChange records (from the call, or from ``values``)."""
    if name in DATE_FIELDS:
        source: Any = call if call is not None else values
        get = (lambda key: getattr(source, key)) if call is not None else source.__getitem__
        value = date_value(get(f"{name}_at"), get(f"{name}_precision"))
        return value.iso() if value else None
    raw = getattr(call, name) if call is not None else values[name]
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


def content_hash(values: dict[str, Any]) -> str:
    payload = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in sorted(values.items())}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class CrawlRejected(Exception):
    """A crawl whose result cannot be trusted; nothing it found was written."""


@dataclass
class IngestResult:
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0


@dataclass
class CrawlStats:
    pages: int = 0
    not_modified: int = 0
    bytes_received: int = 0


@dataclass
class CrawlOutcome:
    source: str
    run_id: int
    ok: bool
    result: IngestResult = field(default_factory=IngestResult)
    error: str | None = None


def ingest(session: Session, source: str, records: Sequence[CallRecord], *, now: datetime,
           run_id: int | None = None, unlist_after: int = 3) -> IngestResult:
    """Apply one successful crawl of ``source`` to the database (caller commits)."""
    foreign = {r.source for r in records} - {source}
    if foreign:
        raise CrawlRejected(f"records of other sources in a {source} crawl: {sorted(foreign)}")
    merged = merge_records(list(records))
    existing = {c.external_id: c for c in session.exec(select(Call).where(Call.source == source))}
    corrections = {c.call_id: c for c in session.exec(
        select(CallCorrection).join(Call, CallCorrection.call_id == Call.id).where(Call.source == source))}
    listed_before = sum(1 for c in existing.values() if c.listed)
    if not merged and listed_before:
        raise CrawlRejected(
            f"the crawl found no calls, but {listed_before} were listed before; the site has probably changed"
        )
    result = IngestResult(found=len(merged))
    for record in merged:
        values = normalised_fields(record)
        digest = content_hash(values)  # of what the page says, so a correction never reads as a change
        state = derive_state(record.status_word, record.opens, record.closes, now)
        call = existing.get(record.external_id)
        if call is not None:  # a coordinator's codes win over the classifier's, crawl after crawl
            values = apply_correction(values, corrections.get(call.id))
        if call is None:
            call = Call(source=source, external_id=record.external_id, first_seen=now, content_hash=digest,
                        **values)
            result.new += 1
        elif call.content_hash != digest:
            diffs = [
                (name, comparable(call, values, name), comparable(None, values, name))
                for name in TRACKED_FIELDS
            ]
            diffs = [(name, old, new) for name, old, new in diffs if old != new]
            session.add_all(
                CallChange(call_id=call.id, run_id=run_id, field=name, old_value=old, new_value=new,
                           detected_at=now)
                for name, old, new in diffs
            )
            for name, value in values.items():
                setattr(call, name, value)
            call.content_hash = digest
            if diffs:
                result.changed += 1
            else:  # only the classification moved (a vocabulary update), not the page
                result.unchanged += 1
        else:
            result.unchanged += 1
        call.state = state
        call.last_seen = now
        call.missed_runs = 0
        call.listed = True
        session.add(call)
    seen = {r.external_id for r in merged}
    for external_id, call in existing.items():
        if external_id in seen:
            continue
        result.missing += 1
        call.missed_runs += 1
        call.listed = call.missed_runs < unlist_after
        call.state = CallView.of(call, now).state
        session.add(call)
    return result


# --- scrape runs -------------------------------------------------------------------------


def start_run(source: str, *, from_samples: bool = False) -> int:
    with session_scope() as session:
        run = ScrapeRun(source=source, started_at=clock.now(), from_samples=from_samples)
        session.add(run)
        session.flush()
        assert run.id is not None
        return run.id


def _store_stats(run: ScrapeRun, stats: CrawlStats) -> None:
    run.pages, run.not_modified, run.bytes_received = stats.pages, stats.not_modified, stats.bytes_received


def fail_run(run_id: int, error: str, stats: CrawlStats | None = None) -> None:
    with session_scope() as session:
        run = session.get(ScrapeRun, run_id)
        if run is None:
            return
        run.outcome = "failed"
        run.error = error[:4000]
        run.finished_at = clock.now()
        if stats is not None:
            _store_stats(run, stats)
        session.add(run)


def record_crawl(source: str, run_id: int, records: Sequence[CallRecord], problems: Sequence[str],
                 stats: CrawlStats) -> CrawlOutcome:
    """Finish a run: ingest its records if the crawl met no problem, else fail it and write nothing."""
    if problems:
        error = "; ".join(problems)
        fail_run(run_id, error, stats)
        return CrawlOutcome(source, run_id, ok=False, error=error)
    try:
        with session_scope() as session:
            result = ingest(session, source, records, now=clock.now(), run_id=run_id,
                            unlist_after=get_settings().missed_runs_to_unlist)
            run = session.get(ScrapeRun, run_id)
            assert run is not None
            run.outcome = "ok"
            run.finished_at = clock.now()
            run.found, run.new, run.changed = result.found, result.new, result.changed
            run.unchanged, run.missing = result.unchanged, result.missing
            _store_stats(run, stats)
            session.add(run)
    except CrawlRejected as exc:
        fail_run(run_id, str(exc), stats)
        return CrawlOutcome(source, run_id, ok=False, error=str(exc))
    after_crawl()
    return CrawlOutcome(source, run_id, ok=True, result=result)


def after_crawl() -> None:
    """Refresh what depends on the calls (calendar events, matches). Runs after the crawl's own
    commit, so a failure here never costs the crawled data; it is logged and the next crawl retries."""
    from tracker.feeds.events import sync_events
    from tracker.intentions.matching import rematch

    try:
        with session_scope() as session:
            sync_events(session, clock.now())
            rematch(session, clock.now())
    except Exception:  # noqa: BLE001 — the crawl is stored; events and matches are derived data
        log.exception("updating calendar events and matches after the crawl failed")
