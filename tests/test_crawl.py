"""Real crawls through the real spiders against the samples served on 127.0.0.1.

Each crawl runs as `tracker scrape SOURCE --url …` does: a subprocess per crawl, the item
pipeline writing into this test's database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.conftest import SAMPLES, Cli
from tracker.sources.crawling import CrawlAlreadyRunning, claim_lock, release_lock, run_crawl
from tracker.sources.sample_site import Route, SampleServer
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CrawlLock, ScrapeRun


@pytest.fixture
def opzplus(db):
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        yield server


def stored_calls() -> dict[str, tuple]:
    with session_scope() as session:
        return {c.external_id: (c.closes_at, c.state, c.title, c.listed) for c in session.exec(select(Call))}


def test_scrape_fills_the_database_and_prints_one_line_per_source(opzplus: SampleServer) -> None:
    result = Cli()("scrape", "opzplus", "--url", opzplus.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("opzplus: ok, found 8, new 8, changed 0, unchanged 0")
    calls = Cli().json("calls", "--json", "--source", "opzplus")
    by_id = {c["external_id"]: c for c in calls}
    assert by_id["03_26_115"]["state"] == "cancelled"
    assert by_id["03_24_060"]["state"] == "closed"
    assert by_id["03_25_095"]["closes_at"] == "2026-12-17T14:00:00+01:00"
    assert by_id["03_27_120"]["closes_at"] == "2027-06" and by_id["03_27_120"]["state"] == "planned"
    assert by_id["03_27_125"]["allocation_czk"] == 150_000_000  # only in the harmonogram workbook


def test_recrawl_of_unchanged_pages_adds_nothing_and_costs_little(opzplus: SampleServer) -> None:
    first = run_crawl("opzplus", opzplus.url)
    first_bytes = opzplus.bytes_sent
    opzplus.reset_counters()
    second = run_crawl("opzplus", opzplus.url)
    assert second.ok and (second.new, second.changed, second.unchanged) == (0, 0, first.found)
    statuses = [status for path, status in opzplus.requests if path != "/robots.txt"]
    assert statuses.count(304) >= 0.8 * len(statuses)
    assert opzplus.bytes_sent <= 0.10 * first_bytes
    assert Cli().json("changes", "--json") == []


def test_a_moved_deadline_is_one_change_with_old_and_new_value(opzplus: SampleServer) -> None:
    run_crawl("opzplus", opzplus.url)
    opzplus.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    summary = run_crawl("opzplus", opzplus.url)
    assert summary.ok and summary.changed == 1
    changes = Cli().json("changes", "--json", "--since", "2026-11-23")
    assert [(c["external_id"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("03_25_095", "closes", "2026-12-17T14:00:00+01:00", "2027-06-30T14:00:00+02:00")
    ]


def test_a_redesigned_listing_fails_loudly_and_loses_nothing(opzplus: SampleServer) -> None:
    run_crawl("opzplus", opzplus.url)
    before = stored_calls()
    opzplus.replace_body("/prehled-vyzev-opz-plus", (SAMPLES / "opzplus" / "listing-redesigned.html").read_bytes())
    result = Cli()("scrape", "opzplus", "--url", opzplus.url)
    assert result.exit_code == 1
    assert "page layout changed" in result.stdout and "/prehled-vyzev-opz-plus" in result.stdout
    assert "div.article" in result.stdout
    assert stored_calls() == before
    with session_scope() as session:
        last = session.exec(select(ScrapeRun).order_by(ScrapeRun.id.desc())).first()
        assert last.outcome == "failed" and "div.article" in last.error


def test_a_detail_page_without_its_labels_fails_the_run(opzplus: SampleServer) -> None:
    run_crawl("opzplus", opzplus.url)
    before = stored_calls()
    opzplus.replace_body("/vyzva-112-opz-plus", b"<html><body><div id='main-content'><h1>Nic</h1></div></body></html>")
    summary = run_crawl("opzplus", opzplus.url)
    assert not summary.ok and "Platnost do" in summary.error and "/vyzva-112-opz-plus" in summary.error
    assert stored_calls() == before


def test_server_errors_are_retried_then_make_the_run_partial_keeping_stored_data(opzplus: SampleServer) -> None:
    """A call page's 503 after its retries used to fail the run; since issue #14 the run is partial."""
    run_crawl("opzplus", opzplus.url)
    before = stored_calls()
    opzplus.set("/vyzva-108-opz-plus", Route(body=b"oops", status=503))
    opzplus.reset_counters()
    summary = run_crawl("opzplus", opzplus.url)
    assert summary.partial and "HTTP 503" in summary.error
    assert [p for p, _ in opzplus.requests].count("/vyzva-108-opz-plus") == 2  # one retry
    assert stored_calls() == before


def test_an_off_host_redirect_is_refused(opzplus: SampleServer) -> None:
    run_crawl("opzplus", opzplus.url)
    before = stored_calls()
    opzplus.set("/vyzva-112-opz-plus", Route(status=302, headers={"Location": "http://localhost:9/elsewhere"}))
    summary = run_crawl("opzplus", opzplus.url)
    assert not summary.ok and "off-host" in summary.error
    assert stored_calls() == before


