"""The one record every source's parser produces, whatever the site looks like, and the one
record of a page that did not load."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import IntEnum

from tracker.text.czech import DateValue


class Origin(IntEnum):
    """Where on a site a record was read; a richer page wins when one call is read twice."""

    PLAN = 1  # a harmonogram row or workbook
    LISTING = 2  # a line in the listing of calls
    DETAIL = 3  # the call's own page


@dataclass(frozen=True)
class CallRecord:
    source: str
    external_id: str
    title: str
    url: str
    origin: Origin = Origin.DETAIL
    programme: str = ""
    specific_objective: str | None = None
    call_kind: str | None = None
    call_mode: str | None = None
    status_word: str | None = None
    announced: DateValue | None = None
    opens: DateValue | None = None
    closes: DateValue | None = None
    until_exhausted: bool = False
    allocation_czk: int | None = None
    eligible_applicants: str = ""
    area_text: str = ""  # further text that says what the call is about (activities, prose)
    documents_url: str | None = None
    source_url: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PageFailure:
    """A page of a crawl that did not load (an HTTP error after retries, a time-out, a cut connection).

    On a call's own page (``DETAIL``) or a plan (``PLAN``) it makes the run partial: the calls it
    would have told about are kept as stored. ``call`` is the call's external id when the page
    that linked to it said so."""

    url: str
    page: Origin
    reason: str
    call: str | None = None

    def line(self) -> str:
        return f"{self.url}: {self.reason}"


def merge_records(records: list[CallRecord]) -> list[CallRecord]:
    """One record per call: the richest origin wins, gaps are filled from the others."""
    by_key: dict[str, CallRecord] = {}
    for record in sorted(records, key=lambda r: -r.origin):
        kept = by_key.get(record.external_id)
        if kept is None:
            by_key[record.external_id] = record
            continue
        gaps = {
            f.name: getattr(record, f.name)
            for f in fields(CallRecord)
            if getattr(kept, f.name) in (None, "") and getattr(record, f.name) not in (None, "")
        }
        if gaps:
            by_key[record.external_id] = replace(kept, **gaps)
    return list(by_key.values())
