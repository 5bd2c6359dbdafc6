"""Scrapy settings, derived from the tracker's one settings module (environment variables)."""

from __future__ import annotations

from tracker.settings import load_settings
from tracker.sources.registry import SOURCES

_tracker = load_settings()

BOT_NAME = "vyzvy"
SPIDER_MODULES = [s.spider_module for s in SOURCES]
NEWSPIDER_MODULE = "scrapers"

USER_AGENT = _tracker.user_agent
ROBOTSTXT_OBEY = True

# Polite: one request at a time per host, at most one a second by default.
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = _tracker.crawl_delay_s
AUTOTHROTTLE_ENABLED = _tracker.crawl_delay_s > 0
AUTOTHROTTLE_START_DELAY = max(_tracker.crawl_delay_s, 0.1)
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = _tracker.crawl_timeout_s
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = _tracker.crawl_retries
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
TRACKER_RETRY_BACKOFF = _tracker.crawl_backoff_s

HTTPCACHE_ENABLED = True
HTTPCACHE_DIR = str(_tracker.httpcache_dir.resolve())
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_POLICY = "scrapers.httpcache.AlwaysRevalidatePolicy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_GZIP = True

DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.HostGuardMiddleware": 60,
    "scrapers.middlewares.BackoffMiddleware": 540,
    "scrapers.middlewares.TransferStatsMiddleware": 950,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "scrapers.httpcache.StrictHttpCacheMiddleware": 900,
}
ITEM_PIPELINES = {"scrapers.pipelines.IngestPipeline": 300}

CLOSESPIDER_TIMEOUT = _tracker.crawl_time_limit_s
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
