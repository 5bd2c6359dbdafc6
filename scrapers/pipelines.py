"""The Scrapy end of ingestion: collect a crawl's records, then hand them to ``tracker.sources.ingest``
in one go once the crawl has ended, with its problems (which fail the run: nothing is written) and
the pages that did not load (which make it partial), counting the transfer on the run."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from tracker.sources.ingest import record_crawl, start_run
from tracker.sources.records import CallRecord
from tracker.storage.db import init_db

LINK_FIELDS = ("url", "documents_url", "source_url")
PROGRESS_PREFIX = "PROGRESS"
PROGRESS_EVERY_S = 5.0


def as_published(record: CallRecord, served_from: str, real_url: str) -> CallRecord:
    """The bundled sample pages mirror the real sites' paths: store their links as the real site's,
    so the demo data link to the real pages and not to a sample server that is gone."""
    real = urlunsplit(urlsplit(real_url)[:2] + ("", "", ""))
    links = {name: real + value[len(served_from):] for name in LINK_FIELDS
             if (value := getattr(record, name)) and value.startswith(served_from)}
    return replace(record, **links)


class IngestPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.records: list[CallRecord] = []
        self._last_progress = 0.0
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.report_progress, signal=signals.response_received)

    def report_progress(self, *args: Any, **kwargs: Any) -> None:
        """A line on stderr every few seconds for the parent process (``tracker scrape``, the scheduler)."""
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_EVERY_S:
            return
        self._last_progress = now
        pages = self.crawler.stats.get_value("tracker/pages", 0)
        print(f"{PROGRESS_PREFIX} pages={pages} calls={len(self.records)}", file=sys.stderr, flush=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider) -> None:
        if getattr(spider, "run_id", None) is None:  # run by plain `scrapy crawl`
            init_db()
            spider.run_id = start_run(spider.source, from_samples=getattr(spider, "from_samples", False))

    def process_item(self, item: Any, spider: Spider) -> Any:
        if not isinstance(item, CallRecord):
            raise TypeError(f"{spider.name} yielded {type(item).__name__}, expected CallRecord")
        if getattr(spider, "from_samples", False):
            item = as_published(item, spider.site, spider.base_url)
        self.records.append(item)
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        problems = list(spider.problems) + spider.completeness_problems()
        if reason != "finished":
            problems.append(f"crawl stopped early ({reason})")
        stats = self.crawler.stats
        spider.outcome = record_crawl(
            spider.source,
            spider.run_id,
            self.records,
            problems,
            spider.failures,
            pages=stats.get_value("tracker/pages", 0),
            not_modified=stats.get_value("tracker/not_modified", 0),
            bytes_received=stats.get_value("tracker/bytes", 0),
        )