def test_irop_crawl_reads_listing_details_and_calendar(db) -> None:
    with SampleServer.from_directory(SAMPLES / "irop") as server:
        summary = run_crawl("irop", server.url)
        assert summary.ok, summary.error
        calls = {c["external_id"]: c for c in Cli().json("calls", "--json", "--source", "irop")}
        assert set(calls) == {"IROP-98", "IROP-105", "IROP-111", "IROP-120", "IROP-126", "IROP-127", "IROP-128"}
        assert calls["IROP-105"]["allocation_czk"] == 1_798_341_944
        assert calls["IROP-111"]["state"] == "cancelled"
        assert calls["IROP-127"]["opens_at"] == "2027-03" and calls["IROP-127"]["state"] == "planned"
        server.replace_body("/cs/vyzvy-2021-2027/vyzvy/120vyzvairop",
                            (SAMPLES / "irop" / "vyzva-120.moved.html").read_bytes())
        assert run_crawl("irop", server.url).changed == 1
        fields = {c["field"] for c in Cli().json("changes", "--json")}
        assert fields == {"closes", "notes"}


def test_rsk_crawl_keeps_announcements_and_skips_ordinary_news(db) -> None:
    with SampleServer.from_directory(SAMPLES / "rsk") as server:
        summary = run_crawl("rsk", server.url)
    assert summary.ok, summary.error
    calls = {c["external_id"]: c for c in Cli().json("calls", "--json", "--source", "rsk")}
    assert set(calls) == {"rsk-901", "rsk-902", "rsk-904", "rsk-905"}  # 903 is news
    assert calls["rsk-902"]["closes_at"] == "2027-02-03"  # the windows-1250 article
    assert calls["rsk-902"]["eligible_applicants"].startswith("poskytovatelé sociálních služeb")
    assert calls["rsk-901"]["source_url"] == "https://www.podjestedi.cz/vyzvy/5-vyzva-irop"


def test_an_rsk_article_that_does_not_load_keeps_its_call_as_stored(db) -> None:
    """RSK's listing gives only links: the call an article stands for is named from its URL."""
    article = "/aktuality/901-vyhlaseni-5-vyzvy-mas-podjestedi-irop-socialni-infrastruktura"
    with SampleServer.from_directory(SAMPLES / "rsk") as server:
        assert run_crawl("rsk", server.url).ok
        before = stored_calls()
        server.set(article, Route(body=b"Bad Gateway", status=502))
        summary = run_crawl("rsk", server.url)
    assert summary.partial and summary.failed_urls == [server.url + article]
    assert (summary.found, summary.missing) == (3, 0)
    assert stored_calls() == before
    with session_scope() as session:
        kept = session.exec(select(Call).where(Call.external_id == "rsk-901")).one()
        assert (kept.missed_runs, kept.listed) == (0, True)


def test_scrape_refuses_url_for_several_sources(cli: Cli) -> None:
    result = cli("scrape", "opzplus", "irop", "--url", "http://127.0.0.1:9")
    assert result.exit_code == 2 and "exactly one source" in result.output


# --- one crawl of a source at a time (issue #14) ------------------------------------------------------


@pytest.mark.both_backends
def test_two_crawls_of_one_source_at_once_one_runs_the_other_says_already_running(opzplus: SampleServer) -> None:
    """`tracker scrape` twice at the same moment, as two processes (the button and the scheduler did the
    same): one crawl, a moved deadline recorded once, and a clear line from the one that did not run."""
    run_crawl("opzplus", opzplus.url)
    opzplus.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    slow = opzplus.routes["/vyzva-112-opz-plus"]
    opzplus.set("/vyzva-112-opz-plus", Route(body=slow.body, last_modified=slow.last_modified, delay_s=3))
    command = [sys.executable, "-m", "tracker.cli", "scrape", "opzplus", "--url", opzplus.url]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    results = sorted((p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in processes)
    (ran, ran_out, _), (refused, refused_out, refused_err) = results
    assert (ran, refused) == (0, 1), results
    assert ran_out.startswith("opzplus: ok, found 8, new 0, changed 1")
    assert refused_out.startswith("opzplus: already running: a crawl of opzplus started at ")
    assert "not started again" in refused_out and refused_err == ""
    with session_scope() as session:
        runs = session.exec(select(ScrapeRun)).all()
        assert session.exec(select(CrawlLock)).all() == []  # released
    assert [r.outcome for r in runs] == ["ok", "ok"]  # the first crawl and one of the two
    assert len(Cli().json("changes", "--json")) == 1


@pytest.mark.both_backends
def test_a_lock_left_by_a_dead_process_is_taken_over_and_a_live_one_is_respected(db) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with session_scope() as session:
        session.add(CrawlLock(source="irop", token="left-behind", host=socket.gethostname(), pid=dead.pid,
                              acquired_at=datetime.now(UTC)))
        session.add(CrawlLock(source="rsk", token="elsewhere", host="another-host", pid=1,
                              acquired_at=datetime.now(UTC) - timedelta(hours=2)))
    release_lock("irop", claim_lock("irop"))  # the holder died
    release_lock("rsk", claim_lock("rsk"))  # held far beyond any crawl's time limit
    token = claim_lock("opzplus")
    try:
        with pytest.raises(CrawlAlreadyRunning, match=f"by process {os.getpid()} on"):
            claim_lock("opzplus")
        with pytest.raises(CrawlAlreadyRunning):
            run_crawl("opzplus", "http://127.0.0.1:9")
    finally:
        release_lock("opzplus", token)
    with session_scope() as session:
        assert session.exec(select(ScrapeRun)).all() == []  # a refused crawl records no run
