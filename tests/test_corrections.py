"""Corrections of a call's codes by the coordinator: stored apart, kept over re-crawls, rematched,
recorded in the history and exported (CLI `tracker calls set-codes` / `corrections`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlmodel import select

from tests.conftest import Cli
from tracker.calls.corrections import correct_codes
from tracker.clock import PRAGUE
from tracker.sources.ingest import ingest
from tracker.sources.records import CallRecord
from tracker.storage.db import get_engine, init_db, session_scope
from tracker.storage.models import Call, CallChange, CallCorrection, Intention, IntentionMatch

NOW = datetime(2026, 11, 23, tzinfo=PRAGUE)
LATER = datetime(2026, 11, 24, 9, tzinfo=PRAGUE)
CALL = CallRecord(source="opzplus", external_id="03_26_200", title="Podpora sociálních služeb", url="https://www.esfcr.cz/x",
                  programme="OPZ+", eligible_applicants="nestátní neziskové organizace")
HOUSING = ["intentions", "add", "--title", "Startovací byty", "--organization", "Město Frýdlant", "--ico",
           "00262781", "--applicant-type", "obec", "--area", "bydleni", "--budget", "5000000", "--start",
           "2027-06-01", "--end", "2028-06-30"]

pytestmark = pytest.mark.both_backends


def stored(external_id: str = "03_26_200") -> Call:
    with session_scope() as session:
        return session.exec(select(Call).where(Call.external_id == external_id)).one()


def test_a_correction_survives_every_recrawl_and_the_page_still_changes_the_rest(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL], now=NOW)
    assert (stored().applicant_types, stored().areas) == (["nno"], ["socialni-sluzby"])
    with session_scope() as session:
        correct_codes(session, "opzplus", "03_26_200", NOW, ["obec", "nno"], ["bydleni"])
    for record in (CALL, replace(CALL, title="Podpora sociálních služeb II", eligible_applicants="spolky")):
        with session_scope() as session:
            ingest(session, "opzplus", [record], now=LATER)
        call = stored()
        assert (call.applicant_types, call.areas) == (["obec", "nno"], ["bydleni"])
    assert call.title == "Podpora sociálních služeb II"
    with session_scope() as session:
        correction = session.exec(select(CallCorrection)).one()
        assert (correction.classified_applicant_types, correction.classified_areas) == (["nno"], ["socialni-sluzby"])


def test_only_the_corrected_kind_is_fixed_the_other_follows_the_classifier(db) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL], now=NOW)
        correct_codes(session, "opzplus", "03_26_200", NOW, areas=["rodina"])
    with session_scope() as session:
        ingest(session, "opzplus", [replace(CALL, eligible_applicants="obce a kraje")], now=LATER)
    assert (stored().applicant_types, stored().areas) == (["obec", "kraj"], ["rodina"])


def test_cli_sets_codes_rematches_at_once_and_records_the_change(cli: Cli) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL], now=NOW)
    intention = cli.json(*HOUSING, "--json")
    assert cli.json("match", "--json", "--intention", str(intention["id"])) == []
    result = cli.json("calls", "set-codes", "opzplus:03_26_200", "--applicant-type", "obec", "--area", "bydleni",
                      "--area", "rodina", "--json")
    assert result["applicant_types"] == {"before": ["nno"], "after": ["obec"], "corrected": True}
    assert result["areas"] == {"before": ["socialni-sluzby"], "after": ["bydleni", "rodina"], "corrected": True}
    with session_scope() as session:  # matched at once, without a crawl or `tracker match`
        matched = session.exec(select(IntentionMatch).where(IntentionMatch.intention_id == intention["id"])).all()
        assert [m.call_id for m in matched] == [stored().id]
        changes = {c.field: (c.old_value, c.new_value) for c in session.exec(select(CallChange))}
    assert changes == {"applicant_types": ("nno", "obec"), "areas": ("socialni-sluzby", "bydleni, rodina")}
    [row] = cli.json("calls", "--json", "--area", "rodina")
    assert row["evidence"] == {"applicant_types": {"obec": "upraveno ručně"},
                               "areas": {"bydleni": "upraveno ručně", "rodina": "upraveno ručně"}}
    [exported] = cli.json("calls", "corrections", "--json")
    assert exported["call"] == "opzplus:03_26_200" and exported["corrected_at"].startswith("2026-11-23")
    assert exported["eligible_applicants"] == "nestátní neziskové organizace"
    assert any(c["field"] == "areas" for c in cli.json("changes", "--json"))


def test_a_correction_undone_gives_the_classifier_its_codes_back_and_the_next_crawl_reads_afresh(cli: Cli) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL], now=NOW)
    intention = cli.json(*HOUSING, "--json")
    cli.json("calls", "set-codes", "opzplus:03_26_200", "--applicant-type", "obec", "--area", "bydleni", "--json")
    assert [m["call"]["external_id"] for m in cli.json("match", "--json")] == ["03_26_200"]
    undone = cli.json("calls", "set-codes", "opzplus:03_26_200", "--reset", "--json")
    assert undone == {"call": "opzplus:03_26_200", "source": "opzplus", "external_id": "03_26_200",
                      "applicant_types": ["nno"], "areas": ["socialni-sluzby"], "corrected": False}
    assert cli.json("calls", "corrections", "--json") == []
    assert cli.json("match", "--json", "--intention", str(intention["id"])) == []  # rematched at once
    with session_scope() as session:
        history = session.exec(select(CallChange).order_by(CallChange.id))
        changes = [(c.field, c.old_value, c.new_value) for c in history]
    assert changes[-2:] == [("applicant_types", "obec", "nno"), ("areas", "bydleni", "socialni-sluzby")]
    with session_scope() as session:  # the page now names other applicants: the next crawl reads them
        ingest(session, "opzplus", [replace(CALL, eligible_applicants="obce a kraje")], now=LATER)
    [row] = cli.json("calls", "--json")
    assert (row["applicant_types"], row["areas"]) == (["obec", "kraj"], ["socialni-sluzby"])
    assert row["evidence"]["areas"]["socialni-sluzby"] != "upraveno ručně"
    again = cli("calls", "set-codes", "opzplus:03_26_200", "--reset")
    assert again.exit_code == 2 and "error: SOURCE:EXTERNAL_ID: opzplus:03_26_200 has no correction" in again.stderr
    mixed = cli("calls", "set-codes", "opzplus:03_26_200", "--reset", "--area", "rodina")
    assert mixed.exit_code == 2 and "error: --reset: takes no --applicant-type or --area" in mixed.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["opzplus:03_26_200", "--area", "sport"], "error: --area: unknown area 'sport'"),
    (["opzplus:03_26_200", "--applicant-type", "obce"], "error: --applicant-type: unknown applicant type 'obce'"),
    (["opzplus:03_26_200"], "error: --applicant-type: give at least one --applicant-type or --area"),
    (["opzplus:nic", "--area", "bydleni"], "error: SOURCE:EXTERNAL_ID: no call opzplus:nic is stored"),
    (["nowhere", "--area", "bydleni"], "error: SOURCE:EXTERNAL_ID: a call is SOURCE:EXTERNAL_ID"),
])
def test_bad_corrections_exit_2_and_change_nothing(cli: Cli, args: list[str], message: str) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL], now=NOW)
    result = cli("calls", "set-codes", *args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    assert (stored().applicant_types, stored().areas) == (["nno"], ["socialni-sluzby"])
    assert cli.json("calls", "corrections", "--json") == []


def test_calls_keeps_its_listing_and_filters_beside_the_subcommands(cli: Cli) -> None:
    with session_scope() as session:
        ingest(session, "opzplus", [CALL, replace(CALL, external_id="03_26_201", title="Sociální bydlení",
                                                  eligible_applicants="obce")], now=NOW)
    assert [r["external_id"] for r in cli.json("calls", "--json")] == ["03_26_200", "03_26_201"]
    assert [r["external_id"] for r in cli.json("calls", "--json", "--area", "bydleni")] == ["03_26_201"]
    plain = cli("calls")
    assert plain.exit_code == 0 and plain.stdout.splitlines()[-1] == "2 call(s)"
    assert cli("calls", "--state", "nonsense").exit_code == 2


@pytest.mark.sqlite_only  # the old row is written in SQLite's SQL
def test_upgrading_a_0003_database_keeps_its_calls_and_adds_corrections(environment) -> None:
    init_db(revision="0003")
    with get_engine().begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO call (source, external_id, programme, title, state, announced_precision, opens_precision,"
            " closes_precision, until_exhausted, eligible_applicants, applicant_types, areas, url, listed,"
            " missed_runs, first_seen, last_seen, content_hash, search_text) VALUES ('opzplus', '03_25_095',"
            " 'OPZ+', 'Dluhové poradenství', 'open', 'none', 'none', 'none', 0, 'obce', '|obec|', '|dluhy|', 'u',"
            " 1, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00', '', 'dluhove poradenstvi obce')")
    init_db()
    with session_scope() as session:
        correct_codes(session, "opzplus", "03_25_095", NOW, ["nno"])
        session.add(Intention(title="x", organization="y", ico="00262781", applicant_type="nno", areas=["dluhy"],
                              budget_czk=1, start_date=NOW.date(), end_date=NOW.date(), created_at=NOW,
                              updated_at=NOW))
    call = stored("03_25_095")
    assert (call.applicant_types, call.areas, call.title) == (["nno"], ["dluhy"], "Dluhové poradenství")
