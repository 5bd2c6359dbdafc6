"""Scheduled crawling: when jobs fire, that they coalesce and survive restarts, and `tracker up`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.conftest import SAMPLES, Cli, SetEnv, add_seed, free_port
from tracker.clock import PRAGUE
from tracker.services.scheduler import DIGEST_JOB, REMATCH_JOB, build, crawl_job, crawl_trigger, install_jobs
from tracker.settings import PROJECT_ROOT, get_settings
from tracker.sources.crawling import claim_lock, release_lock, sample_sites
from tracker.sources.sample_site import SampleServer
from tracker.storage.db import session_scope
from tracker.storage.models import CrawlRequest, IntentionMatch, ScrapeRun


def next_fire(source: str, after: datetime) -> datetime:
    trigger = crawl_trigger(source, get_settings(), jitter=0)
    fire = trigger.get_next_fire_time(None, after)
    assert fire is not None
    return fire


@pytest.mark.parametrize(("now", "expected"), [
    (datetime(2026, 11, 23, 5, 30), datetime(2026, 11, 23, 6, 5)),     # Monday morning: first busy hour
    (datetime(2026, 11, 23, 10, 6), datetime(2026, 11, 23, 11, 5)),    # hourly through the day
    (datetime(2026, 11, 23, 20, 6), datetime(2026, 11, 24, 0, 5)),     # evening: every 4 h
    (datetime(2026, 11, 28, 9, 0), datetime(2026, 11, 28, 12, 5)),     # Saturday: every 4 h
    (datetime(2027, 3, 28, 0, 30), datetime(2027, 3, 28, 4, 5)),       # the night clocks go forward
])
def test_crawls_are_hourly_on_weekdays_and_every_four_hours_otherwise(now, expected) -> None:
    fire = next_fire("opzplus", now.replace(tzinfo=PRAGUE))
    assert fire.replace(tzinfo=None) == expected
    assert fire.utcoffset() == expected.replace(tzinfo=PRAGUE).utcoffset()


def test_sources_are_staggered_within_the_hour() -> None:
    monday = datetime(2026, 11, 23, 7, 0, tzinfo=PRAGUE)
    assert [next_fire(s, monday).minute for s in ("opzplus", "irop", "rsk")] == [5, 20, 35]


def started_scheduler() -> BackgroundScheduler:
    scheduler = build(BackgroundScheduler)
    scheduler.start(paused=True)
    install_jobs(scheduler, get_settings())
    return scheduler


def test_jobs_coalesce_never_overlap_and_a_restart_keeps_them_as_stored(db) -> None:
    first = started_scheduler()
    jobs = {job.id: job for job in first.get_jobs()}
    assert set(jobs) == {"crawl-opzplus", "crawl-irop", "crawl-rsk", REMATCH_JOB, DIGEST_JOB}
    assert all(j.coalesce and j.max_instances == 1 and j.misfire_grace_time == 3600 for j in jobs.values())
    planned = {job_id: job.next_run_time for job_id, job in jobs.items()}
    first.shutdown(wait=False)

    second = started_scheduler()  # same job store: the database
    assert {job.id: job.next_run_time for job in second.get_jobs()} == planned
    second.shutdown(wait=False)


def test_a_changed_schedule_replaces_the_stored_trigger(db, setenv: SetEnv) -> None:
    started_scheduler().shutdown(wait=False)
    setenv("TRACKER_SCHEDULE_BUSY_HOURS", "7-18")
    scheduler = started_scheduler()
    trigger = scheduler.get_job("crawl-irop").trigger
    count = len(scheduler.get_jobs())
    scheduler.shutdown(wait=False)
    assert "hour='7-18'" in str(trigger)
    assert count == 5


def test_missed_runs_coalesce_into_one_real_crawl_that_updates_calls_and_matches(db, setenv: SetEnv) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        setenv("TRACKER_SOURCE_URL_OPZPLUS", server.url)
        # Down for three hours. By day three hourly runs were missed and one should happen now, not
        # three; by night the only missed run is the one three hours ago, beyond the default hour of
        # grace. A grace of four hours makes the test the same at any time of day.
        setenv("TRACKER_SCHEDULE_MISFIRE_GRACE", str(4 * 3600))
        scheduler = started_scheduler()
        for job in scheduler.get_jobs():
            if job.id != "crawl-opzplus":
                job.pause()
        scheduler.get_job("crawl-opzplus").modify(next_run_time=datetime.now(PRAGUE) - timedelta(hours=3))
        scheduler.resume()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with session_scope() as session:
                runs = session.exec(select(ScrapeRun)).all()
            if runs and all(r.outcome for r in runs):
                break
            time.sleep(0.5)
        time.sleep(2)  # room for a second (wrong) run to start
        scheduler.shutdown(wait=True)
    with session_scope() as session:
        runs = session.exec(select(ScrapeRun)).all()
        matches = session.exec(select(IntentionMatch).where(IntentionMatch.intention_id == intention["id"])).all()
    assert [(r.source, r.outcome, r.found) for r in runs] == [("opzplus", "ok", 8)]
    assert len(matches) == 1  # the new debt-counselling call, matched right after the crawl


def test_a_scheduled_crawl_of_a_source_already_being_crawled_is_logged_and_skipped(db, caplog) -> None:
    token = claim_lock("opzplus")  # e.g. `tracker scrape opzplus` in another terminal
    try:
        with caplog.at_level("INFO", logger="tracker.services.scheduler"):
            crawl_job("opzplus")
    finally:
        release_lock("opzplus", token)
    assert "opzplus: already running: a crawl of opzplus started at" in caplog.text
    with session_scope() as session:
        assert session.exec(select(ScrapeRun)).all() == []


def test_update_now_asks_the_scheduler_process_and_returns_at_once(db, setenv: SetEnv) -> None:
    """"Aktualizovat nyní" writes a request and returns; a real `tracker schedule` process takes it within
    seconds and crawls every source; the page shows the waiting request, then the runs."""
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("ui/zdroje.py").run()
    at.text_input(key="pw_zdroje").set_value("tajne-heslo").run()
    started = time.monotonic()
    next(b for b in at.button if b.label == "Aktualizovat nyní").click()
    at.run()
    assert not at.exception, at.exception
    assert time.monotonic() - started < 30  # no crawl ran inside the page
    assert any(s.value.startswith("Aktualizace všech zdrojů je vyžádána.") for s in at.success)
    assert sum("čeká na plánovač" in i.value for i in at.info) == 3
    with session_scope() as session:
        assert session.exec(select(ScrapeRun)).all() == []
        assert sorted(r.source for r in session.exec(select(CrawlRequest))) == ["irop", "opzplus", "rsk"]

    with sample_sites() as servers:
        for source, server in servers.items():
            setenv(f"TRACKER_SOURCE_URL_{source.upper()}", server.url)
        log = open(Path(os.environ["TRACKER_DATA_DIR"]).parent / "schedule.log", "w+")  # noqa: SIM115
        scheduler = subprocess.Popen([sys.executable, "-m", "tracker.cli", "schedule"], stdout=log,
                                     stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and scheduler.poll() is None:
                with session_scope() as session:
                    runs = session.exec(select(ScrapeRun)).all()
                if len(runs) == 3 and all(r.outcome for r in runs):
                    break
                time.sleep(0.5)
        finally:
            scheduler.terminate()
            scheduler.wait(timeout=60)
            log.seek(0)
            output = log.read()
            log.close()
    with session_scope() as session:
        runs = session.exec(select(ScrapeRun)).all()
        requests = session.exec(select(CrawlRequest)).all()
    assert sorted((r.source, r.outcome) for r in runs) == [("irop", "ok"), ("opzplus", "ok"), ("rsk", "ok")], output
    assert all(r.taken_at is not None for r in requests)
    assert "opzplus: crawl requested from the app; running it now" in output

    at.run()
    assert not at.exception, at.exception
    assert not [i for i in at.info if "čeká na plánovač" in i.value]
    assert [df.value.iloc[0]["Výsledek"] for df in at.dataframe] == ["v pořádku"] * 3


# --- tracker up ------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_tracker_up_starts_app_feed_and_scheduler_and_stops_them_all(demo_db: Path) -> None:
    app_port, feed_port = free_port(), free_port()
    env = {**os.environ, "TRACKER_APP_PORT": str(app_port), "TRACKER_FEED_PORT": str(feed_port)}
    process = subprocess.Popen([sys.executable, "-m", "tracker.cli", "up"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Ctrl-C stops everything." in line or not line:
                break
        output = "".join(lines)
        assert f"app:       http://127.0.0.1:{app_port}" in output, output
        assert f"calendar:  http://127.0.0.1:{feed_port}/calendar.ics" in output
        children = _children(process.pid)
        assert len(children) == 3
        with urllib.request.urlopen(f"http://127.0.0.1:{app_port}/_stcore/health", timeout=5) as r:
            assert r.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{feed_port}/calendar.ics?area=bydleni", timeout=5) as r:
            assert r.status == 200 and b"BEGIN:VCALENDAR" in r.read()
        assert all(_alive(pid) for pid in children)  # the scheduler too
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
    assert not [pid for pid in children if _alive(pid)]
