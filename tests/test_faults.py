"""Faults of the sources and bad input of every kind: a clean failure, and nothing stored is lost."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from scrapers.irop import pages as irop
from scrapers.opzplus import pages as opzplus
from scrapers.parsing import LayoutError
from scrapers.rsk import pages as rsk
from tests.conftest import SAMPLES, Cli, SetEnv, running_feed
from tracker.calls.filters import CallFilter
from tracker.calls.queries import select_calls
from tracker.clock import now
from tracker.settings import PROJECT_ROOT
from tracker.sources.crawling import run_crawl
from tracker.sources.health import source_health
from tracker.sources.sample_site import Route, SampleServer, load_routes
from tracker.storage.db import session_scope
from tracker.storage.models import Call, ScrapeRun
from tracker.text.classify import classify

DETAIL = "/vyzva-108-opz-plus"


@pytest.fixture
def crawled(db):
    """OPZ+ crawled once from the samples; the server stays up for the faulty second crawl."""
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        assert run_crawl("opzplus", server.url).ok
        yield server


def stored() -> dict[str, tuple]:
    with session_scope() as session:
        return {c.external_id: (c.title, c.closes_at, c.state, c.allocation_czk, c.listed, c.missed_runs)
                for c in session.exec(select(Call))}


def last_run() -> ScrapeRun:
    with session_scope() as session:
        return session.exec(select(ScrapeRun).order_by(ScrapeRun.id.desc())).first()


def stored_rows(*external_ids: str) -> dict[str, dict]:
    """Every column of the named calls, as stored."""
    with session_scope() as session:
        return {c.external_id: c.model_dump() for c in session.exec(select(Call))
                if c.external_id in external_ids}


# A call's own page that does not load no longer fails the run (issue #14): the run is partial
# and that call is kept exactly as stored.
@pytest.mark.parametrize(("route", "expected"), [
    (Route(body=b"Internal Server Error", status=500), "HTTP 500"),
    (Route(body=b"Service Unavailable", status=503), "HTTP 503"),
    # An updated page (so not a 304) whose connection drops after 700 bytes.
    (Route(body=(SAMPLES / "opzplus" / "vyzva-108-opz-plus.html").read_bytes() + b"<!-- v2 -->", truncate_at=700),
     "DataLoss"),
    (Route(body=b"<html>" + b"x" * (20 * 1024 * 1024) + b"</html>"), "larger than download max size"),
], ids=["500", "503", "truncated", "20MB"])
def test_a_call_page_that_does_not_load_makes_the_run_partial_and_keeps_that_call(crawled: SampleServer,
                                                                                   route: Route,
                                                                                   expected: str) -> None:
    before, row = stored(), stored_rows("03_26_108")
    crawled.set(DETAIL, route)
    summary = run_crawl("opzplus", crawled.url)
    assert summary.partial and not summary.ok
    assert DETAIL in summary.error and expected.lower() in summary.error.lower()
    assert summary.failed_urls == [crawled.url + DETAIL]
    assert stored() == before and stored_rows("03_26_108") == row
    assert last_run().outcome == "partial"


def test_a_page_that_never_comes_times_out_and_keeps_what_was_stored(crawled: SampleServer, setenv: SetEnv) -> None:
    setenv("TRACKER_CRAWL_TIMEOUT", "1")
    before = stored()
    crawled.set(DETAIL, Route(body=b"<html></html>", delay_s=3))
    summary = run_crawl("opzplus", crawled.url)
    assert summary.partial and DETAIL in summary.error and "timeout" in summary.error.lower()
    assert stored() == before


def test_a_crawl_over_its_time_limit_is_stopped_and_keeps_what_was_stored(crawled: SampleServer) -> None:
    before = stored()
    crawled.set(DETAIL, Route(body=b"<html></html>", delay_s=4))
    summary = run_crawl("opzplus", crawled.url, time_limit_s=2)
    assert not summary.ok and summary.outcome == "failed" and "time limit" in summary.error
    assert stored() == before


@pytest.mark.parametrize(("path", "route", "expected"), [
    ("/prehled-vyzev-opz-plus", Route(body=b"busy", status=503), "HTTP 503"),
    ("/harmonogram-vyzev-opz-plus", Route(body=b"<html><body><p>Nic</p></body></html>"), "no harmonogram table"),
], ids=["listing-503", "harmonogram-layout"])
def test_a_listing_that_does_not_load_or_a_page_that_cannot_be_read_still_fails_the_run(
        crawled: SampleServer, path: str, route: Route, expected: str) -> None:
    before = stored()
    crawled.set(path, route)
    summary = run_crawl("opzplus", crawled.url)
    assert summary.outcome == "failed" and path in summary.error and expected in summary.error
    assert stored() == before


PLANS = ("03_27_120", "03_27_121", "03_27_125")
HARMONOGRAM = "/harmonogram-vyzev-opz-plus"


def test_one_flaky_page_does_not_hold_the_source_hostage(crawled: SampleServer) -> None:
    """Issue #14's scenario through the real spider: one call's deadline moved, another call's page
    answers 500 and the harmonogram 503. The move is stored, the rest kept, the run partial."""
    kept = stored_rows("03_26_108", *PLANS)
    assert set(kept) == {"03_26_108", *PLANS}
    crawled.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    crawled.set(DETAIL, Route(body=b"Internal Server Error", status=500))
    crawled.set(HARMONOGRAM, Route(body=b"Service Unavailable", status=503))

    result = Cli()("scrape", "opzplus", "--url", crawled.url)

    assert result.exit_code == 1
    line = result.stdout.strip()
    assert line.startswith("opzplus: PARTIAL, found 4, new 0, changed 1, unchanged 3, missing 0"), line
    assert f"{crawled.url}{DETAIL}: HTTP 500" in line and f"{crawled.url}{HARMONOGRAM}: HTTP 503" in line
    changes = Cli().json("changes", "--json")
    assert [(c["external_id"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("03_25_095", "closes", "2026-12-17T14:00:00+01:00", "2027-06-30T14:00:00+02:00")]
    assert stored_rows("03_26_108", *PLANS) == kept  # every column, last_seen and content hash included
    run = last_run()
    assert (run.outcome, sorted(run.failed_urls)) == ("partial", sorted([crawled.url + DETAIL,
                                                                         crawled.url + HARMONOGRAM]))
    with session_scope() as session:
        health = source_health(session, "opzplus")
    assert health.failures_in_a_row == 0 and health.updated_at == run.finished_at
    assert set(health.stale) == set(run.failed_urls)

    # The Zdroje page says so, in Czech.
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("ui/zdroje.py").run()
    assert not at.exception, at.exception
    assert at.dataframe[1].value.iloc[0]["Výsledek"] == "částečně"
    assert set(at.dataframe[0].value["Stránka"]) == set(run.failed_urls)
    assert any("proběhla jen částečně: nepodařilo se načíst 2 stránky" in w.value for w in at.warning)

    # Next time the failed pages are asked for first, and the run is complete again.
    crawled.set(DETAIL, load_routes(SAMPLES / "opzplus")[DETAIL])
    crawled.set(HARMONOGRAM, load_routes(SAMPLES / "opzplus")[HARMONOGRAM])
    crawled.reset_counters()
    assert Cli()("scrape", "opzplus", "--url", crawled.url).exit_code == 0
    paths = [path for path, _ in crawled.requests if path != "/robots.txt"]
    assert paths[0] == HARMONOGRAM
    assert [p for p in paths if p.startswith("/vyzva-")][0] == DETAIL
    with session_scope() as session:
        assert source_health(session, "opzplus").stale == {}


@pytest.mark.both_backends
def test_readers_and_a_writing_crawl_get_along(crawled: SampleServer) -> None:
    """A crawl writes while 20 threads read through the app's queries: no 'database is locked'."""
    crawled.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    errors: list[BaseException] = []
    stop = threading.Event()
    with running_feed() as base:
        def reader(n: int) -> None:
            try:
                while not stop.is_set():
                    if n % 2:
                        with urllib.request.urlopen(f"{base}/calendar.ics?area=dluhy", timeout=30) as response:
                            assert response.status == 200
                    else:
                        with session_scope() as session:
                            assert select_calls(session, CallFilter(areas=("dluhy",)), now())
            except BaseException as exc:  # noqa: BLE001 — collected and re-raised below
                errors.append(exc)

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        summary = run_crawl("opzplus", crawled.url)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert summary.ok and summary.changed == 1
    assert Cli().json("changes", "--json")[0]["new"] == "2027-06-30T14:00:00+02:00"


