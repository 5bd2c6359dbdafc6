"""Golden files: the whole parser output of every saved sample page, and the demo data's calendar.

Each page in a source's ``data/samples/<source>/routes.json`` that has a ``"parser"`` is read by
``scrapers.<source>.pages.PARSERS[parser]`` at its address on the real site, and the result is
stored beside it as JSON (``foo.html`` → ``foo.golden.json``): every field of every record, dates
as ISO 8601 at their precision (``2027-06-30``, ``2027-06``, ``2027-Q2``), enums as their values.
A page that must fail (a redesign) stores its ``LayoutError`` message instead.

- A page with ``"variant_of"`` is another state of the page at that path (a moved deadline, a
  redesign), which the crawl tests swap in; it is parsed at that page's address.
- A parser that takes a ``listing`` entry (a call's own page) gets the entry the source's listing
  pages give for the page's address, as the spider does: the entries the listings' golden files pin.

``tests/test_golden.py`` compares; ``scripts/regenerate_golden.py`` rewrites after a deliberate change.
"""

from __future__ import annotations

import difflib
import inspect
import json
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from scrapers.parsing import LayoutError
from tests.conftest import SAMPLES, sample_bytes, sample_text
from tracker.settings import PROJECT_ROOT
from tracker.sources.records import CallRecord
from tracker.text.czech import DateValue

DEMO_CALENDAR = PROJECT_ROOT / "tests" / "golden" / "demo_calendar.ics"
REGENERATE = "python scripts/regenerate_golden.py"


@dataclass(frozen=True)
class Sample:
    """A saved page, the kind of page it is, and where it is published."""

    source: str
    file: str
    parser: str
    url: str
    variant: bool

    @property
    def path(self) -> Path:
        return SAMPLES / self.source / self.file

    @property
    def golden(self) -> Path:
        return self.path.with_suffix(".golden.json")

    @property
    def pages(self) -> ModuleType:
        return import_module(f"scrapers.{self.source}.pages")

    def __str__(self) -> str:
        return f"{self.source}/{self.file}"


def samples() -> list[Sample]:
    """Every page with a parser in the samples' routes.json files, once per file (its first route)."""
    found: dict[tuple[str, str], Sample] = {}
    for routes in sorted(SAMPLES.glob("*/routes.json")):
        source = routes.parent.name
        base_url = import_module(f"scrapers.{source}.pages").BASE_URL
        for path, route in json.loads(routes.read_text(encoding="utf-8")).items():
            if "parser" in route:
                found.setdefault((source, route["file"]), Sample(
                    source, route["file"], route["parser"], base_url + route.get("variant_of", path),
                    variant="variant_of" in route))
    return list(found.values())


def parse(sample: Sample) -> Any:
    """The page's whole parser output as JSON-ready data, or ``{"layout_error": message}``."""
    parser = sample.pages.PARSERS[sample.parser]
    page = sample_bytes(sample.source, sample.file) if sample.file.endswith(".xlsx") else sample_text(
        sample.source, sample.file)
    extra = [listing_entries(sample.source).get(sample.url)] if "listing" in inspect.signature(
        parser).parameters else []
    try:
        return as_json(parser(page, sample.url, *extra))
    except LayoutError as exc:
        return {"layout_error": str(exc)}


@cache
def listing_entries(source: str) -> dict[str, CallRecord]:
    """The calls the source's listing pages (not their variants) show, by the address of each call's page."""
    entries: dict[str, CallRecord] = {}
    for sample in samples():
        if sample.source == source and sample.parser == "listing" and not sample.variant:
            page = sample.pages.PARSERS["listing"](sample_text(source, sample.file), sample.url)
            entries.update((entry.url, entry) for entry in page.entries)
    return entries


def as_json(value: Any) -> Any:
    """Parser output (records, pages of a listing, lists of them) as plain JSON values, every field kept."""
    if isinstance(value, DateValue):
        if DateValue.from_iso(value.iso()) != value:  # the ISO form must say all there is
            raise ValueError(f"{value!r} is not what its ISO form {value.iso()!r} says")
        return value.iso()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__} in a golden file")


def render(value: Any) -> str:
    """The golden file's text: fields in their declared order, Czech as it is, a newline at the end."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def demo_calendar() -> bytes:
    """The calendar of every call in the current database, as ``tracker ical`` without filters writes it."""
    from tracker import clock
    from tracker.calls.filters import CallFilter
    from tracker.feeds.ical import build_feed
    from tracker.storage.db import session_scope

    with session_scope() as session:
        return build_feed(session, CallFilter(), clock.now()).body


def difference(golden: Path, actual: str) -> str | None:
    """``None`` when ``actual`` is the golden file's text, else a unified diff saying how to update it."""
    expected = golden.read_bytes().decode("utf-8") if golden.exists() else ""
    if actual == expected:
        return None
    diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                        f"{golden.relative_to(PROJECT_ROOT)} (golden)", "now"))
    missing = "" if golden.exists() else f"{golden.relative_to(PROJECT_ROOT)} does not exist.\n"
    return f"{missing}{diff}\nIf the change is deliberate, run `{REGENERATE}` and review the diff."
