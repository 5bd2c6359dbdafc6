"""One registry of sources that everything reads, and settings read once per process."""

from __future__ import annotations

import subprocess
import sys

from scrapers.crawl import spider_class
from tests.conftest import SetEnv
from tracker.services.scheduler import crawl_trigger
from tracker.settings import get_settings, reset_settings
from tracker.sources.registry import SOURCE_CODES, SOURCES


def test_every_source_in_the_registry_has_its_spider_and_nothing_else_does() -> None:
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, check=True,
                            timeout=120).stdout.split()
    assert sorted(listed) == sorted(SOURCE_CODES)
    for source in SOURCES:
        spider = spider_class(source.code)
        assert spider.name == source.code
        assert spider.__module__ == source.spider_module


def test_each_source_is_staggered_on_its_own_minute() -> None:
    minutes = [s.stagger_minute for s in SOURCES]
    assert len(set(minutes)) == len(minutes)
    assert all(f"minute='{s.stagger_minute}'" in str(crawl_trigger(s.code, get_settings())) for s in SOURCES)


def test_a_source_url_variable_is_read_for_every_registered_source(setenv: SetEnv) -> None:
    for source in SOURCES:
        setenv(source.url_variable, f"http://127.0.0.1:9/{source.code}")
    assert dict(get_settings().source_urls) == {s.code: f"http://127.0.0.1:9/{s.code}" for s in SOURCES}


def test_settings_are_read_once_until_reset(monkeypatch) -> None:
    first = get_settings()
    monkeypatch.setenv("TRACKER_MATCHES_PER_INTENTION", "7")
    assert get_settings() is first  # the environment is not re-read on every call
    reset_settings()
    assert get_settings().matches_per_intention == 7

