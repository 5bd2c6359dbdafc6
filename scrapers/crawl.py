"""Run one source's crawl in this process and record it: ``python -m scrapers.crawl SOURCE``.

``tracker scrape`` and the scheduler start this in a subprocess per crawl, because Scrapy's
reactor cannot be restarted within one process.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from tracker.sources.ingest import fail_run, start_run
from tracker.sources.registry import SOURCE_CODES, source_info
from tracker.storage.db import init_db


def spider_class(source: str) -> type:
    """The registry's spider for a source (imported only when that source is crawled)."""
    module, _, name = source_info(source).spider.partition(":")
    return getattr(importlib.import_module(module), name)


def crawl(source: str, *, url: str | None = None, run_id: int | None = None, from_samples: bool = False) -> dict:
    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    settings.set("LOG_LEVEL", os.environ.get("TRACKER_CRAWL_LOG_LEVEL", "WARNING"))
    if run_id is None:
        init_db()
        run_id = start_run(source, from_samples=from_samples)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_class(source))
    try:
        process.crawl(crawler, url=url, run_id=run_id, from_samples=from_samples)
        process.start()
    except Exception as exc:  # noqa: BLE001 — e.g. a bad --url; the run must end as failed
        fail_run(run_id, f"{type(exc).__name__}: {exc}")
        return {"source": source, "run_id": run_id, "ok": False, "error": str(exc)}
    outcome = getattr(crawler.spider, "outcome", None)
    if outcome is None:
        fail_run(run_id, "the crawl ended without a result")
        return {"source": source, "run_id": run_id, "ok": False, "error": "the crawl ended without a result"}
    return {"source": source, "run_id": run_id, "ok": outcome.ok, "outcome": outcome.outcome, "error": outcome.error,
            "failed_urls": outcome.failed_urls}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.crawl", description=__doc__)
    parser.add_argument("source", choices=SOURCE_CODES)
    parser.add_argument("--url", help="replace the site's start URL (e.g. a local sample server)")
    parser.add_argument("--run-id", type=int, help="the ScrapeRun row to fill (created when omitted)")
    parser.add_argument("--samples", action="store_true", help="the site is the bundled sample pages")
    args = parser.parse_args(argv)
    result = crawl(args.source, url=args.url, run_id=args.run_id, from_samples=args.samples)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
