"""What every source's spider shares: start URLs that can be repointed, the list of problems
that fails a run, and callbacks that turn parser errors into such problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from scrapers.parsing import LayoutError


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

    def request(self, url: str, callback: Callable[..., Any], **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        if response is not None:
            self.problems.append(f"{url}: HTTP {response.status}")
        else:
            self.problems.append(f"{url}: {failure.type.__name__}: {failure.getErrorMessage()}")

    def parsed(self, response: Response, parse: Callable[..., Any], *args: Any) -> Any | None:
        """Run a page parser; a layout problem or a parser crash becomes a run problem."""
        payload = response.text if isinstance(response, TextResponse) else response.body
        try:
            return parse(payload, response.url, *args)
        except LayoutError as exc:
            self.problems.append(f"{exc.summary}: {exc}")
        except Exception as exc:  # noqa: BLE001 — any parser crash must fail the run, not pass silently
            self.problems.append(f"{response.url}: parser failed: {type(exc).__name__}: {exc}")
        return None

