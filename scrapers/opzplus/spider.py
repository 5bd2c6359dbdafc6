"""The OPZ+ spider: listing (all pages) → call pages, and the harmonogram with its workbook."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from scrapers.base import SourceSpider
from scrapers.opzplus import pages
from tracker.sources.records import CallRecord, Origin


class OpzPlusSpider(SourceSpider):
    name = pages.SOURCE
    base_url = pages.BASE_URL
    listing_path = pages.LISTING_PATH

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.listing_total: int | None = None
        self.listed: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for request in self.retried_first(
            self.request(self.listing_url, self.parse_listing),
            self.request(self.page_url(pages.HARMONOGRAM_PATH), self.parse_harmonogram, page=Origin.PLAN),
        ):
            yield request

    def parse_listing(self, response: Response) -> Iterator[Any]:
        listing = self.parsed(response, pages.parse_listing)
        if listing is None:
            return
        if listing.total is not None:
            self.listing_total = listing.total
        for url in listing.page_urls:
            yield self.request(url, self.parse_listing)
        for entry in listing.entries:
            self.listed.add(entry.external_id)
            yield entry
            yield self.request(entry.url, self.parse_detail, page=Origin.DETAIL, call=entry.external_id,
                               cb_kwargs={"listing": entry})

    def parse_detail(self, response: Response, listing: CallRecord) -> Iterator[CallRecord]:
        record = self.parsed(response, pages.parse_detail, listing)
        if record is not None:
            yield record

    def parse_harmonogram(self, response: Response) -> Iterator[Any]:
        harmonogram = self.parsed(response, pages.parse_harmonogram)
        if harmonogram is None:
            return
        yield from harmonogram.plans
        for url in harmonogram.workbook_urls:
            yield self.request(url, self.parse_workbook, page=Origin.PLAN)

    def parse_workbook(self, response: Response) -> Iterator[CallRecord]:
        yield from self.parsed(response, pages.parse_harmonogram_workbook) or []

    def completeness_problems(self) -> list[str]:
        if self.listing_total is not None and len(self.listed) != self.listing_total:
            return [f"{self.listing_url}: the pager says {self.listing_total} calls, {len(self.listed)} were read"]
        return []
