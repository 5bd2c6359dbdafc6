"""``make bench``: speed and memory at region scale, against the budgets of the benchmarks issue.

Builds a fresh SQLite database with the deterministic data set of ``bench/generate.py``
(10,000 calls, 2,000 intentions), measures, prints a table and writes ``bench/results.json``.
Exits 1 when a budget is missed. Never part of ``make test``.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

# (key, budget, "max" or "min", unit)
BUDGETS = [
    ("match_all_s", 1.0, "max", "s"),
    ("match_one_ms", 20.0, "max", "ms"),
    ("ical_10k_s", 3.0, "max", "s"),
    ("ical_cached_ms", 20.0, "max", "ms"),
    ("calls_query_ms", 100.0, "max", "ms"),
    ("parse_pages_per_s", 100.0, "min", "pages/s"),
    ("recrawl_bytes_ratio", 0.10, "max", ""),
    ("crawl_peak_rss_mb", None, "max", "MB"),
]


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_matching(results: dict[str, Any]) -> None:
    from sqlmodel import select

    from tracker import clock
    from tracker.intentions.matching import CallIndex, IntentionFacts
    from tracker.storage.db import session_scope
    from tracker.storage.models import Intention

    now = clock.now()
    with session_scope() as session:
        intentions = [IntentionFacts.of(i) for i in session.exec(select(Intention))]

        def match_all() -> int:
            index = CallIndex.from_session(session, now)
            return sum(len(index.match(i)) for i in intentions)

        results["match_all_s"], found = timed(match_all, repeat=3)
        index = CallIndex.from_session(session, now)
    one = [timed(lambda i=i: index.match(i))[0] for i in intentions[:300]]
    results["match_one_ms"] = statistics.median(one) * 1000
    results["match_one_p95_ms"] = sorted(one)[int(len(one) * 0.95)] * 1000
    results["matches_found"] = found
    results["matchable_calls"] = len(index)


def measure_feed(results: dict[str, Any]) -> None:
    import uvicorn

    from tracker import clock
    from tracker.feeds.events import FeedFilter, build_feed, sync_events
    from tracker.feeds.server import create_app
    from tracker.storage.db import session_scope

    with session_scope() as session:
        sync_events(session, clock.now())
    with session_scope() as session:
        results["ical_10k_s"], feed = timed(lambda: build_feed(session, FeedFilter(), clock.now()), repeat=3)
    results["ical_events"] = feed.events
    results["ical_bytes"] = len(feed.body)

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/calendar.ics"

    def get(headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request) as response:
                response.read()
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)

    _, headers = get()  # cold: builds and caches
    results["ical_cached_ms"] = timed(get, repeat=20)[0] * 1000
    results["ical_304_ms"] = timed(lambda: get({"If-None-Match": headers["etag"]}), repeat=20)[0] * 1000
    server.should_exit = True
    thread.join(timeout=10)


def measure_query(results: dict[str, Any]) -> None:
    from tracker import clock
    from tracker.calls.filters import CallFilter
    from tracker.calls.queries import select_calls
    from tracker.storage.db import session_scope

    housing = CallFilter(areas=("bydleni",), applicant_types=("obec",), states=("open", "planned", "unknown"))
    search = CallFilter(search="sociální")
    with session_scope() as session:
        results["calls_query_ms"], found = timed(lambda: select_calls(session, housing, clock.now()), repeat=10)
        results["calls_query_ms"] *= 1000
        results["calls_query_rows"] = len(found)
        results["calls_search_ms"] = timed(lambda: select_calls(session, search, clock.now()), repeat=5)[0] * 1000


def measure_report(results: dict[str, Any]) -> None:
    """The region's report (`tracker report`, the app's home page) and its workbook, at region scale."""
    from tracker import clock
    from tracker.intentions.report import build_report
    from tracker.intentions.report_sheets import report_workbook
    from tracker.storage.db import session_scope

    with session_scope() as session:
        results["report_s"], report = timed(lambda: build_report(session, clock.now()), repeat=3)
    results["report_workbook_s"], workbook = timed(lambda: report_workbook(report))
    results["report_workbook_bytes"] = len(workbook)
    results["report_demand_pairs"] = sum(row["count"] for row in report["demand"])


def measure_parsing(results: dict[str, Any]) -> None:
    from w3lib.encoding import html_to_unicode

    from scrapers.irop import pages as irop
    from scrapers.opzplus import pages as opzplus
    from scrapers.rsk import pages as rsk

    samples = ROOT / "data" / "samples"
    jobs: list[Callable[[], Any]] = []
    for source, module in (("opzplus", opzplus), ("irop", irop), ("rsk", rsk)):
        routes = json.loads((samples / source / "routes.json").read_text(encoding="utf-8"))
        for route_path, route in sorted(routes.items()):
            name = route["file"]
            if "parser" not in route or "redesigned" in name:  # robots.txt; a page that must fail
                continue
            body = (samples / source / name).read_bytes()
            page = html_to_unicode(route.get("content_type", "text/html"), body)[1] if name.endswith(".html") else body
            parse = module.PARSERS[route["parser"]]
            jobs.append(lambda p=parse, b=page, u=module.BASE_URL + route_path: p(b, u))
    rounds = 10
    start = time.perf_counter()
    for _ in range(rounds):
        for job in jobs:
            job()
    results["parse_pages_per_s"] = rounds * len(jobs) / (time.perf_counter() - start)
    results["parse_sample_pages"] = len(jobs)


def measure_recrawl(results: dict[str, Any]) -> None:
    from tracker.sources.crawling import run_crawl
    from tracker.sources.sample_site import SampleServer

    first = second = 0
    for source in ("opzplus", "irop", "rsk"):
        with SampleServer.from_directory(ROOT / "data" / "samples" / source) as server:
            assert run_crawl(source, server.url).ok
            first += server.bytes_sent
            server.reset_counters()
            assert run_crawl(source, server.url).ok
            second += server.bytes_sent
    results["recrawl_bytes_ratio"] = second / first
    results["crawl_bytes_first"] = first
    results["crawl_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def report(results: dict[str, Any]) -> bool:
    ok = True
    print(f"{'measure':24} {'value':>12} {'budget':>10}  result")
    for key, budget, kind, unit in BUDGETS:
        value = results[key]
        if budget is None:
            verdict = "(recorded)"
        else:
            passed = value <= budget if kind == "max" else value >= budget
            ok &= passed
            verdict = "ok" if passed else "MISSED"
        bound = "" if budget is None else f"{'≤' if kind == 'max' else '≥'} {budget:g}"
        print(f"{key:24} {value:12.3f} {bound:>10}  {verdict} {unit}")
    extras = {k: v for k, v in results.items() if k not in {b[0] for b in BUDGETS}}
    print("also:", ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in extras.items()))
    return ok


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="vyzvy-bench-") as tmp:
        os.environ.update({
            "TRACKER_DATABASE_URL": f"sqlite:///{tmp}/bench.db", "TRACKER_DATA_DIR": f"{tmp}/data",
            "TRACKER_TODAY": "2026-11-23", "TRACKER_CRAWL_DELAY": "0",
        })
        from bench.generate import fill
        from tracker.storage.db import init_db, session_scope

        init_db()
        with session_scope() as session:
            fill(session)
        results: dict[str, Any] = {}
        for step in (measure_matching, measure_feed, measure_query, measure_report, measure_parsing, measure_recrawl):
            step(results)
    ok = report(results)
    results["budgets_met"] = ok
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'results.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
