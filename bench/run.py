"""``make bench``: speed and memory at region scale, against the budgets of the benchmarks issue.

Builds a fresh SQLite database with the deterministic data set of ``bench/generate.py``
(10,000 calls, 2,000 intentions), measures, prints a table and writes ``bench/results.json``.
Exits 1 when a budget is missed. Never part of ``make test``.

Absolute times move by half on a shared machine, so the keys in ``RATIOS`` compare the product
with a baseline (``bench/baselines.py``) doing the same job on the same data in the same run,
the two interleaved so that a burst of load hits both.
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
    ("rematch_all_s", None, "max", "s"),
    ("rematch_unchanged_s", None, "max", "s"),
    ("text_worst_100kb_ms", 1000.0, "max", "ms"),
    ("match_speedup_vs_naive", 50.0, "min", "×"),
    ("ical_speedup_vs_icalendar", 5.0, "min", "×"),
    ("ical_cached_vs_static", 1.5, "max", "×"),
    ("parse_vs_lxml", 0.3, "min", "×"),
]

# ratio key: (numerator key, denominator key, unit of both); the table shows both figures.
RATIOS = {
    "match_speedup_vs_naive": ("match_naive_all_s", "match_index_all_s", "s"),
    "ical_speedup_vs_icalendar": ("ical_icalendar_10k_s", "ical_10k_s", "s"),
    "ical_cached_vs_static": ("ical_cached_ms", "ical_static_ms", "ms"),
    "parse_vs_lxml": ("parse_html_pages_per_s", "lxml_pages_per_s", "pages/s"),
}


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def interleaved(subject: Callable[[], Any], baseline: Callable[[], Any], repeat: int
                ) -> tuple[float, float, Any, Any]:
    """Median seconds of ``subject`` and of ``baseline`` over ``repeat`` rounds that alternate
    which goes first, and the last result of each."""
    subject_times: list[float] = []
    baseline_times: list[float] = []
    results: list[Any] = [None, None]
    for round_ in range(repeat):
        pairs = [(0, subject, subject_times), (1, baseline, baseline_times)]
        for slot, func, times in pairs if round_ % 2 == 0 else reversed(pairs):
            start = time.perf_counter()
            results[slot] = func()
            times.append(time.perf_counter() - start)
    return statistics.median(subject_times), statistics.median(baseline_times), results[0], results[1]


def check(condition: bool, message: str) -> None:
    """A baseline that does not do the same job makes its ratio meaningless: stop the bench."""
    if not condition:
        raise SystemExit(f"bench: {message}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_matching(results: dict[str, Any]) -> None:
    from sqlmodel import select

    from bench.baselines import naive_match
    from tracker import clock
    from tracker.intentions.matching import CallIndex, IntentionFacts
    from tracker.settings import get_settings
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

    # The index against a plain loop over every call, both from the same facts (read once above).
    calls, settings = index.calls, get_settings()

    def indexed() -> dict[int, list[tuple[int, int]]]:
        built = CallIndex(calls, now)
        return {i.id: [(m.call.id, m.score) for m in built.match(i)] for i in intentions}

    def naive() -> dict[int, list[tuple[int, int]]]:
        return naive_match(calls, intentions, now, preparation_days=settings.preparation_days,
                           limit=settings.matches_per_intention)

    subject, baseline, by_index, by_naive = interleaved(indexed, naive, repeat=3)
    check(by_index == by_naive, "the naive matching does not find the index's matches (call ids and scores)")
    results["match_index_all_s"], results["match_naive_all_s"] = subject, baseline
    results["match_speedup_vs_naive"] = baseline / subject

    # What runs after every crawl: index, match, store. The first time writes every row; the same
    # rematch again on the same day finds nothing changed and writes nothing.
    from tracker.intentions.matching import rematch

    with session_scope() as session:
        results["rematch_all_s"] = timed(lambda: rematch(session, now))[0]
    with session_scope() as session:
        results["rematch_unchanged_s"] = timed(lambda: rematch(session, now))[0]


def measure_feed(results: dict[str, Any]) -> None:
    import uvicorn

    from bench.baselines import icalendar_feed, same_calendar, static_app
    from tracker import clock
    from tracker.calls.filters import CallFilter
    from tracker.feeds.events import sync_events
    from tracker.feeds.ical import build_feed
    from tracker.feeds.server import create_app
    from tracker.storage.db import session_scope

    with session_scope() as session:
        sync_events(session, clock.now())
    with session_scope() as session:
        subject, baseline, feed, theirs = interleaved(lambda: build_feed(session, CallFilter(), clock.now()),
                                                      lambda: icalendar_feed(session, CallFilter(), clock.now()),
                                                      repeat=3)
    differences = same_calendar(feed.body, theirs)
    check(not differences, f"the icalendar feed differs from ours: {differences[:3]}")
    results["ical_10k_s"], results["ical_icalendar_10k_s"] = subject, baseline
    results["ical_speedup_vs_icalendar"] = baseline / subject
    results["ical_events"] = feed.events
    results["ical_bytes"] = len(feed.body)

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Any) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}/calendar.ics"

    def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), b""

    url = start(create_app())
    _, headers, body = get(url)  # cold: builds and caches
    # The same bytes and headers from a route that only returns them, on the same stack.
    static_url = start(static_app(body, {k: v for k, v in headers.items()
                                         if k.lower() not in {"content-length", "date", "server"}}))
    static = get(static_url)
    check(static[2] == body and static[1]["content-type"] == headers["content-type"],
          "the static server does not send the feed's bytes")
    cached, static_s, *_ = interleaved(lambda: get(url), lambda: get(static_url), repeat=20)
    results["ical_cached_ms"], results["ical_static_ms"] = cached * 1000, static_s * 1000
    results["ical_cached_vs_static"] = cached / static_s
    results["ical_304_ms"] = timed(lambda: get(url, {"If-None-Match": headers["etag"]}), repeat=20)[0] * 1000
    for server, thread in servers:
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

    from bench.baselines import lxml_parse
    from scrapers.irop import pages as irop
    from scrapers.opzplus import pages as opzplus
    from scrapers.rsk import pages as rsk

    samples = ROOT / "data" / "samples"
    jobs: list[Callable[[], Any]] = []
    html: list[tuple[Callable[[], Any], bytes]] = []  # the HTML pages' jobs and bytes, for lxml
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
            if name.endswith(".html"):
                html.append((jobs[-1], body))
    rounds = 10
    start = time.perf_counter()
    for _ in range(rounds):
        for job in jobs:
            job()
    results["parse_pages_per_s"] = rounds * len(jobs) / (time.perf_counter() - start)
    results["parse_sample_pages"] = len(jobs)

    # Against lxml merely parsing the same bytes, on the HTML pages (lxml cannot read a workbook).
    def ours() -> None:
        for job, _ in html:
            job()

    def floor() -> None:
        for _, body in html:
            lxml_parse(body)

    subject, baseline, *_ = interleaved(ours, floor, repeat=rounds)
    results["parse_html_pages_per_s"], results["lxml_pages_per_s"] = len(html) / subject, len(html) / baseline
    results["parse_vs_lxml"] = baseline / subject
    results["parse_html_pages"] = len(html)


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


def measure_text(results: dict[str, Any]) -> None:
    """The slowest of every text function (dates, money, classification, RSK allocation) on every
    ~100 kB hostile input of bench/hostile.py: one page must never stop a crawl."""
    from bench.hostile import functions, inputs

    funcs, texts = functions(), inputs()
    funcs["classify_applicants"]("obce")  # load the lemmatiser's dictionary outside the measurement
    worst, which = 0.0, ""
    for fname, func in funcs.items():
        for tname, text in texts.items():
            seconds = timed(lambda f=func, t=text: f(t))[0]
            if seconds > worst:
                worst, which = seconds, f"{fname} on {tname}"
    results["text_worst_100kb_ms"] = worst * 1000
    results["text_worst_case"] = which


def report(results: dict[str, Any]) -> bool:
    ok = True
    print(f"{'measure':26} {'value':>12} {'budget':>10}  result")
    for key, budget, kind, unit in BUDGETS:
        value = results[key]
        if budget is None:
            verdict = "(recorded)"
        else:
            passed = value <= budget if kind == "max" else value >= budget
            ok &= passed
            verdict = "ok" if passed else "MISSED"
        bound = "" if budget is None else f"{'≤' if kind == 'max' else '≥'} {budget:g}"
        line = f"{key:26} {value:12.3f} {bound:>10}  {verdict} {unit}"
        if key in RATIOS:
            top, bottom, figures = RATIOS[key]
            line += f"  = {top} {results[top]:.3f} / {bottom} {results[bottom]:.3f} ({figures})"
        print(line)
    shown = {b[0] for b in BUDGETS} | {k for top, bottom, _ in RATIOS.values() for k in (top, bottom)}
    extras = {k: v for k, v in results.items() if k not in shown}
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
        for step in (measure_matching, measure_feed, measure_query, measure_report, measure_parsing, measure_recrawl,
                     measure_text):
            step(results)
    ok = report(results)
    results["budgets_met"] = ok
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'results.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
