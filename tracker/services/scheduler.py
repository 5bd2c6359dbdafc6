"""Scheduled crawling with APScheduler 3: one job per source, kept in the database.

Weekdays between the busy hours (default 6–20, Prague time) every source is crawled hourly,
otherwise every few hours; sources are staggered by a few minutes and jittered. Jobs coalesce,
never overlap and survive restarts: the job store is a table of the tracker's own database, and
a restart keeps a stored job's next run time instead of replacing it, so a run missed while the
scheduler was down happens once (within the misfire grace time) and is never doubled.

Every few seconds the scheduler also takes the crawls the app asked for ("Aktualizovat nyní",
table ``crawl_request``) and runs those sources' jobs now. A crawl of a source that is already
running (another process holds the source's lock, e.g. ``tracker scrape``) is logged and skipped.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import datetime
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from tracker import clock
from tracker.clock import PRAGUE
from tracker.settings import Settings, SettingsError, get_settings
from tracker.sources.crawling import CrawlAlreadyRunning, run_crawl, stop_crawls, take_requests
from tracker.sources.health import source_health
from tracker.sources.registry import SOURCE_CODES, source_info
from tracker.storage.db import engine_for, session_scope
from tracker.storage.locks import LockHeld

log = logging.getLogger("tracker.services.scheduler")
JOBSTORE_TABLE = "apscheduler_jobs"
REMATCH_JOB = "rematch-daily"
DIGEST_JOB = "digest-daily"
DIGEST_HOUR = 7  # Prague time, after the morning crawls; weekly subscriptions get theirs on Mondays
REQUEST_POLL_S = 3.0  # how often the app's "Aktualizovat nyní" requests are looked for


def crawl_trigger(source: str, settings: Settings, jitter: int | None = None) -> OrTrigger:
    """Hourly on weekdays within the busy hours, every ``quiet_every_hours`` otherwise."""
    if not 1 <= settings.quiet_every_hours <= 24:
        raise SettingsError("TRACKER_SCHEDULE_QUIET_EVERY_HOURS must be 1–24")
    first, last = settings.busy_hours
    minute = source_info(source).stagger_minute
    every = settings.quiet_every_hours
    quiet = [h for h in range(0, 24, every) if not first <= h <= last]
    jitter = settings.schedule_jitter_s if jitter is None else jitter
    triggers = [CronTrigger(day_of_week="mon-fri", hour=f"{first}-{last}", minute=minute, timezone=PRAGUE,
                            jitter=jitter or None),
                CronTrigger(day_of_week="sat,sun", hour=f"*/{every}", minute=minute, timezone=PRAGUE,
                            jitter=jitter or None)]
    if quiet:
        triggers.append(CronTrigger(day_of_week="mon-fri", hour=",".join(map(str, quiet)), minute=minute,
                                    timezone=PRAGUE, jitter=jitter or None))
    return OrTrigger(triggers)


def crawl_job(source: str) -> None:
    """One scheduled crawl: a subprocess with a time limit; one log line with counts and duration."""
    started = time.monotonic()
    try:
        summary = run_crawl(source)
    except CrawlAlreadyRunning as exc:
        log.info("%s: %s", source, exc)
        return
    took = time.monotonic() - started
    (log.info if summary.ok else log.warning)("%s (%.1f s)", summary.line(), took)
    with session_scope() as session:
        health = source_health(session, source)
    if health.alarming:
        log.error("!!! %s has failed %d runs in a row; the site may have changed. Last error: %s",
                  source, health.failures_in_a_row, summary.error)


def rematch_job() -> None:
    """Daily: states move with the date (deadlines pass), and so do the matches' reasons."""
    from tracker.calls.view import store_states
    from tracker.intentions.matching import rematch

    with session_scope() as session:
        now = clock.now()
        moved = store_states(session, now)
        results = rematch(session, now)
    log.info("daily re-match: %d call state(s) moved, %d intention(s) matched", moved, len(results))


def digest_job() -> None:
    """Daily at 7:00: the e-mail digests that are due (tracker.subscriptions.digest)."""
    from tracker.subscriptions.digest import send_digests

    if not get_settings().smtp_url:
        log.info("e-mail digests are off (TRACKER_SMTP_URL is not set)")
        return
    try:
        results = send_digests(clock.now())
    except LockHeld as exc:
        log.info("digests: %s", exc)
        return
    for result in results:
        (log.info if result.sent else log.warning)("digest: %s", result.line())
    log.info("digests: %d sent, %d not sent", sum(r.sent for r in results), sum(r.error is not None for r in results))


