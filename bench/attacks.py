"""Time the hostile inputs of the hardening issue against a throw-away database (never part of `make test`):

    python -m bench.attacks

A budget of 1e1000000 typed into the form and sent in a CSV, a ZIP-bomb workbook, a 25,000-row
upload (refused by the app; imported by the coordinator's CLI, timing its write transaction), and a
crawl of IROP whose calendar workbook hides CR/LF in a link. Prints one line per input.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    try:
        result: Any = func()
    except Exception as exc:  # noqa: BLE001 — a refusal is the result being timed
        result = exc
    return time.perf_counter() - start, result


def outcome(result: Any) -> str:
    if isinstance(result, Exception):
        problems = getattr(result, "problems", ())
        text = "; ".join(p.en for p in problems) if problems else str(result)
        return f"refused: {text[:110]}"
    return f"ok: {str(result)[:110]}"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vyzvy-hostile-"))
    os.environ.update({"TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}", "TRACKER_DATA_DIR": str(folder),
                       "TRACKER_TODAY": "2026-11-23", "TRACKER_CRAWL_DELAY": "0"})
    from sqlalchemy import event

    from scrapers.irop.pages import parse_calendar
    from tests.hostile_files import CRLF_LINK, IROP_WORKBOOK_PATH, big_csv, irop_workbook, zip_bomb_workbook
    from tracker import clock
    from tracker.calls.filters import CallFilter
    from tracker.feeds.ical import build_feed
    from tracker.intentions.store import APP_IMPORT_MAX_ROWS, import_csv, parse_csv, read_upload
    from tracker.intentions.validation import validate_intention
    from tracker.sources.crawling import load_demo, run_crawl
    from tracker.sources.sample_site import Route, SampleServer
    from tracker.storage.db import get_engine, init_db, session_scope

    init_db()
    load_demo()
    rows: list[tuple[str, float, str]] = []

    def measure(name: str, func: Callable[[], Any]) -> None:
        seconds, result = timed(func)
        rows.append((name, seconds, outcome(result)))

    form = {"title": "Byty", "organization": "Obec", "ico": "00262978", "applicant_type": "obec", "areas": ["bydleni"],
            "budget_czk": "1e1000000", "cofinancing_pct": "0", "start_date": "2027-01-01", "end_date": "2027-12-31"}
    measure("budget 1e1000000 in the form", lambda: validate_intention(form))
    line = "Byty,Obec,00262978,obec,bydleni,1e1000000,0,2027-01-01,2027-12-31\n"
    measure("budget 1e1000000 in a CSV", lambda: parse_csv(big_csv(0) + line))
    workbook_url = "https://irop.gov.cz" + IROP_WORKBOOK_PATH
    bomb = zip_bomb_workbook()
    measure(f"XLSX bomb ({len(bomb) // 1000} kB → 27 MB)", lambda: parse_calendar(bomb, workbook_url))
    ratio_bomb = zip_bomb_workbook(rows=150_000)
    measure(f"XLSX bomb under 10 MB ({len(ratio_bomb) // 1000} kB)", lambda: parse_calendar(ratio_bomb, workbook_url))
    upload = big_csv(25_000).encode()
    measure(f"25,000-row upload in the app ({len(upload) / 1e6:.1f} MB)",
            lambda: import_csv(read_upload(upload), max_rows=APP_IMPORT_MAX_ROWS, keep_stages=False))
    measure("500-row upload in the app (its limit)",
            lambda: len(import_csv(read_upload(big_csv(500).encode()), max_rows=APP_IMPORT_MAX_ROWS).ids))

    # before the 25,000 intentions below: every crawl rematches all intentions afterwards
    with SampleServer.from_directory(ROOT / "data" / "samples" / "irop") as server:
        measure("IROP crawl, plain samples", lambda: run_crawl("irop", server.url).ok)
        server.set(IROP_WORKBOOK_PATH, Route(body=irop_workbook(CRLF_LINK),
                                             content_type="application/vnd.openxmlformats-officedocument."
                                                          "spreadsheetml.sheet"))
        measure("IROP crawl, CR/LF link in the workbook", lambda: run_crawl("irop", server.url).ok)
    with session_scope() as session:
        body = build_feed(session, CallFilter(), clock.now()).body
    rows.append(("… its feed afterwards", 0.0, f"{body.count(b'BEGIN:VEVENT')} events, "
                                               f"{body.count(b'evil.example')} mentions of evil.example"))

    spans: list[float] = []
    began: list[float] = []
    engine = get_engine()
    event.listen(engine, "begin", lambda conn: began.append(time.perf_counter()))
    event.listen(engine, "commit", lambda conn: spans.append(time.perf_counter() - began[-1]))
    seconds, result = timed(lambda: len(import_csv(big_csv(25_000)).ids))
    rows.append(("25,000 rows by `tracker intentions import`", seconds,
                 f"{outcome(result)}; transactions over 0.05 s: {', '.join(f'{s:.2f} s' for s in spans if s > 0.05)}"))

    print(f"{'hostile input':48} {'seconds':>9}  outcome")
    for name, seconds, result in rows:
        print(f"{name:48} {seconds:9.3f}  {result}")


if __name__ == "__main__":
    main()
