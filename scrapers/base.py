"""What every source's spider shares: start URLs that can be repointed, the problems that fail a
run, the pages that did not load (which make it partial), and callbacks that sort errors into them.

The rule, by the kind of page a request is for (``page=`` of :meth:`SourceSpider.request`):
a listing page that does not load, any page that loads but cannot be read (a redesign), a
refused request (off-host, robots.txt) or a check over the whole crawl (the pager's total)
is a *problem*: the run fails and writes nothing. A call's own page or a plan (harmonogram,
workbook) that does not load after its retries is a *page failure*: the run is partial, and
the calls behind that page are kept as stored (``tracker.sources.ingest``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.parsing import LayoutError
from tracker.sources.records import Origin, PageFailure

RETRY_FIRST_PRIORITY = 10  # pages that failed last time are fetched before the others


class SourceSpider(scrapy.Spider):
    """A spider for one source. ``url`` (from ``tracker scrape --url``) replaces the site's
    scheme and host; a path in it replaces the listing's path."""

    base_url: str = ""
    listing_path: str = "/"
    extra_paths: tuple[str, ...] = ()

    def __init__(self, url: str | None = None, run_id: str | int | None = None,
                 from_samples: str | bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        base = urlsplit(url or self.base_url)
        if base.scheme not in ("http", "https") or not base.netloc:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.site = urlunsplit((base.scheme, base.netloc, "", "", ""))
        self.listing_url = self.site + (base.path if url and base.path not in ("", "/") else self.listing_path)
        if url and base.query:
            self.listing_url += "?" + base.query
        self.allowed_domains = [base.hostname or ""]
        self.allowed_netlocs = {base.netloc.lower()}
        self.run_id = int(run_id) if run_id not in (None, "") else None
        self.from_samples = from_samples in (True, "1", "true", "yes")
        self.problems: list[str] = []
        self.failures: list[PageFailure] = []
        self.outcome: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_scheduled, signal=signals.request_scheduled)
        return spider

    def on_scheduled(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """Scrapy's offsite filter drops a request to another host (e.g. a redirect) silently,
        without calling its errback; a page we needed and did not get must fail the run."""
        if urlsplit(request.url).netloc.lower() not in self.allowed_netlocs:
            via = request.meta.get("redirect_urls", [])
            origin = f" (redirected from {via[0]})" if via else ""
            self.problems.append(f"refused off-host request to {request.url}{origin}")

    @property
    def source(self) -> str:
        """The source's code in the registry (tracker.sources.registry) is the spider's name."""
        return self.name

    def page_url(self, path: str) -> str:
        return self.site + path

    def completeness_problems(self) -> list[str]:
        """Checks that can only be made once the crawl is over (e.g. pager totals)."""
        return []

    @cached_property
    def retry_first(self) -> set[str]:
        """The pages whose data are stale because they failed in the last run that wrote (see
        ``tracker.sources.health.stale_pages``): requested before the others."""
        from tracker.sources.health import stale_pages
        from tracker.storage.db import session_scope

        try:
            with session_scope() as session:
                return set(stale_pages(session, self.source))
        except Exception as exc:  # noqa: BLE001 — an order of requests is no reason to fail a crawl
            self.logger.warning("could not read the pages that failed last time: %s", exc)
            return set()

    def request(self, url: str, callback: Callable[..., Any], *, page: Origin = Origin.LISTING,
                call: str | None = None, **kwargs: Any) -> scrapy.Request:
        """A request for a ``page`` of that kind (about the call ``call``, when known)."""
        meta = {**kwargs.pop("meta", {}), "tracker_page": page, "tracker_call": call}
        request = scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, **kwargs)
        if "priority" not in kwargs and request.url in self.retry_first:  # compared as Scrapy normalised it
            request = request.replace(priority=RETRY_FIRST_PRIORITY)
        return request

    def retried_first(self, *requests: scrapy.Request) -> list[scrapy.Request]:
        """Start requests in the order to send them: those that failed last time first (Scrapy sends
        the first start request before it has seen the others, so priority alone does not order them)."""
        return sorted(requests, key=lambda r: -r.priority)

    def on_error(self, failure: Failure) -> None:
        """A page did not load: a problem for a listing or a refused request, else a page failure."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        reason = (f"HTTP {response.status}" if response is not None
                  else f"{failure.type.__name__}: {failure.getErrorMessage()}")
        page = request.meta.get("tracker_page", Origin.LISTING) if request is not None else Origin.LISTING
        refused = failure.check(IgnoreRequest) and not failure.check(HttpError)
        if page is Origin.LISTING or refused:
            self.problems.append(f"{url}: {reason}")
        else:
            self.failures.append(PageFailure(url, page, reason, request.meta.get("tracker_call")))

    def parsed(self, response: Response, parse: Callable[..., Any], *args: Any) -> Any | None:
        """Run a page parser; a layout problem or a parser crash becomes a run problem."""
        payload = response.text if isinstance(response, TextResponse) else response.body
        try:
            return parse(payload, response.url, *args)
        except LayoutError as exc:
            self.problems.append(f"page layout changed: {exc}")
        except Exception as exc:  # noqa: BLE001 — any parser crash must fail the run, not pass silently
            self.problems.append(f"{response.url}: parser failed: {type(exc).__name__}: {exc}")
        return None

