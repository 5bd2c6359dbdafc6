"""The one registry of sources. Everything that names a source reads it: the database's codes,
labels in the app and the feed, the scheduler's stagger, the per-source settings, Scrapy's
spider modules and the crawl runner. A new source is a package under ``scrapers/`` (its
``pages.py`` and ``spider.py``) plus one entry here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    code: str  # stored in call.source, used in filters, UIDs and URLs; the spider's name
    label: str  # how people call it
    site: str  # the site it reads, for people
    spider: str  # "module:Class" of its Scrapy spider
    stagger_minute: int  # the minute past the hour its scheduled crawls start

    @property
    def spider_module(self) -> str:
        return self.spider.partition(":")[0]

    @property
    def url_variable(self) -> str:
        """The environment variable that points the source at a mirror or a test server."""
        return f"TRACKER_SOURCE_URL_{self.code.upper()}"


SOURCES: tuple[SourceInfo, ...] = (
    SourceInfo("opzplus", "OPZ+", "esfcr.cz", "scrapers.opzplus.spider:OpzPlusSpider", 5),
    SourceInfo("irop", "IROP", "irop.gov.cz", "scrapers.irop.spider:IropSpider", 20),
    SourceInfo("rsk", "RSK LK", "rsk-lk.cz", "scrapers.rsk.spider:RskSpider", 35),
)
SOURCE_CODES: tuple[str, ...] = tuple(s.code for s in SOURCES)
SOURCE_LABELS: dict[str, str] = {s.code: s.label for s in SOURCES}
_BY_CODE = {s.code: s for s in SOURCES}


def source_info(code: str) -> SourceInfo:
    return _BY_CODE[code]


def source_label(code: str) -> str:
    return SOURCE_LABELS.get(code, code)
