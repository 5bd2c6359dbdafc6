"""Opt-in checks against the live sites (`make smoke-live`); never part of `make test`."""

from __future__ import annotations

import os

import pytest

from tests.conftest import SetEnv
from tracker.sources.crawling import run_crawl

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(os.environ.get("TRACKER_LIVE") != "1", reason="set TRACKER_LIVE=1 to reach the live sites"),
]


@pytest.mark.parametrize("source", ["opzplus", "irop", "rsk"])
def test_live_site_still_parses(db, source: str, setenv: SetEnv) -> None:
    setenv("TRACKER_CRAWL_DELAY", "1")
    summary = run_crawl(source)
    assert summary.ok, summary.error
    assert summary.found > 0
