"""The IROP spider: listing → call pages, and the calendar workbook of planned calls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.irop import pages
from tracker.sources.records import CallRecord, Origin


class IropSpider(SourceSpider):
    name = pages.SOURCE
    base_url = pages.BASE_URL
    listing_path = pages.LISTING_PATH

    async def start(self) -> AsyncIterator[Any]:
        yield self.request(self.listing_url, self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        listing = self.parsed(response, pages.parse_listing)
        if listing is None:
            return
        for entry in listing.entries:
            yield entry
            yield self.request(entry.url, self.parse_detail, page=Origin.DETAIL, call=entry.external_id,
                               cb_kwargs={"listing": entry})
        for url in listing.calendar_urls:
            yield self.request(url, self.parse_calendar, page=Origin.PLAN)

    def parse_detail(self, response: Response, listing: CallRecord) -> Iterator[CallRecord]:
        record = self.parsed(response, pages.parse_detail, listing)
        if record is not None:
            yield record

    def parse_calendar(self, response: Response) -> Iterator[CallRecord]:
        yield from self.parsed(response, pages.parse_calendar) or []
