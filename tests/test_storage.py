"""Schema, migrations and the ingest rules that keep the call database true."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel, select

from tracker.calls.view import derive_state
from tracker.clock import PRAGUE
from tracker.sources.ingest import CrawlRejected, ingest, record_crawl, start_run
from tracker.sources.records import CallRecord, Origin, PageFailure
from tracker.storage.db import alembic_config, current_revision, get_engine, init_db, session_scope
from tracker.storage.models import Call, CallChange, CallState, Intention, ScrapeRun, StageChange
from tracker.text.czech import DateValue

NOW = datetime(2026, 11, 23, tzinfo=PRAGUE)
DEBT = CallRecord(
    source="opzplus", external_id="03_25_095", title="Dluhové poradenství", url="https://www.esfcr.cz/vyzva-095",
    programme="OPZ+", closes=DateValue.of(2026, 12, 17, 14), eligible_applicants="NNO a obce",
)

pytestmark = pytest.mark.both_backends


def test_init_is_safe_to_run_twice_and_reaches_head(db) -> None:
    init_db()
    init_db()
    assert current_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.mark.sqlite_only  # the old rows are written in SQLite's SQL
def test_upgrading_an_old_database_keeps_its_calls_and_intentions(environment) -> None:
    init_db(revision="0001")
    with get_engine().begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO call (source, external_id, programme, title, state, announced_precision, opens_precision,"
            " closes_precision, until_exhausted, eligible_applicants, applicant_types, areas, url, listed,"
            " missed_runs, first_seen, last_seen, content_hash) VALUES ('opzplus', '03_25_095', 'OPZ+',"
            " 'Dluhové poradenství', 'open', 'none', 'none', 'none', 0, 'obce', '|obec|', '|dluhy|', 'u', 1, 0,"
            " '2026-11-01 00:00:00', '2026-11-01 00:00:00', '')")
        connection.exec_driver_sql(
            "INSERT INTO intention (title, organization, ico, applicant_type, areas, description, budget_czk,"
            " cofinancing_pct, start_date, end_date, programmes, partners, stage, created_at, updated_at)"
            " VALUES ('Dluhová poradna', 'Město', '00262978', 'obec', '|dluhy|', '', 1000000, 0,"
            " '2027-01-01', '2027-12-31', '', '', 'zamer', '2026-11-01 00:00:00', '2026-11-01 00:00:00')")
    init_db()
    with session_scope() as session:
        call = session.exec(select(Call)).one()
        intention = session.exec(select(Intention)).one()
        assert (call.external_id, call.areas) == ("03_25_095", ["dluhy"])
        assert call.search_text == "dluhove poradenstvi obce"  # 0003 folded the text for SQL search
        assert (intention.title, intention.applicant_type, intention.areas) == ("Dluhová poradna", "obec", ["dluhy"])
        session.add(StageChange(intention_id=intention.id, to_stage="priprava", changed_at=NOW))


@pytest.mark.sqlite_only  # the old rows are written in SQLite's SQL
def test_upgrading_a_0003_database_keeps_its_runs_and_knows_which_calls_came_from_plans(environment) -> None:
    init_db(revision="0003")
    columns = ("source, programme, title, state, announced_precision, opens_precision, closes_precision,"
               " until_exhausted, eligible_applicants, applicant_types, areas, url, listed, missed_runs,"
               " first_seen, last_seen, content_hash, search_text, external_id, status_word")
    values = ("'opzplus', 'OPZ+', 'T', 'open', 'none', 'none', 'none', 0, '', '', '', 'u', 1, 0,"
              " '2026-11-01 00:00:00', '2026-11-01 00:00:00', '', ''")
    with get_engine().begin() as connection:
        connection.exec_driver_sql(f"INSERT INTO call ({columns}) VALUES ({values}, '03_26_112', NULL)")
        connection.exec_driver_sql(f"INSERT INTO call ({columns}) VALUES ({values}, '03_27_125', 'planned')")
        connection.exec_driver_sql(
            "INSERT INTO scrape_run (source, started_at, finished_at, outcome, found, new, changed, unchanged,"
            " missing, pages, not_modified, bytes_received, from_samples) VALUES ('opzplus',"
            " '2026-11-01 00:00:00', '2026-11-01 00:01:00', 'ok', 8, 8, 0, 0, 0, 11, 0, 23000, 0)")
    init_db()
    with session_scope() as session:
        origins = {c.external_id: c.origin for c in session.exec(select(Call))}
        run = session.exec(select(ScrapeRun)).one()
    assert origins == {"03_26_112": Origin.DETAIL, "03_27_125": Origin.PLAN}
    assert (run.outcome, run.found, run.bytes_received, run.failed_urls) == ("ok", 8, 23000, [])


def test_migrations_match_the_models(db) -> None:
    with get_engine().connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode(db) -> None:
    with get_engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_dates_come_back_in_prague_time_with_their_precision(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT], now=NOW)
    with session_scope() as session:
        call = session.exec(select(Call)).one()
        assert call.closes_at == datetime(2026, 12, 17, 14, tzinfo=PRAGUE)
        assert call.closes_at.utcoffset().total_seconds() == 3600
        assert call.closes_precision == "datetime"
        assert call.applicant_types == ["obec", "nno"]
        assert call.areas == ["dluhy"]


def test_recrawl_updates_in_place_and_records_each_changed_field(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT], now=NOW)
    moved = replace(DEBT, closes=DateValue.of(2027, 6, 30, 14), allocation_czk=120_000_000)
    with session_scope() as session:
        result = ingest(session, "opzplus", [moved], now=NOW)
    assert (result.new, result.changed) == (0, 1)
    with session_scope() as session:
        assert len(session.exec(select(Call)).all()) == 1
        changes = {c.field: (c.old_value, c.new_value) for c in session.exec(select(CallChange))}
    assert changes == {
        "closes": ("2026-12-17T14:00:00+01:00", "2027-06-30T14:00:00+02:00"),
        "allocation_czk": (None, "120000000"),
    }


def test_an_unchanged_recrawl_changes_nothing(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT], now=NOW)
    with session_scope() as session:
        result = ingest(session, "opzplus", [DEBT], now=NOW)
    assert (result.new, result.changed, result.unchanged) == (0, 0, 1)


def test_a_missing_call_is_kept_and_unlisted_only_after_three_misses(db) -> None:
    other = replace(DEBT, external_id="03_26_112", title="Sociální bydlení")
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT, other], now=NOW)
    for expected_listed in (True, True, False):
        with session_scope() as session:
            ingest(session, "opzplus", [other], now=NOW)
        with session_scope() as session:
            call = session.exec(select(Call).where(Call.external_id == "03_25_095")).one()
            assert call.listed is expected_listed
            assert call.state != CallState.CANCELLED
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT, other], now=NOW)
        call = session.exec(select(Call).where(Call.external_id == "03_25_095")).one()
        assert (call.listed, call.missed_runs) == (True, 0)


def test_a_crawl_that_finds_nothing_where_calls_were_listed_is_rejected(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT], now=NOW)
    with pytest.raises(CrawlRejected), session_scope() as session:
        ingest(session, "opzplus", [], now=NOW)


def test_a_run_with_problems_writes_no_call(db) -> None:
    run_id = start_run("opzplus")
    outcome = record_crawl("opzplus", run_id, [DEBT], ["https://x/: HTTP 500"])
    assert not outcome.ok
    with session_scope() as session:
        assert session.exec(select(Call)).all() == []
        run = session.get(ScrapeRun, run_id)
        assert (run.outcome, run.error) == ("failed", "https://x/: HTTP 500")


def test_the_richest_page_wins_when_one_call_is_read_twice(db) -> None:
    plan = replace(DEBT, origin=Origin.PLAN, closes=DateValue.of(2026, 12, 1), allocation_czk=99, status_word="planned")
    with session_scope() as session:
        ingest(session, "opzplus", [plan, DEBT], now=NOW)
        call = session.exec(select(Call)).one()
        assert call.closes_precision == "datetime" and call.allocation_czk == 99


# --- partial crawls (issue #14) -------------------------------------------------------------------

OTHER = replace(DEBT, external_id="03_26_112", title="Sociální bydlení", url="https://www.esfcr.cz/vyzva-112",
                allocation_czk=450_000_000)
PLAN = replace(DEBT, external_id="03_27_125", title="Podpora rodin", url="https://www.esfcr.cz/harmonogram",
               origin=Origin.PLAN, status_word="planned", closes=DateValue.of(2027, 12, 1))


def rows() -> dict[str, dict]:
    with session_scope() as session:
        return {c.external_id: c.model_dump() for c in session.exec(select(Call))}


def test_a_partial_crawl_leaves_the_call_behind_a_failed_page_exactly_as_stored(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT, OTHER], now=NOW)
    before = rows()
    listing_only = replace(DEBT, origin=Origin.LISTING, title="Výzva 095", closes=DateValue.of(2026, 12, 17))
    newcomer = replace(DEBT, external_id="03_26_130", origin=Origin.LISTING, title="Nová výzva")
    moved = replace(OTHER, closes=DateValue.of(2027, 6, 30, 14))
    failures = [PageFailure("https://www.esfcr.cz/vyzva-095", Origin.DETAIL, "HTTP 500", call="03_25_095"),
                PageFailure("https://www.esfcr.cz/vyzva-130", Origin.DETAIL, "HTTP 500", call="03_26_130")]
    with session_scope() as session:
        run = ingest(session, "opzplus", [listing_only, newcomer, moved], now=NOW, failures=failures)
    assert (run.found, run.new, run.changed, run.unchanged, run.missing) == (1, 0, 1, 0, 0)
    after = rows()
    assert set(after) == {"03_25_095", "03_26_112"}  # a call is first stored from its own page
    assert after["03_25_095"] == before["03_25_095"]


def test_a_partial_crawl_never_lets_a_poorer_page_overwrite_a_richer_one(db) -> None:
    """Even when the failed page did not say which call it was about."""
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT], now=NOW)
    before = rows()
    failure = PageFailure("https://www.esfcr.cz/somewhere", Origin.DETAIL, "HTTP 500")
    with session_scope() as session:
        ingest(session, "opzplus", [replace(DEBT, origin=Origin.LISTING, title="Jinak")], now=NOW,
               failures=[failure])
    assert rows() == before


def test_a_failed_plan_counts_no_planned_call_as_missing_but_still_the_others(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [DEBT, OTHER, PLAN], now=NOW)
    plan_before = rows()["03_27_125"]
    failure = PageFailure("https://www.esfcr.cz/harmonogram", Origin.PLAN, "HTTP 503")
    with session_scope() as session:
        run = ingest(session, "opzplus", [DEBT], now=NOW, failures=[failure])
    assert run.missing == 1
    after = rows()
    assert after["03_27_125"] == plan_before and after["03_27_125"]["origin"] == Origin.PLAN
    assert after["03_26_112"]["missed_runs"] == 1  # gone from a complete listing: counted as before


def test_a_partial_crawl_empties_no_field_but_a_complete_one_does(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [OTHER], now=NOW)
    without = replace(OTHER, allocation_czk=None)
    failure = PageFailure("https://www.esfcr.cz/harmonogram", Origin.PLAN, "HTTP 503")
    with session_scope() as session:
        assert ingest(session, "opzplus", [without], now=NOW, failures=[failure]).unchanged == 1
    assert rows()["03_26_112"]["allocation_czk"] == 450_000_000
    with session_scope() as session:
        assert ingest(session, "opzplus", [without], now=NOW).changed == 1
    assert rows()["03_26_112"]["allocation_czk"] is None


def test_record_crawl_fills_the_run_and_a_page_failure_makes_it_partial(db) -> None:
    run_id = start_run("opzplus")
    failure = PageFailure("https://www.esfcr.cz/harmonogram", Origin.PLAN, "HTTP 503")
    run = record_crawl("opzplus", run_id, [DEBT], [], [failure], pages=3, not_modified=1, bytes_received=2048)
    assert run.partial and not run.ok
    with session_scope() as session:
        stored = session.get(ScrapeRun, run_id)
    assert (stored.outcome, stored.found, stored.new, stored.pages, stored.not_modified, stored.bytes_received) == (
        "partial", 1, 1, 3, 1, 2048)
    assert stored.failed_urls == ["https://www.esfcr.cz/harmonogram"]
    assert stored.error == "https://www.esfcr.cz/harmonogram: HTTP 503"
    assert stored.line().startswith("opzplus: PARTIAL, found 1, new 1, changed 0, unchanged 0, missing 0")


@pytest.mark.sqlite_only  # SQLite's write lock held by another connection
def test_a_busy_database_delays_a_run_and_fails_it_rather_than_losing_it(db, monkeypatch) -> None:
    """An import holding SQLite's write lock past the busy timeout: the crawl's run is still
    started once the lock goes, and a crawl that cannot store its result ends as failed."""
    import sqlite3
    import threading
    import time

    from tracker.storage import db as storage

    get_engine().dispose()
    storage.engine_for.cache_clear()
    monkeypatch.setattr(storage, "SQLITE_BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(get_engine().url.database, isolation_level=None, check_same_thread=False)

    def hold_write_lock(seconds: float) -> threading.Thread:
        blocker.execute("BEGIN IMMEDIATE")
        release = threading.Timer(seconds, lambda: blocker.execute("ROLLBACK"))
        release.start()
        return release

    try:
        hold_write_lock(1.5)
        started = time.monotonic()
        run_id = start_run("opzplus")  # waits for the lock instead of vanishing
        assert time.monotonic() - started >= 1.0

        holder = hold_write_lock(1.5)
        run = record_crawl("opzplus", run_id, [DEBT], [])
        holder.join()
    finally:
        blocker.close()
        get_engine().dispose()
        storage.engine_for.cache_clear()
    assert run.outcome == "failed" and "database is locked" in run.error
    with session_scope() as session:
        assert session.exec(select(Call)).all() == []
        assert session.get(ScrapeRun, run_id).outcome == "failed"


@pytest.mark.parametrize(
    ("word", "opens", "closes", "state"),
    [
        ("Zrušená", DateValue.of(2026, 1, 1), DateValue.of(2027, 1, 1), CallState.CANCELLED),
        ("Otevřená", DateValue.of(2026, 1, 1), DateValue.of(2026, 11, 22), CallState.CLOSED),
        ("Uzavřená", DateValue.of(2026, 1, 1), DateValue.of(2027, 1, 1), CallState.CLOSED),
        (None, DateValue.of(2026, 12, 1), DateValue.of(2027, 1, 1), CallState.PLANNED),
        (None, DateValue.of(2026, 11, 1), DateValue.of(2026, 11, 23), CallState.OPEN),  # closes today: still open
        ("Plánovaná", None, None, CallState.PLANNED),
        ("otevřená", None, None, CallState.OPEN),  # OPZ+ never passes its "Typ výzvy" here
        (None, None, None, CallState.UNKNOWN),
    ],
)
def test_state_follows_dates_and_explicit_words(word, opens, closes, state) -> None:
    assert derive_state(word, opens, closes, NOW) is state
