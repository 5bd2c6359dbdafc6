"""Golden files: every saved sample page parses to its stored output, and the demo data's calendar
is its stored file byte for byte (tests/golden_files.py says how they are made).

After a deliberate change, `python scripts/regenerate_golden.py` rewrites them; review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.golden_files import DEMO_CALENDAR, demo_calendar, difference, parse, render, samples


@pytest.mark.parametrize("sample", samples(), ids=str)
def test_a_saved_page_parses_to_its_golden_file(sample) -> None:
    if problem := difference(sample.golden, render(parse(sample))):
        pytest.fail(f"{sample} ({sample.parser}, {sample.url}) no longer parses to its golden file:\n{problem}",
                    pytrace=False)


def test_every_saved_page_has_a_parser_and_a_golden_file() -> None:
    pages = {p for p in SAMPLES.glob("*/*") if p.suffix in (".html", ".xlsx")}
    assert sorted(map(str, pages - {s.path for s in samples()})) == [], "pages without a \"parser\" in routes.json"
    goldens = set(SAMPLES.glob("*/*.golden.json"))
    assert sorted(map(str, goldens - {s.golden for s in samples()})) == [], "golden files of no listed page"


def test_the_demo_calendar_is_its_golden_file_byte_for_byte(demo_db: Path) -> None:
    calendar = demo_calendar()
    # Every event was stored by the demo crawl at the pinned "now": midnight of 2026-11-23 in Prague.
    stamps = re.findall(rb"^(?:DTSTAMP|LAST-MODIFIED):(.*)\r$", calendar, re.MULTILINE)
    assert stamps and set(stamps) == {b"20261122T230000Z"}
    if problem := difference(DEMO_CALENDAR, calendar.decode("utf-8")):
        pytest.fail(f"The demo data's calendar (no filter) changed:\n{problem}", pytrace=False)
