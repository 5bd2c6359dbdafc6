"""Downloader middlewares: stay on the configured hosts, back off before retries, count bytes."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class HostGuardMiddleware:
    """Refuse any request (redirects included) whose host:port is not one the spider allows.

    Scrapy's own offsite filter compares host names only; a sample server on another
    127.0.0.1 port, or a redirect to another site, must be refused as well.
    """

    def process_request(self, request: Request, spider: Spider) -> None:
        allowed = getattr(spider, "allowed_netlocs", None)
        if not allowed:
            return None
        netloc = urlsplit(request.url).netloc.lower()
        if netloc not in allowed:
            raise IgnoreRequest(f"refused off-host request to {request.url}")
        return None


class BackoffMiddleware:
    """Wait before each retry: ``base * 2 ** (attempt - 1)`` seconds."""

    def __init__(self, base: float):
        self.base = base

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler.settings.getfloat("TRACKER_RETRY_BACKOFF", 2.0))

    async def process_request(self, request: Request, spider: Spider) -> None:
        attempt = request.meta.get("retry_times", 0)
        if attempt and self.base > 0:
            await asyncio.sleep(self.base * 2 ** (attempt - 1))
        return None


class TransferStatsMiddleware:
    """Count what really crossed the network (before the HTTP cache turns a 304 into a page)."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TransferStatsMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider) -> Any:
        if "cached" in response.flags:
            return response
        self.stats.inc_value("tracker/pages")
        self.stats.inc_value("tracker/bytes", len(response.body) + sum(
            len(k) + sum(len(v) for v in vs) for k, vs in response.headers.items()
        ))
        if response.status == 304:
            self.stats.inc_value("tracker/not_modified")
        return response
