"""Rewrite every golden file after a deliberate change of a parser, a sample page or the feed:

    python scripts/regenerate_golden.py

- ``data/samples/<source>/*.golden.json``: the whole parser output of each page with a ``"parser"``
  in its routes.json (see tests/golden_files.py); golden files of pages no longer listed are removed;
- ``tests/golden/demo_calendar.ics``: the bundled samples crawled by the real spiders on 127.0.0.1
  into a throw-away database, under the tests' pinned "today", and the calendar for no filter.

Run it from a clean environment: inherited ``TRACKER_*`` variables are ignored. Running it twice
changes nothing. Then review ``git diff`` — every changed line is a change users will see.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SAMPLES, TODAY  # noqa: E402 (after the path is set)
from tests.golden_files import DEMO_CALENDAR, demo_calendar, parse, render, samples  # noqa: E402


def write(path: Path, content: bytes) -> None:
    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    print(f"wrote {path.relative_to(ROOT)}")


def pinned_environment(folder: Path) -> None:
    """The tests' settings: a fresh database in ``folder``, "today" pinned, no other TRACKER_* variable."""
    for name in [n for n in os.environ if n.startswith("TRACKER_")]:
        del os.environ[name]
    os.environ.update(
        TRACKER_DATABASE_URL=f"sqlite:///{folder / 'demo.db'}",
        TRACKER_DATA_DIR=str(folder / "data"),
        TRACKER_TODAY=TODAY,
        TRACKER_CRAWL_DELAY="0",
    )


def main() -> int:
    from tracker.sources.crawling import load_demo
    from tracker.storage.db import init_db

    os.chdir(ROOT)  # the crawl subprocesses (python -m scrapers.crawl) import this checkout's code
    with tempfile.TemporaryDirectory() as folder:
        pinned_environment(Path(folder))
        goldens = set()
        for sample in samples():
            write(sample.golden, render(parse(sample)).encode("utf-8"))
            goldens.add(sample.golden)
        for stale in sorted(set(SAMPLES.glob("*/*.golden.json")) - goldens):
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")

        init_db()
        runs = load_demo()
        failed = [run.line() for run in runs if not run.ok]
        if failed:
            print("the demo crawl failed:", *failed, sep="\n", file=sys.stderr)
            return 1
        write(DEMO_CALENDAR, demo_calendar())
    print(f"{len(goldens)} golden page(s) and {DEMO_CALENDAR.relative_to(ROOT)} are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
