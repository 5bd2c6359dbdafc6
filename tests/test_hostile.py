"""Hostile input (issue "Nothing a flaky site or a stranger does can freeze, fool, stall or leak the
tracker", section 3): what a site can serve or a stranger can type is bounded and escaped.

Each test feeds a real hostile input — a workbook with a forged link, a ZIP bomb, a formula, a
25,000-row upload — through the real spider, importer, exporter, app page or feed.
"""

from __future__ import annotations

import io
import zipfile

import icalendar
import pytest
from openpyxl import load_workbook
from sqlmodel import select

from scrapers.irop import pages as irop
from scrapers.parsing import PageRefused, absolute
from scrapers.workbooks import MAX_ROWS
from tests.conftest import SAMPLES
from tests.hostile_files import (
    CRLF_LINK,
    IROP_WORKBOOK_PATH,
    irop_workbook,
    many_rows_workbook,
    zip_bomb_workbook,
)
from tracker import clock
from tracker.calls.filters import CallFilter
from tracker.feeds.ical import build_feed
from tracker.feeds.ics import escape_text, serialize
from tracker.sources.crawling import run_crawl
from tracker.sources.sample_site import Route, SampleServer
from tracker.storage.db import session_scope
from tracker.storage.models import Call

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IROP = "https://irop.gov.cz"

# --- links: only http(s), normalised, never with a control character ------------------------------


@pytest.mark.parametrize(("href", "expected"), [
    ("/cs/vyzvy-2021-2027/vyzvy/120vyzvairop", IROP + "/cs/vyzvy-2021-2027/vyzvy/120vyzvairop"),
    ("  HTTPS://IROP.GOV.CZ/cs/výzvy?q=sociální bydlení ", "https://irop.gov.cz/cs/v%C3%BDzvy?q=soci%C3%A1ln%C3%AD%20bydlen%C3%AD"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("mailto:podatelna@mmr.gov.cz", None),
    ("file:///etc/passwd", None),
    ("https://irop.gov.cz/a\r\nBEGIN:VEVENT", None),
    ("https://irop.gov.cz/a\x00b", None),
    ("http://[::1", None),
    ("", None),
])
def test_a_link_is_an_absolute_http_url_or_nothing(href: str, expected: str | None) -> None:
    assert absolute(IROP + "/cs/vyzvy-2021-2027", href) == expected


def test_a_workbook_link_with_cr_lf_is_no_link() -> None:
    [call, _] = irop.parse_calendar(irop_workbook(CRLF_LINK), IROP + IROP_WORKBOOK_PATH)
    assert call.external_id == "IROP-127"
    assert call.url == IROP + IROP_WORKBOOK_PATH  # the workbook itself, as for a row without a link


def test_the_writer_keeps_every_control_character_out_of_the_stream() -> None:
    assert escape_text("a\x00b\x07c\x1bd\x7fe\tf\r\ng") == "abcde\tf\\ng"
    body = serialize(["BEGIN:VEVENT", "URL:https://x.cz/\r\nBEGIN:VEVENT\x0b", "END:VEVENT"])
    assert body == b"BEGIN:VEVENT\r\nURL:https://x.cz/BEGIN:VEVENT\r\nEND:VEVENT\r\n"


def test_a_forged_link_in_a_crawled_workbook_adds_no_event_to_the_feed(db) -> None:
    """The real IROP spider crawls the samples with a workbook whose link hides CR/LF and a whole event."""
    with SampleServer.from_directory(SAMPLES / "irop") as server:
        server.set(IROP_WORKBOOK_PATH, Route(body=irop_workbook(CRLF_LINK), content_type=XLSX))
        summary = run_crawl("irop", server.url)
        assert summary.ok, summary.error
        workbook_url = server.url + IROP_WORKBOOK_PATH
    with session_scope() as session:
        stored = session.exec(select(Call).where(Call.external_id == "IROP-127")).one()
        assert (stored.url, stored.title) == (workbook_url, "Sociální bydlení III.")
        body = build_feed(session, CallFilter(sources=("irop",)), clock.now()).body
    assert b"evil" not in body
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(
        f"irop-IROP-{n}-{kind}@vyzvy-tracker"
        for n, kind in ((98, "deadline"), (105, "deadline"), (111, "deadline"), (120, "deadline"),
                        (126, "deadline"), (126, "opening"), (127, "deadline"), (127, "opening"),
                        (128, "deadline"), (128, "opening")))
    assert str(events["irop-IROP-127-deadline@vyzvy-tracker"]["URL"]) == workbook_url


# --- workbooks: a ZIP bomb is refused before it is unpacked ---------------------------------------


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked() -> None:
    bomb = zip_bomb_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    assert len(bomb) < 200_000 and sheet.file_size > 25_000_000  # ~100 kB that unpack to ~27 MB
    with pytest.raises(PageRefused, match=r"would unpack to 25\.\d MB .*ZIP bomb"):
        irop.parse_calendar(bomb, IROP + IROP_WORKBOOK_PATH)


def test_a_highly_compressed_sheet_under_the_size_limit_is_refused_by_its_ratio() -> None:
    with pytest.raises(PageRefused, match=r"sheet1\.xml in the workbook packs 9\.\d MB into \d+ bytes"):
        irop.parse_calendar(zip_bomb_workbook(rows=150_000), IROP + IROP_WORKBOOK_PATH)


def test_a_workbook_with_too_many_rows_is_refused() -> None:
    with pytest.raises(PageRefused, match=f"over {MAX_ROWS} rows"):
        irop.parse_calendar(many_rows_workbook(MAX_ROWS + 1), IROP + IROP_WORKBOOK_PATH)


def test_a_sheet_claiming_a_million_rows_by_its_numbering_is_refused() -> None:
    workbook = load_workbook(io.BytesIO(irop_workbook("https://irop.gov.cz/")))
    workbook.active["A1048576"] = "konec"
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(PageRefused, match=f"over {MAX_ROWS} rows"):
        irop.parse_calendar(out.getvalue(), IROP + IROP_WORKBOOK_PATH)


def test_a_zip_bomb_served_by_a_site_fails_that_page_with_a_clear_problem(db) -> None:
    with SampleServer.from_directory(SAMPLES / "irop") as server:
        server.set(IROP_WORKBOOK_PATH, Route(body=zip_bomb_workbook(), content_type=XLSX))
        summary = run_crawl("irop", server.url)
    assert not summary.ok
    assert f"page refused: {server.url}{IROP_WORKBOOK_PATH}: the workbook would unpack to" in summary.error
    assert "ZIP bomb" in summary.error
