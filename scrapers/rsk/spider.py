"""The RSK LK spider: the news listing (a few pages) → articles that announce calls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.rsk import pages
from tracker.settings import get_settings
from tracker.sources.records import CallRecord, Origin


class RskSpider(SourceSpider):
    name = pages.SOURCE
    base_url = pages.BASE_URL
    listing_path = pages.LISTING_PATH

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_listing_pages = get_settings().rsk_listing_pages

    async def start(self) -> AsyncIterator[Any]:
        yield self.request(self.listing_url, self.parse_listing, cb_kwargs={"page_no": 1})

    def parse_listing(self, response: Response, page_no: int) -> Iterator[Any]:
        listing = self.parsed(response, pages.parse_listing)
        if listing is None:
            return
        for url in listing.article_urls:
            yield self.request(url, self.parse_article, page=Origin.DETAIL, call=pages.article_call_id(url))
        if listing.next_url and page_no < self.max_listing_pages:
            yield self.request(listing.next_url, self.parse_listing, cb_kwargs={"page_no": page_no + 1})

    def parse_article(self, response: Response) -> Iterator[CallRecord]:
        record = self.parsed(response, pages.parse_article)
        if record is not None:
            yield record
