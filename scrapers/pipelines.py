"""The Scrapy end of ingestion: collect a crawl's records, then hand them to ``tracker.ingest``
in one go once the crawl has ended, so a crawl that met a problem writes nothing."""

from __future__ import annotations

from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from tracker.db import init_db
from tracker.ingest import CrawlStats, record_crawl, start_run
from tracker.records import CallRecord


class IngestPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.records: list[CallRecord] = []
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

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
        self.records.append(item)
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        problems = list(spider.problems) + spider.completeness_problems()
        if reason != "finished":
            problems.append(f"crawl stopped early ({reason})")
        stats = self.crawler.stats
        outcome = record_crawl(
            spider.source,
            spider.run_id,
            self.records,
            problems,
            CrawlStats(
                pages=stats.get_value("tracker/pages", 0),
                not_modified=stats.get_value("tracker/not_modified", 0),
                bytes_received=stats.get_value("tracker/bytes", 0),
            ),
        )
        spider.outcome = outcome