# --- fuzzing ---------------------------------------------------------------------------------------

PARSERS = [
    lambda t: opzplus.parse_listing(t, "https://www.esfcr.cz/prehled-vyzev-opz-plus"),
    lambda t: opzplus.parse_detail(t, "https://www.esfcr.cz/vyzva-095-opz-plus"),
    lambda t: opzplus.parse_harmonogram(t, "https://www.esfcr.cz/harmonogram"),
    lambda t: irop.parse_listing(t, "https://irop.gov.cz/cs/vyzvy-2021-2027/vyzvy"),
    lambda t: irop.parse_detail(t, "https://irop.gov.cz/cs/vyzvy-2021-2027/vyzvy/105vyzvairop"),
    lambda t: rsk.parse_listing(t, "https://www.rsk-lk.cz/aktuality"),
    lambda t: rsk.parse_article(t, "https://www.rsk-lk.cz/aktuality/901-vyzva"),
]
HTMLISH = st.one_of(st.text(max_size=400), st.lists(st.sampled_from([
    "<html>", "<body>", "<div class='article'>", "</div>", "<table>", "<tr><td>", "Platnost do:", "31.12.2026",
    "Výzva č. 03_26_112", "<h1>", "Oprávnění žadatelé", "obce", "<a href='/vyzva-1'>", "</a>", "<p>", "&nbsp;",
    "14:00", "mil. Kč", "Zrušena",
]), max_size=40).map("".join))


@settings(max_examples=150, deadline=None)
@given(text=HTMLISH, which=st.integers(min_value=0, max_value=len(PARSERS) - 1))
def test_page_parsers_never_raise_anything_but_a_layout_error(text: str, which: int) -> None:
    try:
        PARSERS[which](text)
    except LayoutError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_the_classifier_never_raises(text: str) -> None:
    result = classify(text)
    assert isinstance(result.applicant_types, list) and isinstance(result.areas, list)


QUERY = st.lists(st.tuples(st.sampled_from(["source", "area", "applicant_type", "state", "intention", "x", "",
                                            "área", "area[]"]),
                           st.text(max_size=30)), max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=QUERY)
def test_the_feed_answers_any_query_string_with_200_or_400(feed_url: str, pairs: list[tuple[str, str]]) -> None:
    query = urllib.parse.urlencode(pairs)
    try:
        with urllib.request.urlopen(f"{feed_url}/calendar.ics?{query}", timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status in (200, 400), query
