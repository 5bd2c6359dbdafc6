"""Keeping the call database true: every crawl's records go through here.

Upsert by (source, external_id), one CallChange per changed field, misses counted instead of
deletions; a crawl that looks wrong (a redesign) changes nothing, and a crawl some of whose pages
did not load (a partial run) leaves the calls behind those pages exactly as stored. The counters
of a crawl live on its ScrapeRun, filled here.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from tracker import clock
from tracker.calls.corrections import apply_correction
from tracker.calls.view import CallView, date_value, derive_state
from tracker.settings import get_settings
from tracker.sources.records import CallRecord, Origin, PageFailure, merge_records
from tracker.storage.db import retry_when_busy, session_scope
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
# What the crawl process counts of its transfer, stored on its ScrapeRun.
TRANSFER_COUNTERS = ("pages", "not_modified", "bytes_received")


def normalised_fields(record: CallRecord, stored: Call | None = None) -> dict[str, Any]:
    """The column values a record stands for (dates split into instant and precision, codes classified).

    With ``stored`` (a partial crawl), a field the record leaves empty keeps the stored value: what
    the crawl did not read may have been on a page that failed."""
    values: dict[str, Any] = {name: getattr(record, name) for name in TRACKED_FIELDS if name not in DATE_FIELDS}
    for name in DATE_FIELDS:
        value: DateValue | None = getattr(record, name)
        values[f"{name}_at"] = value.when if value else None
        values[f"{name}_precision"] = value.precision.value if value else Precision.NONE.value
    if stored is not None:
        for name in TRACKED_FIELDS:
            if comparable(None, values, name) is None and comparable(stored, values, name) is not None:
                for column in (f"{name}_at", f"{name}_precision") if name in DATE_FIELDS else (name,):
                    values[column] = getattr(stored, column)
    applicants = classify_applicants_with_evidence(values["eligible_applicants"])
    areas = classify_call_areas(values["title"], values["specific_objective"], record.area_text, values["programme"])
    values["applicant_types"] = applicants.codes
    values["areas"] = areas.codes
    values["evidence"] = json.dumps({"applicant_types": applicants.evidence, "areas": areas.evidence},
                                    ensure_ascii=False, sort_keys=True)
    values["search_text"] = fold(f"{values['title']} {values['eligible_applicants']}")
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


def ingest(session: Session, source: str, records: Sequence[CallRecord], *, now: datetime,
           run: ScrapeRun | None = None, unlist_after: int = 3,
           failures: Sequence[PageFailure] = ()) -> ScrapeRun:
    """Apply one crawl of ``source`` to the database and count it on ``run`` (caller commits).

    ``failures`` are the pages of the crawl that did not load; with any, the crawl is partial and
    leaves exactly as stored: a call whose own page failed (named by the failure, or read this
    time only from a poorer page than before), and, when a plan page failed, the calls known only
    from the plans. Neither kind counts as missing, and no field is emptied by a partial crawl.
    Returns ``run`` (a new, unsaved one when not given) with its counters filled in."""
    run = run if run is not None else ScrapeRun(source=source, started_at=now)
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
    partial = bool(failures)
    unread = {f.call for f in failures if f.call}
    plans_unread = any(f.page is Origin.PLAN for f in failures)
    run.found = run.new = run.changed = run.unchanged = run.missing = 0
    for record in merged:
        call = existing.get(record.external_id)
        if record.external_id in unread or (partial and call is not None and record.origin < call.origin):
            continue  # its own page failed: the listing's few fields must not overwrite what that page said
        run.found += 1
        values = normalised_fields(record, call if partial else None)
        digest = content_hash(values)  # of what the page says, so a correction never reads as a change
        state = derive_state(values["status_word"], date_value(values["opens_at"], values["opens_precision"]),
                             date_value(values["closes_at"], values["closes_precision"]), now)
        if call is not None:  # a coordinator's codes win over the classifier's, crawl after crawl
            values = apply_correction(values, corrections.get(call.id))
        if call is None:
            call = Call(source=source, external_id=record.external_id, first_seen=now, content_hash=digest,
                        **values)
            run.new += 1
        elif call.content_hash != digest:
            diffs = [
                (name, comparable(call, values, name), comparable(None, values, name))
                for name in TRACKED_FIELDS
            ]
            diffs = [(name, old, new) for name, old, new in diffs if old != new]
            session.add_all(
                CallChange(call_id=call.id, run_id=run.id, field=name, old_value=old, new_value=new,
                           detected_at=now)
                for name, old, new in diffs
            )
            for name, value in values.items():
                setattr(call, name, value)
            call.content_hash = digest
            if diffs:
                run.changed += 1
            else:  # only the classification moved (a vocabulary update), not the page
                run.unchanged += 1
        else:
            run.unchanged += 1
        call.state = state
        call.origin = int(record.origin)
        call.last_seen = now
        call.missed_runs = 0
        call.listed = True
        session.add(call)
    seen = {r.external_id for r in merged}
    for external_id, call in existing.items():
        if external_id in seen or external_id in unread or (plans_unread and call.origin == Origin.PLAN):
            continue
        run.missing += 1
        call.missed_runs += 1
        call.listed = call.missed_runs < unlist_after
        call.state = CallView.of(call, now).state
        session.add(call)
    return run


# --- scrape runs -------------------------------------------------------------------------


def start_run(source: str, *, from_samples: bool = False) -> int:
    """A new run without outcome (= running); waits out a busy database rather than vanish."""

    def write() -> int:
        with session_scope() as session:
            run = ScrapeRun(source=source, started_at=clock.now(), from_samples=from_samples)
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    return retry_when_busy(write)


def fail_run(run_id: int, error: str, *, failures: Sequence[PageFailure] = (), **transfer: int) -> ScrapeRun | None:
    """End a run still without outcome as failed (nothing of it was written), keeping its transfer
    counters (``pages``, ``not_modified``, ``bytes_received``); waits out a busy database.

    A run that already has its outcome keeps it: a crawl stopped at shutdown may have stored its
    result and still be refreshing the matches."""

    def write() -> ScrapeRun | None:
        with session_scope() as session:
            run = session.get(ScrapeRun, run_id)
            if run is None or run.outcome is not None:
                return run
            run.outcome = "failed"
            run.error = error[:4000]
            run.failed_urls = [f.url for f in failures]
            run.finished_at = clock.now()
            _count_transfer(run, transfer)
            session.add(run)
            return run

    return retry_when_busy(write)


def _count_transfer(run: ScrapeRun, transfer: dict[str, int]) -> None:
    for name, value in transfer.items():
        if name not in TRANSFER_COUNTERS:
            raise TypeError(f"not a transfer counter of a run: {name}")
        setattr(run, name, value)


def record_crawl(source: str, run_id: int, records: Sequence[CallRecord], problems: Sequence[str],
                 failures: Sequence[PageFailure] = (), **transfer: int) -> ScrapeRun:
    """Finish a run. Any problem fails it and writes nothing; pages that failed without a problem
    make it partial (see :func:`ingest`); else it is ok. ``transfer`` are the crawl's
    ``pages``, ``not_modified`` and ``bytes_received``."""
    if problems:
        error = "; ".join([*problems, *(f.line() for f in failures)])
        return _failed(run_id, source, error, failures, transfer)
    try:
        with session_scope() as session:
            run = session.get(ScrapeRun, run_id)
            if run is None:
                raise CrawlRejected(f"no run {run_id} to record the crawl in")
            ingest(session, source, records, now=clock.now(), run=run, failures=failures,
                   unlist_after=get_settings().missed_runs_to_unlist)
            run.outcome = "partial" if failures else "ok"
            run.error = "; ".join(f.line() for f in failures)[:4000] or None
            run.failed_urls = [f.url for f in failures]
            run.finished_at = clock.now()
            _count_transfer(run, transfer)
            session.add(run)
    except CrawlRejected as exc:
        return _failed(run_id, source, str(exc), failures, transfer)
    except OperationalError as exc:  # e.g. "database is locked" past the busy timeout: nothing was written
        return _failed(run_id, source, f"the crawl could not be stored: {exc.orig}", failures, transfer)
    after_crawl()
    return run


def _failed(run_id: int, source: str, error: str, failures: Sequence[PageFailure],
            transfer: dict[str, int]) -> ScrapeRun:
    run = fail_run(run_id, error, failures=failures, **transfer)
    return run if run is not None else ScrapeRun(id=run_id, source=source, outcome="failed", error=error)


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
