""""Not for us": a call dismissed for one intention leaves its matches, calendar and digests, survives
rematching, comes back flagged when it changes substantially, and can be restored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import icalendar
import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.conftest import SAMPLES, Cli, add_seed
from tracker.calls.filters import CallFilter
from tracker.calls.view import CallView
from tracker.clock import PRAGUE
from tracker.feeds.ical import build_feed
from tracker.intentions.dismissals import DismissedCall
from tracker.intentions.store import delete_intention
from tracker.sources.crawling import run_crawl
from tracker.sources.sample_site import SampleServer
from tracker.storage.db import get_engine, init_db, session_scope
from tracker.storage.models import Call, Dismissal, Subscription
from tracker.text.czech import DateValue

NOW = datetime(2026, 11, 23, tzinfo=PRAGUE)
DEBT = "opzplus:03_25_095"
MOVED = "uzávěrka posunuta z 17. 12. 2026 14:00 na 30. 6. 2027 14:00"


@pytest.fixture
def opzplus(db) -> Iterator[SampleServer]:
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        assert run_crawl("opzplus", server.url).ok
        yield server


def matched(cli: Cli, intention_id: int) -> dict[str, dict]:
    rows = cli.json("match", "--json", "--intention", str(intention_id))
    return {f"{m['call']['source']}:{m['call']['external_id']}": m for m in rows}


def calendar_uids(intention_id: int) -> set[str]:
    with session_scope() as session:
        body = build_feed(session, CallFilter(intention_id=intention_id), NOW).body
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_a_dismissed_call_leaves_matches_calendar_and_digests_and_survives_rematching(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")["id"]
    assert DEBT in matched(cli, intention)
    assert "opzplus-03_25_095-deadline@vyzvy-tracker" in calendar_uids(intention)
    cli.json("subscriptions", "add", "--email", "poradna@nadeje.cz", "--intention", str(intention), "--confirmed",
             "--json")
    with session_scope() as session:  # let every stored call count as new for this subscription
        session.exec(sa.update(Subscription).values(since_call_id=0))
    assert "03_25_095" in cli("digest", "--dry-run").stdout

    dismissed = cli.json("intentions", "dismiss", str(intention), DEBT, "--reason", "nestihneme", "--json")
    assert (dismissed["reason"], dismissed["reason_cs"], dismissed["changed_since"]) == (
        "nestihneme", "nestihneme se včas připravit", None)
    assert DEBT not in matched(cli, intention)
    assert "opzplus-03_25_095-deadline@vyzvy-tracker" not in calendar_uids(intention)
    assert cli("digest", "--dry-run").stdout == ""  # nothing left for that intention's digest

    # Rematching (a new crawl, the daily job, `tracker match`) keeps it out.
    assert run_crawl("opzplus", opzplus.url).ok
    assert DEBT not in matched(cli, intention) and DEBT not in matched(cli, intention)
    # It stays visible under "Skryté" with its reason.
    [row] = cli.json("intentions", "dismissed", str(intention), "--json")
    assert (row["call"]["external_id"], row["reason"], row["note"], row["changed_since"]) == (
        "03_25_095", "nestihneme", "", None)
    assert row["dismissed_at"] == "2026-11-23T00:00:00+01:00"


def test_a_substantial_change_brings_the_call_back_flagged(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")["id"]
    cli.json("intentions", "dismiss", str(intention), DEBT, "--reason", "jine", "--note", "jiný partner", "--json")
    opzplus.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    assert run_crawl("opzplus", opzplus.url).changed == 1
    back = matched(cli, intention)[DEBT]
    assert "zmenena-po-skryti" in back["flags"]
    assert f"znovu nabídnuto: výzva se od skrytí změnila ({MOVED})" in back["reasons"]
    [row] = cli.json("intentions", "dismissed", str(intention), "--json")
    assert (row["reason_cs"], row["note"], row["changed_since"]) == ("jiný důvod", "jiný partner", MOVED)
    # Dismissed again: the new window is the one remembered, so it stays out.
    cli.json("intentions", "dismiss", str(intention), DEBT, "--reason", "administrativa", "--json")
    assert DEBT not in matched(cli, intention)
    assert [r["changed_since"] for r in cli.json("intentions", "dismissed", str(intention), "--json")] == [None]


@pytest.mark.both_backends
def test_a_restored_call_is_matched_again(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")["id"]
    before = matched(cli, intention)[DEBT]
    cli.json("intentions", "dismiss", str(intention), DEBT, "--reason", "spolufinancovani", "--json")
    result = cli("intentions", "restore", str(intention), DEBT)
    assert result.exit_code == 0 and f"{DEBT} restored" in result.stdout
    assert matched(cli, intention)[DEBT] == before  # no flag: nothing changed
    assert cli.json("intentions", "dismissed", str(intention), "--json") == []
    again = cli("intentions", "restore", str(intention), DEBT)
    assert again.exit_code == 2 and "is not dismissed" in again.stderr


def test_bad_dismissals_are_refused_and_change_nothing(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = str(add_seed(cli, "debt_counselling")["id"])
    for args, where in (((intention, DEBT, "--reason", "drahe"), "--reason"),
                        ((intention, DEBT, "--reason", "jine"), "--note"),
                        ((intention, DEBT, "--reason", "jine", "--note", "x" * 501), "--note"),
                        ((intention, "opzplus:99_99_999", "--reason", "nestihneme"), "SOURCE:EXTERNAL_ID"),
                        ((intention, "nowhere", "--reason", "nestihneme"), "SOURCE:EXTERNAL_ID"),
                        (("999", DEBT, "--reason", "nestihneme"), "--intention")):
        result = cli("intentions", "dismiss", *args)
        assert result.exit_code == 2 and f"error: {where}:" in result.stderr, result.output
    assert cli.json("intentions", "dismissed", intention, "--json") == []
    assert cli("intentions", "dismissed", "999", "--json").exit_code == 2


def test_the_call_an_intention_chose_cannot_be_hidden_from_it(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = str(add_seed(cli, "debt_counselling")["id"])
    cli.json("intentions", "stage", intention, "priprava", "--call", DEBT, "--json")
    result = cli("intentions", "dismiss", intention, DEBT, "--reason", "nestihneme")
    assert result.exit_code == 2
    assert f"error: SOURCE:EXTERNAL_ID: intention {intention} has chosen {DEBT}; move it to another call first" \
        in result.stderr
    assert cli.json("intentions", "dismissed", intention, "--json") == []


def test_deleting_an_intention_deletes_its_dismissals_and_keeps_the_call(opzplus: SampleServer) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")["id"]
    cli.json("intentions", "dismiss", str(intention), DEBT, "--reason", "nestihneme", "--json")
    with session_scope() as session:
        delete_intention(session, intention)
    with session_scope() as session:
        assert session.exec(select(Dismissal)).all() == []
        assert session.exec(select(Call).where(Call.external_id == "03_25_095")).one()


def _view(**changes: object) -> CallView:
    base = dict(id=1, source="irop", external_id="IROP-1", programme="IROP", title="t", specific_objective=None,
                call_kind=None, state="open", announced=None, opens=DateValue.of(2026, 11, 1),
                closes=DateValue.of(2027, 3, 31, 14), until_exhausted=False, allocation_czk=100_000_000,
                eligible_applicants="", applicant_types=(), areas=(), url="", documents_url=None, source_url=None,
                listed=True, missed_runs=0, first_seen=None, last_seen=None, search_text="")
    return CallView(**{**base, **changes})  # type: ignore[arg-type]


def test_what_counts_as_a_substantial_change() -> None:
    dismissed = DismissedCall(call_id=1, reason="mala-alokace", note="", dismissed_at=NOW,
                              opens=DateValue.of(2026, 11, 1), closes=DateValue.of(2027, 3, 31, 14),
                              allocation_czk=100_000_000)
    assert dismissed.change_since(_view()) is None
    assert dismissed.change_since(_view(allocation_czk=90_000_000)) is None  # lower: still not for us
    assert dismissed.change_since(_view(allocation_czk=150_000_000)) == \
        "alokace zvýšena z 100 000 000 Kč na 150 000 000 Kč"
    assert dismissed.change_since(_view(closes=DateValue.of(2027, 4, 30, 14))) == \
        "uzávěrka posunuta z 31. 3. 2027 14:00 na 30. 4. 2027 14:00"
    assert dismissed.change_since(_view(opens=DateValue.of(2027, 1, 1))) == \
        "zahájení příjmu posunuto z 1. 11. 2026 na 1. 1. 2027"


@pytest.mark.sqlite_only
def test_a_0003_database_with_data_upgrades_and_takes_dismissals_and_subscriptions(environment) -> None:
    init_db(revision="0003")
    with get_engine().begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO call (source, external_id, programme, title, state, announced_precision, opens_precision,"
            " closes_precision, until_exhausted, eligible_applicants, applicant_types, areas, url, listed,"
            " missed_runs, first_seen, last_seen, content_hash, search_text) VALUES ('opzplus', '03_25_095', 'OPZ+',"
            " 'Dluhové poradenství', 'open', 'none', 'none', 'none', 0, 'spolky', '|nno|', '|dluhy|', 'u', 1, 0,"
            " '2026-11-01 00:00:00', '2026-11-01 00:00:00', '', 'dluhove poradenstvi spolky')")
        connection.exec_driver_sql(
            "INSERT INTO intention (title, organization, ico, applicant_type, areas, description, budget_czk,"
            " cofinancing_pct, start_date, end_date, programmes, partners, stage, created_at, updated_at)"
            " VALUES ('Dluhová poradna', 'Spolek', '25755277', 'nno', '|dluhy|', '', 1000000, 0,"
            " '2027-01-01', '2027-12-31', '', '', 'zamer', '2026-11-01 00:00:00', '2026-11-01 00:00:00')")
    init_db()
    cli = Cli()
    assert [c["external_id"] for c in cli.json("calls", "--json")] == ["03_25_095"]
    assert DEBT in matched(cli, 1)
    cli.json("intentions", "dismiss", "1", DEBT, "--reason", "neopravneny", "--json")
    assert DEBT not in matched(cli, 1)
    assert cli.json("subscriptions", "add", "--email", "a@b.cz", "--intention", "1", "--confirmed", "--json")
