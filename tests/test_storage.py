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
from tracker.sources.ingest import CrawlRejected, CrawlStats, ingest, record_crawl, start_run
from tracker.sources.records import CallRecord, Origin
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
    outcome = record_crawl("opzplus", run_id, [DEBT], ["https://x/: HTTP 500"], CrawlStats())
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
