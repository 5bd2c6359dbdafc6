"""Hostile input (issue "Nothing a flaky site or a stranger does can freeze, fool, stall or leak the
tracker", section 3): what a site can serve or a stranger can type is bounded and escaped.

Each test feeds a real hostile input — a workbook with a forged link, a ZIP bomb, a formula, a
25,000-row upload — through the real spider, importer, exporter, app page or feed.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta

import icalendar
import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from scrapers.irop import pages as irop
from scrapers.parsing import PageRefused, absolute
from scrapers.workbooks import MAX_ROWS
from tests.conftest import SAMPLES, SEEDS, Cli, SetEnv
from tests.hostile_files import (
    CRLF_LINK,
    CSV_HEADER,
    IROP_WORKBOOK_PATH,
    big_csv,
    irop_workbook,
    many_rows_workbook,
    zip_bomb_workbook,
)
from tracker import clock
from tracker.calls.filters import CallFilter
from tracker.exports import table_bytes
from tracker.feeds.ical import build_feed
from tracker.feeds.ics import escape_text, serialize
from tracker.feeds.server import FeedCache
from tracker.intentions.store import APP_IMPORT_MAX_BYTES, APP_IMPORT_MAX_ROWS, import_csv
from tracker.settings import PROJECT_ROOT, SettingsError
from tracker.sources.crawling import run_crawl
from tracker.sources.ingest import ingest
from tracker.sources.records import CallRecord
from tracker.sources.sample_site import Route, SampleServer
from tracker.storage.db import get_engine, session_scope
from tracker.storage.models import Call, Intention
from tracker.text.display import escape_markdown

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


# --- numbers in an imported CSV are bounded before they are converted ------------------------------


def test_csv_budgets_and_cofinancing_out_of_bounds_are_refused_line_by_line(cli: Cli, tmp_path) -> None:
    path = tmp_path / "zamery.csv"
    path.write_text(CSV_HEADER
                    + "Byty,Obec Hodkovice,00262978,obec,bydleni,1e1000000,15,2027-01-01,2028-12-31\n"
                    + "Poradna,Spolek Naděje,25755277,nno,dluhy,1e20,0,2027-01-01,2027-12-31\n"
                    + "Škola,ZŠ Liberec,00831352,skola,vzdelavani,500000,1e1000000,2027-01-01,2027-12-31\n",
                    encoding="utf-8")
    result = cli("intentions", "import", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "error: line 2: budget_czk: must be a number of CZK",
        "error: line 3: budget_czk: must be a number of CZK",
        "error: line 4: cofinancing_pct: must be a number from 0 to 100",
        "error: nothing was imported",
    ]
    assert cli.json("intentions", "list", "--json") == []


# --- exports: no cell becomes a formula -------------------------------------------------------------

FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)")


def exported_csv(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_exports_of_intentions_carry_no_formula_and_read_back_as_typed(cli: Cli, tmp_path) -> None:
    for n, title in enumerate(FORMULAS):
        cli.json("intentions", "add", "--json", "--title", title, "--organization", "=1+1", "--ico", "00262978",
                 "--applicant-type", "obec", "--area", "bydleni", "--budget", str(1_000_000 * (n + 1)),
                 "--cofinancing", "12.5", "--start", "2027-01-01", "--end", "2027-12-31", "--description", "-1+1")
    assert cli("intentions", "export", str(tmp_path / "zamery.csv")).exit_code == 0
    assert cli("intentions", "export", str(tmp_path / "zamery.xlsx")).exit_code == 0
    rows = exported_csv(tmp_path / "zamery.csv")
    assert [r["title"] for r in rows] == ["'" + title for title in FORMULAS]
    assert {(r["organization"], r["description"], r["budget_czk"]) for r in rows[:1]} == {
        ("'=1+1", "'-1+1", "1000000")}
    sheet = load_workbook(tmp_path / "zamery.xlsx").active
    header = [c.value for c in sheet[1]]
    cells = {name: [row[header.index(name)] for row in sheet.iter_rows(min_row=2)] for name in header}
    assert [c.value for c in cells["title"]] == ["'" + title for title in FORMULAS]
    assert {c.data_type for name in ("title", "organization", "description") for c in cells[name]} == {"s"}
    assert [(c.value, c.data_type) for c in cells["budget_czk"]][:2] == [(1_000_000, "n"), (2_000_000, "n")]
    assert {(c.value, c.data_type) for c in cells["cofinancing_pct"]} == {(12.5, "n")}
    # an export imported again gives back what was typed, not the guard
    assert cli("intentions", "import", str(tmp_path / "zamery.csv")).exit_code == 0
    assert [i["title"] for i in cli.json("intentions", "list", "--json")][4:] == list(FORMULAS)


def test_exports_of_calls_carry_no_formula(db, tmp_path) -> None:
    with session_scope() as session:
        ingest(session, "rsk", [CallRecord(source="rsk", external_id="rsk-666", title=FORMULAS[0],
                                           url="https://www.rsk-lk.cz/aktuality/666-x", programme="IROP",
                                           eligible_applicants=FORMULAS[1])], now=clock.now())
    result = Cli()("export", "calls", str(tmp_path / "vyzvy.xlsx"))
    assert result.exit_code == 0, result.output
    assert Cli()("export", "calls", str(tmp_path / "vyzvy.csv")).exit_code == 0
    [row] = exported_csv(tmp_path / "vyzvy.csv")
    assert (row["title"], row["eligible_applicants"]) == ("'" + FORMULAS[0], "'" + FORMULAS[1])
    sheet = load_workbook(tmp_path / "vyzvy.xlsx").active
    header = [c.value for c in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert (title.value, title.data_type) == ("'" + FORMULAS[0], "s")


def test_numbers_stay_numbers_and_plain_negative_numbers_are_not_guarded() -> None:
    table = [["a", "b", "c", "d"], [-5, -2.5, "-5", "-1-1"]]
    assert table_bytes(table, "csv", "T").decode("utf-8-sig").splitlines()[1] == "-5,-2.5,-5,'-1-1"
    sheet = load_workbook(io.BytesIO(table_bytes(table, "xlsx", "T"))).active
    assert [(c.value, c.data_type) for c in sheet[2]] == [(-5, "n"), (-2.5, "n"), ("-5", "s"), ("'-1-1", "s")]


# --- the app's import: anyone may use it, so it is bounded and starts every intention at "zamer" ----

APP = str(PROJECT_ROOT / "app.py")


def app_import(data: bytes, *, password: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/zamery.py").run()
    if password is not None:
        at.text_input(key="pw_zamery").set_value(password).run()
    at.file_uploader(key="import_csv").set_value(("zamery.csv", data, "text/csv")).run()
    next(b for b in at.button if b.label == "Importovat").click()
    at.run()
    assert not at.exception, at.exception
    return at


def stored_intentions() -> list[Intention]:
    with session_scope() as session:
        return list(session.exec(select(Intention).order_by(Intention.id)))


def shown(elements) -> list[str]:  # noqa: ANN001
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def test_an_upload_of_25000_rows_is_refused_before_anything_is_read_or_written(db) -> None:
    data = big_csv(25_000).encode()
    assert len(data) > APP_IMPORT_MAX_BYTES
    at = app_import(data)
    assert shown(at.error) == [
        "Nic nebylo importováno. Chyby v souboru:",
        f"Soubor má {len(data) / 1e6:.1f} MB; najednou lze importovat nejvýše 1 MB. ".replace(".", ",", 1)
        + "Rozdělte ho prosím na menší části.",
    ]
    assert stored_intentions() == []


def test_an_upload_over_the_row_limit_is_refused_before_any_row_is_validated(db) -> None:
    data = big_csv(APP_IMPORT_MAX_ROWS + 1).encode()
    assert len(data) < APP_IMPORT_MAX_BYTES
    at = app_import(data)
    assert shown(at.error)[1] == ("Soubor má 501 záměrů; najednou lze importovat nejvýše 500. "
                                  "Rozdělte ho prosím na menší části.")
    assert stored_intentions() == []


def test_an_import_is_one_write_transaction_and_matching_comes_after_its_commit(demo_db) -> None:
    """The rows (500, the app's limit) are written in one transaction, holding SQLite's write lock
    only for the inserts; matching them is computed and stored after that commit."""
    engine = get_engine()
    transactions: list[set[str]] = [set()]

    def on_execute(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if written := re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', statement, re.IGNORECASE):
            transactions[-1].add(written.group(1))

    def on_commit(conn) -> None:  # noqa: ANN001
        transactions.append(set())

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "commit", on_commit)
    try:
        imported = import_csv(big_csv(APP_IMPORT_MAX_ROWS), max_rows=APP_IMPORT_MAX_ROWS, keep_stages=False)
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "commit", on_commit)
    assert len(imported.ids) == len(stored_intentions()) == APP_IMPORT_MAX_ROWS
    assert [t for t in transactions if t] == [{"intention", "stage_change"}, {"intention_match"}]


def test_without_the_coordinator_an_import_starts_every_intention_at_zamer(db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "heslo-koordinatora")
    row = "Byty,Obec Hodkovice,00262978,obec,bydleni,5000000,15,2027-01-01,2028-12-31,{stage}\n"
    data = (CSV_HEADER.rstrip("\n") + ",stage\n" + row.format(stage="schvaleno") + row.format(stage="realizace")
            + row.format(stage="zamer")).encode()
    at = app_import(data)
    assert shown(at.success) == ["Importováno záměrů: 3."]
    assert shown(at.info)[-1] == ("Fáze ze souboru nebyla převzata u 2 záměrů: bez hesla koordinátora začíná "
                                  "každý importovaný záměr ve fázi „záměr“.")
    assert [i.stage for i in stored_intentions()] == ["zamer", "zamer", "zamer"]
    app_import(data, password="heslo-koordinatora")  # the coordinator's import keeps them
    assert [i.stage for i in stored_intentions()][3:] == ["schvaleno", "realizace", "zamer"]


def test_the_cli_the_coordinators_tool_keeps_the_stages_of_an_import(cli: Cli, tmp_path) -> None:
    path = tmp_path / "zamery.csv"
    path.write_text(CSV_HEADER.rstrip("\n") + ",stage\n"
                    + "Byty,Obec Hodkovice,00262978,obec,bydleni,5000000,15,2027-01-01,2028-12-31,podano\n",
                    encoding="utf-8")
    assert cli("intentions", "import", str(path)).exit_code == 0
    assert [i["stage"] for i in cli.json("intentions", "list", "--json")] == ["podano"]


# --- scraped and typed text is shown as text: Markdown escaped ----------------------------------------

HOSTILE_TITLE = "[klikni](http://evil) ![x](http://evil/img.png) **tučně**"
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?<!\\)\*\*tu")  # a link or image target, or bold, not escaped


def markdown_shown(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown (bodies and the labels of expanders)."""
    kinds = ("markdown", "caption", "warning", "error", "success", "info", "subheader", "title")
    return [str(e.value) for kind in kinds for e in getattr(at, kind)] + [e.label for e in at.expander]


def test_a_scraped_title_and_id_on_shody_stay_text(demo_db) -> None:
    with session_scope() as session:  # what a crawl of a hostile page stores (it also moves last_seen)
        call = session.exec(select(Call).where(Call.external_id == "IROP-105")).one()
        call.title, call.external_id = HOSTILE_TITLE, "IROP-105 **tučně** [x](http://evil)"
        call.last_seen = clock.now() + timedelta(minutes=1)
        session.add(call)
    Cli()("intentions", "add", *SEEDS["social_housing"])
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/shody.py").run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.expander if "evil" in e.label]
    assert labels == ["60 – IROP IROP\\-105 \\*\\*tučně\\*\\* \\[x\\]\\(http\\://evil\\): "
                      + escape_markdown(HOSTILE_TITLE)]
    assert any("IROP\\-105 \\*\\*tučně" in w.value for w in at.warning)
    assert [text for text in markdown_shown(at) if LIVE_MARKDOWN.search(text)] == []


def test_a_title_typed_into_the_form_is_shown_as_text(db) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("ui/zamery.py").run()
    for key, value in {"i_title": HOSTILE_TITLE, "i_org": "Obec", "i_ico": "00262781", "i_budget": "1000"}.items():
        at.text_input(key=key).set_value(value)
    at.selectbox(key="i_type").set_value("obec")
    at.multiselect(key="i_areas").set_value(["bydleni"])
    at.text_input(key="i_start").set_value("1. 1. 2027")  # dates are typed the Czech way
    at.text_input(key="i_end").set_value("31. 12. 2027")
    next(b for b in at.button if b.label == "Uložit záměr").click()
    at.run()
    assert shown(at.success) == [f"Záměr č. 1 „{HOSTILE_TITLE}“ byl uložen. Jeho shody najdete na stránce Shody."]
    assert [text for text in markdown_shown(at) if LIVE_MARKDOWN.search(text)] == []


# --- the feed: any header or query answers 200, 304 or 400; its cache is bounded in bytes -------------


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize("since", [
    "Sat, 01 Jan 99999999999999999999 00:00:00 GMT",  # OverflowError in the date parser
    "Sat, 01 Jan 10000 00:00:00 GMT",
    "Sat, 01 Jan 2026 00:00:00 +99999999999999999999",
    "yesterday",
])
def test_a_broken_if_modified_since_is_treated_as_absent(feed_url: str, since: str) -> None:
    status, body = http_get(f"{feed_url}/calendar.ics", {"If-Modified-Since": since})
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.both_backends
def test_an_intention_id_beyond_what_the_database_holds_is_a_400(feed_url: str) -> None:
    for value in ("2147483648", "0"):
        status, body = http_get(f"{feed_url}/calendar.ics?intention={value}")
        assert (status, body.decode()) == (400, "Bad request: intention: must be an intention id 1–2147483647\n")
    status, body = http_get(f"{feed_url}/calendar.ics?intention=99999999999999999999")
    assert (status, body.decode()) == (400, "Bad request: intention: must be one intention id, "
                                            "got '99999999999999999999'\n")
    assert http_get(f"{feed_url}/calendar.ics?intention=2147483647")[0] == 400  # in range, but no such intention
    assert http_get(f"{feed_url}/healthz")[0] == 200  # and the server is fine


def test_the_same_areas_in_another_order_are_one_cache_entry(demo_db) -> None:
    cache = FeedCache()
    first = cache.get(CallFilter.parse({"area": "bydleni,dluhy"}))
    assert cache.get(CallFilter.parse({"area": "dluhy,bydleni"})) is first
    assert cache.get(CallFilter.parse({"area": ["dluhy", "bydleni", "dluhy"]})) is first
    assert (cache.misses, len(cache)) == (1, 1)


def test_the_feed_cache_holds_at_most_its_bytes_dropping_the_least_recently_used(demo_db) -> None:
    filters = [CallFilter(areas=(area,)) for area in ("bydleni", "dluhy", "socialni-sluzby", "vzdelavani")]
    sizes = [len(FeedCache().get(flt).body) for flt in filters]
    cache = FeedCache(max_bytes=sizes[0] + sizes[1] + sizes[2] - 1)  # room for two of the first three
    for flt in filters[:3]:
        cache.get(flt)
    assert len(cache) == 2 and cache.size_bytes <= cache.max_bytes
    cache.get(filters[1])  # still cached: no new build
    assert cache.misses == 3
    cache.get(filters[0])  # was dropped first: built again
    assert cache.misses == 4 and cache.size_bytes <= cache.max_bytes
    everything = FeedCache(max_bytes=100).get(CallFilter())  # a feed over the whole budget is served, not kept
    assert everything.body.startswith(b"BEGIN:VCALENDAR")


def test_the_feed_cache_size_is_a_setting(db, setenv: SetEnv) -> None:
    setenv("TRACKER_FEED_CACHE_MB", "8")
    assert FeedCache().max_bytes == 8 * 2**20
    setenv("TRACKER_FEED_CACHE_MB", "0")
    with pytest.raises(SettingsError, match="TRACKER_FEED_CACHE_MB must be a whole number of at least 1"):
        FeedCache()


def test_a_failed_crawls_error_on_zdroje_stays_text(db) -> None:
    """The error quotes the URL a site made the crawler fetch: Markdown in it must not render."""
    with SampleServer({}) as server:  # a site that answers 404 to everything
        run = run_crawl("irop", f"{server.url}/vyzvy?q=**tucne**:red[x]")
    assert run.outcome == "failed" and "HTTP 404" in (run.error or "")
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("ui/zdroje.py").run()
    assert not at.exception, at.exception
    details = [block.value for block in at.code]  # the technical detail, folded away as code, never Markdown
    assert any("**tucne**" in detail and "HTTP 404" in detail for detail in details)
    assert [text for text in markdown_shown(at) if re.search(r"(?<!\\)\*\*tucne", text)] == []