def fail_abandoned_runs(settings: Settings) -> int:
    """Runs without an outcome long past any crawl's time limit were cut off (a crash, a kill)."""
    from datetime import timedelta

    from sqlmodel import select

    from tracker.sources.ingest import fail_run
    from tracker.storage.models import ScrapeRun

    cutoff = clock.now() - timedelta(seconds=settings.crawl_time_limit_s + 120)
    with session_scope() as session:
        ids = [r.id for r in session.exec(select(ScrapeRun).where(ScrapeRun.outcome.is_(None),
                                                                  ScrapeRun.started_at < cutoff)) if r.id]
    for run_id in ids:
        fail_run(run_id, "the crawl was cut off (the process running it stopped)")
    return len(ids)


def crawl_job_id(source: str) -> str:
    return f"crawl-{source}"


def serve_requests(scheduler: BaseScheduler) -> list[str]:
    """Run now the jobs of the sources the app asked to crawl; returns those sources.

    The job's next run time is set to now, so the run goes through the job's own executor with
    its ``max_instances=1``; its regular schedule continues after it."""
    started = []
    for source in take_requests():
        job = scheduler.get_job(crawl_job_id(source))
        if job is None:
            log.warning("a crawl of %s was requested, but the scheduler has no job for it", source)
            continue
        scheduler.modify_job(job.id, next_run_time=datetime.now(PRAGUE))
        log.info("%s: crawl requested from the app; running it now", source)
        started.append(source)
    return started


def job_options(settings: Settings) -> dict[str, Any]:
    return {"coalesce": True, "max_instances": 1, "misfire_grace_time": settings.misfire_grace_s}


def jobstore(settings: Settings) -> SQLAlchemyJobStore:
    return SQLAlchemyJobStore(engine=engine_for(settings.database_url), tablename=JOBSTORE_TABLE)


def install_jobs(scheduler: BaseScheduler, settings: Settings, sources: tuple[str, ...] = SOURCE_CODES) -> None:
    """Add the jobs that are missing; reschedule those whose trigger changed; keep the rest as stored.

    Call on a started (paused) scheduler so that the stored jobs are visible.
    """
    wanted: dict[str, tuple[str, Any, list[str]]] = {
        crawl_job_id(source): ("tracker.services.scheduler:crawl_job", crawl_trigger(source, settings), [source])
        for source in sources
    }
    wanted[REMATCH_JOB] = ("tracker.services.scheduler:rematch_job",
                           CronTrigger(hour=0, minute=10, timezone=PRAGUE), [])
    wanted[DIGEST_JOB] = ("tracker.services.scheduler:digest_job",
                          CronTrigger(hour=DIGEST_HOUR, minute=0, timezone=PRAGUE), [])
    for job_id, (func, trigger, args) in wanted.items():
        job = scheduler.get_job(job_id)
        if job is None:
            scheduler.add_job(func, trigger, args=args, id=job_id, name=job_id, **job_options(settings))
        elif job.func_ref != func:  # the job's function moved (a new module layout): replace it
            job.remove()
            scheduler.add_job(func, trigger, args=args, id=job_id, name=job_id, **job_options(settings))
        elif str(job.trigger) != str(trigger) or job.misfire_grace_time != settings.misfire_grace_s:
            job.modify(misfire_grace_time=settings.misfire_grace_s)
            scheduler.reschedule_job(job_id, trigger=trigger)
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            job.remove()


def build(scheduler_class: type[BaseScheduler], settings: Settings | None = None) -> BaseScheduler:
    settings = settings or get_settings()
    scheduler = scheduler_class(jobstores={"default": jobstore(settings)}, timezone=PRAGUE,
                                job_defaults=job_options(settings))
    return scheduler


def run_forever() -> None:
    """``tracker schedule``: run in the foreground until Ctrl-C or SIGTERM, then stop running crawls."""
    from apscheduler.schedulers.background import BackgroundScheduler

    settings = get_settings()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    interrupted = fail_abandoned_runs(settings)
    if interrupted:
        log.warning("marked %d crawl(s) left unfinished by an earlier stop as failed", interrupted)
    scheduler = build(BackgroundScheduler, settings)
    scheduler.start(paused=True)
    install_jobs(scheduler, settings)
    for job in scheduler.get_jobs():
        log.info("job %s: next run %s", job.id, job.next_run_time.isoformat() if job.next_run_time else "-")
    scheduler.resume()
    log.info("scheduler running; Ctrl-C stops it")
    while not stop.wait(REQUEST_POLL_S):
        try:
            serve_requests(scheduler)
        except Exception:  # noqa: BLE001 — e.g. a busy database; the next poll tries again
            log.exception("could not read the app's crawl requests")
    log.info("stopping the scheduler")
    scheduler.shutdown(wait=False)
    stop_crawls()
