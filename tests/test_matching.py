"""Matching intentions with calls, and the pipeline they move through."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from tests.conftest import SEEDS, Cli, add_seed
from tracker.calls.view import CallView
from tracker.clock import PRAGUE
from tracker.intentions.matching import (
    FLAG_NOT_READY,
    FLAG_OVER_ALLOCATION,
    FLAG_PLANNED,
    FLAG_VERIFY,
    CallIndex,
    IntentionFacts,
    ready_at,
)
from tracker.settings import get_settings
from tracker.sources.ingest import record_crawl, start_run
from tracker.sources.records import CallRecord
from tracker.storage.db import session_scope
from tracker.storage.models import CallState, IntentionMatch
from tracker.text.czech import DateValue, Precision

NOW = datetime(2026, 11, 23, tzinfo=PRAGUE)


pytestmark = pytest.mark.both_backends


def add(cli: Cli, seed: str) -> int:
    return add_seed(cli, seed)["id"]


def call_ids(matches: list[dict]) -> list[str]:
    return [f"{m['call']['source']}:{m['call']['external_id']}" for m in matches]


def facts(external_id: str, *, state: CallState = CallState.OPEN, types: tuple[str, ...] = ("obec",),
          areas: tuple[str, ...] = ("bydleni",), programme: str = "IROP", closes: DateValue | None = None,
          opens: DateValue | None = None, allocation: int | None = None, call_id: int = 1) -> CallView:
    return CallView(
        id=call_id, source="irop", external_id=external_id, title=f"Výzva {external_id}", programme=programme,
        specific_objective=None, call_kind=None, state=state, announced=None, opens=opens,
        closes=closes or DateValue.of(2027, 3, 31, 14), until_exhausted=False, allocation_czk=allocation,
        eligible_applicants="", applicant_types=types, areas=areas, url="https://x", documents_url=None,
        source_url=None, listed=True, missed_runs=0, first_seen=NOW, last_seen=NOW, search_text="",
    )


def intention(applicant_type: str = "obec", areas: tuple[str, ...] = ("bydleni",), programmes: tuple[str, ...] = (),
              budget: int = 1_000_000, stage: str = "priprava") -> IntentionFacts:
    return IntentionFacts(id=1, applicant_type=applicant_type, areas=areas,
                          programmes=frozenset(p.lower().replace(" ", "") for p in programmes),
                          budget_czk=budget, stage=stage)


# --- the seeds from the minutes, against the crawled sample data ---------------------------------


def test_the_regional_mobile_team_finds_the_opz_mobile_team_call_first(demo_cli: Cli) -> None:
    intention_id = add(demo_cli, "mobile_team")
    matches = demo_cli.json("match", "--json", "--intention", str(intention_id))
    assert call_ids(matches) == ["opzplus:03_26_108", "opzplus:03_27_120"]
    best = matches[0]
    assert best["intention_id"] == intention_id
    assert best["call"]["closes_at"] == "2027-03-31T12:00:00+02:00"
    assert best["reasons"][:3] == ["oprávněný žadatel: kraj", "oblast: sociální služby", "preferovaný program: OPZ+"]
    assert "uzávěrka za 128 dní (31. 3. 2027 12:00)" in best["reasons"]
    planned = matches[1]
    assert FLAG_PLANNED in planned["flags"]
    assert "plánovaná výzva, zahájení příjmu orientačně březen 2027" in planned["reasons"]
    assert planned["score"] < best["score"]


def test_a_municipality_sees_housing_calls_it_may_apply_to_with_warnings(demo_cli: Cli) -> None:
    matches = demo_cli.json("match", "--json", "--intention", str(add(demo_cli, "social_housing")))
    assert set(call_ids(matches)) == {"rsk:rsk-904", "opzplus:03_26_112", "irop:IROP-127", "rsk:rsk-902",
                                      "irop:IROP-105"}
    by_id = dict(zip(call_ids(matches), matches))
    # IROP-105 closes in 9 days; an intention still at "zamer" needs 30 days of preparation.
    assert FLAG_NOT_READY in by_id["irop:IROP-105"]["flags"]
    assert "uzávěrka za 9 dní (2. 12. 2026 14:00)" in by_id["irop:IROP-105"]["reasons"]
    # The regional programme's whole allocation is below the budget.
    assert FLAG_OVER_ALLOCATION in by_id["rsk:rsk-902"]["flags"]
    assert ("pozor: rozpočet 30 000 000 Kč převyšuje alokaci výzvy 15 000 000 Kč"
            in by_id["rsk:rsk-902"]["reasons"])
    flagged = {"irop:IROP-105", "rsk:rsk-902"}
    assert max(m["score"] for m in matches if call_ids([m])[0] in flagged) < min(
        m["score"] for m in matches if call_ids([m])[0] not in flagged)


def test_an_ngo_gets_the_debt_call_but_not_a_programme_closed_to_ngos(demo_cli: Cli) -> None:
    matches = demo_cli.json("match", "--json", "--intention", str(add(demo_cli, "debt_counselling")))
    assert call_ids(matches) == ["opzplus:03_25_095"]
    assert matches[0]["score"] == 100
    assert matches[0]["reasons"][:2] == ["oprávněný žadatel: nestátní nezisková organizace", "oblast: dluhy"]
    # rsk-902 covers debts too, but only municipalities and social-service providers may apply.


def test_a_school_is_never_offered_closed_calls(demo_cli: Cli) -> None:
    matches = demo_cli.json("match", "--json", "--intention", str(add(demo_cli, "school_inclusion")))
    # rsk-901 (community centres) names schools among its applicants, but education is not its purpose
    assert call_ids(matches) == ["irop:IROP-128"]
    closed = {"rsk:rsk-905", "opzplus:03_24_060", "irop:IROP-98"}  # inclusive-education calls of 2025
    assert not closed & set(call_ids(matches))


def test_no_match_is_ever_closed_cancelled_or_ineligible(demo_cli: Cli) -> None:
    for seed in SEEDS:
        add(demo_cli, seed)
    calls = {f"{c['source']}:{c['external_id']}": c for c in demo_cli.json("calls", "--json")}
    intentions = {i["id"]: i for i in demo_cli.json("intentions", "list", "--json")}
    matches = demo_cli.json("match", "--json")
    assert {m["intention_id"] for m in matches} == set(intentions)
    for m in matches:
        call = calls[call_ids([m])[0]]
        assert call["state"] in ("open", "planned")
        assert intentions[m["intention_id"]]["applicant_type"] in call["applicant_types"]
        assert set(intentions[m["intention_id"]]["areas"]) & set(call["areas"])


def test_matches_are_stored_on_add_and_a_failed_crawl_leaves_them(demo_db) -> None:
    cli = Cli()
    intention_id = add(cli, "debt_counselling")
    outcome = record_crawl("opzplus", start_run("opzplus"), [], ["HTTP 503 on the listing"])
    assert not outcome.ok
    with session_scope() as session:
        stored = session.exec(select(IntentionMatch)).all()
    assert [(m.intention_id, m.rank) for m in stored] == [(intention_id, 1)]


def test_a_successful_crawl_recomputes_matches(db) -> None:
    cli = Cli()
    intention_id = add(cli, "debt_counselling")
    assert cli.json("match", "--json", "--intention", str(intention_id)) == []
    record = CallRecord(source="opzplus", external_id="03_26_130", title="Výzva 130 - Dluhové poradenství II",
                        url="https://www.esfcr.cz/vyzva-130", programme="OPZ+", opens=DateValue.of(2026, 11, 1),
                        closes=DateValue.of(2027, 1, 15, 14), eligible_applicants="nestátní neziskové organizace")
    assert record_crawl("opzplus", start_run("opzplus"), [record], []).ok
    with session_scope() as session:
        stored = session.exec(select(IntentionMatch)).all()
    assert [(m.intention_id, m.rank, m.score) for m in stored] == [(intention_id, 1, 100)]


# --- scoring rules, on calls built in memory -------------------------------------------------------


def test_a_call_whose_applicants_were_not_recognised_is_shown_for_manual_check_and_ranked_lower() -> None:
    index = CallIndex([facts("known", call_id=1), facts("unknown", types=(), call_id=2)], NOW,
                      replace(get_settings(), preparation_days=0))
    known, unknown = index.match(intention())
    assert (known.call.external_id, unknown.call.external_id) == ("known", "unknown")
    assert FLAG_VERIFY in unknown.flags and FLAG_VERIFY not in known.flags
    assert unknown.reasons[0].startswith("ověřte oprávněnost ručně")
    assert unknown.score < known.score


@pytest.mark.parametrize("state", [CallState.CLOSED, CallState.CANCELLED])
def test_closed_and_cancelled_calls_are_not_indexed(state: CallState) -> None:
    assert CallIndex([facts("x", state=state)], NOW).match(intention()) == []


def test_a_call_for_other_applicants_or_other_areas_is_not_offered() -> None:
    index = CallIndex([facts("for-ngos", types=("nno",)), facts("education", areas=("vzdelavani",))], NOW)
    assert index.match(intention()) == []


def test_a_preferred_programme_ranks_higher() -> None:
    index = CallIndex([facts("irop", programme="IROP", call_id=1), facts("opz", programme="OPZ+", call_id=2)], NOW)
    ranked = index.match(intention(programmes=("opz +",)))
    assert [m.call.external_id for m in ranked] == ["opz", "irop"]
    assert "preferovaný program: OPZ+" in ranked[0].reasons


def test_planned_calls_rank_by_how_precisely_their_dates_are_known() -> None:
    rough = facts("rough", state=CallState.PLANNED, opens=DateValue(datetime(2027, 4, 1, tzinfo=PRAGUE),
                                                                      Precision.QUARTER), call_id=1)
    exact = facts("exact", state=CallState.PLANNED, opens=DateValue.of(2027, 2, 1), call_id=2)
    ranked = CallIndex([rough, exact], NOW).match(intention())
    assert [m.call.external_id for m in ranked] == ["exact", "rough"]
    assert "plánovaná výzva, zahájení příjmu orientačně 2. čtvrtletí 2027" in ranked[1].reasons


def test_only_the_best_few_are_kept_soonest_deadline_first_among_equals() -> None:
    calls = [facts(f"c{day:02d}", closes=DateValue.of(2027, 1, day, 14), call_id=day) for day in range(1, 31)]
    ranked = CallIndex(calls, NOW, replace(get_settings(), matches_per_intention=3)).match(intention())
    assert [m.call.external_id for m in ranked] == ["c01", "c02", "c03"]



def test_scores_at_or_below_one_all_count_as_one_and_the_sooner_deadline_comes_first() -> None:
    def hopeless(external_id: str, areas: tuple[str, ...], days: int, call_id: int) -> CallView:
        return facts(external_id, state=CallState.UNKNOWN, types=(), areas=areas, allocation=1_000_000,
                     closes=DateValue(NOW + timedelta(days=days), Precision.DATETIME), call_id=call_id)

    # Unverified (15), state unknown (3), not ready (-25), over the allocation (-20), and a third (10)
    # or two thirds (20) of the intention's areas: -17 and -7.
    later = hopeless("later", ("bydleni", "dluhy"), 10, 1)
    sooner = hopeless("sooner", ("bydleni",), 5, 2)
    found = CallIndex([later, sooner], NOW).match(intention(areas=("bydleni", "dluhy", "zamestnanost"),
                                                           budget=50_000_000, stage="zamer"))
    assert [(m.call.external_id, m.score) for m in found] == [("sooner", 1), ("later", 1)]

def test_the_index_ranks_scores_and_flags_as_a_plain_loop_over_every_call() -> None:
    """Random calls and intentions against the bench's plain loop (the rules applied call by call):
    few calls (fewer than the limit), many (a partial sort), low scores (all count as 1, then the
    soonest deadline), intentions of several areas (a call shared by two of them comes once)."""
    from bench.baselines import naive_match

    rng = random.Random(2027)
    settings = get_settings()
    for count in (3, 40, 600):
        calls = [random_call(rng, n) for n in range(1, count + 1)]
        intentions = [random_intention(rng, n) for n in range(1, 80)]
        index = CallIndex(calls, NOW)
        expected = naive_match(index.calls, intentions, NOW, preparation_days=settings.preparation_days,
                               limit=settings.matches_per_intention)
        for facts_ in intentions:
            found = index.match(facts_)
            assert [(m.call.id, m.score) for m in found] == expected[facts_.id]
            ready = ready_at(facts_.stage, NOW, settings.preparation_days).timestamp()
            for m in found:
                deadline = m.call.closes.end.timestamp() if m.call.closes else math.inf
                allocation = math.inf if m.call.allocation_czk is None else m.call.allocation_czk
                assert m.flags == tuple(flag for flag, holds in (
                    (FLAG_VERIFY, not m.call.applicant_types), (FLAG_PLANNED, m.call.state is CallState.PLANNED),
                    (FLAG_NOT_READY, deadline <= ready), (FLAG_OVER_ALLOCATION, facts_.budget_czk > allocation),
                ) if holds)


def random_call(rng: random.Random, call_id: int) -> CallView:
    state = rng.choice([CallState.OPEN, CallState.PLANNED, CallState.UNKNOWN])
    closes = rng.choice([None, DateValue(NOW + timedelta(days=rng.randint(1, 400)), rng.choice(list(Precision)[:4]))])
    opens = DateValue.of(2027, rng.randint(1, 12)) if state is CallState.PLANNED and rng.random() < 0.7 else None
    made = facts(f"c{call_id}", state=state, types=tuple(rng.sample(["obec", "nno", "kraj"], rng.randint(0, 2))),
                 areas=tuple(rng.sample(["bydleni", "dluhy", "zamestnanost", "vzdelavani"], rng.randint(1, 3))),
                 programme=rng.choice(["IROP", "OPZ+", "ITI"]), opens=opens,
                 allocation=rng.choice([None, rng.randint(1, 40) * 1_000_000]), call_id=call_id)
    return replace(made, closes=closes)  # facts() gives a call without a deadline one


def random_intention(rng: random.Random, intention_id: int) -> IntentionFacts:
    made = intention(applicant_type=rng.choice(["obec", "nno", "kraj", "skola"]),
                     areas=tuple(rng.sample(["bydleni", "dluhy", "zamestnanost", "vzdelavani"], rng.randint(1, 3))),
                     programmes=tuple(rng.sample(["IROP", "OPZ+"], rng.randint(0, 2))),
                     budget=rng.randint(1, 50) * 1_000_000, stage=rng.choice(["zamer", "priprava"]))
    return replace(made, id=intention_id)

# --- the pipeline ---------------------------------------------------------------------------------


def test_an_intention_moves_through_the_stages_with_dated_history(demo_cli: Cli) -> None:
    intention_id = str(add(demo_cli, "debt_counselling"))
    demo_cli.json("intentions", "stage", intention_id, "podano", "--call", "opzplus:03_25_095", "--json")
    demo_cli.json("intentions", "stage", intention_id, "schvaleno", "--json")
    moved = demo_cli.json("intentions", "stage", intention_id, "realizace", "--json")
    assert moved["stage"] == "realizace"
    assert [(h["from"], h["to"], h["call"]) for h in moved["history"]] == [
        (None, "priprava", None),
        ("priprava", "podano", "opzplus:03_25_095"),
        ("podano", "schvaleno", "opzplus:03_25_095"),
        ("schvaleno", "realizace", "opzplus:03_25_095"),
    ]
    assert all(h["changed_at"].startswith("2026-11-23") for h in moved["history"])
    assert demo_cli.json("intentions", "list", "--json")[0]["stage"] == "realizace"


def test_submitting_to_a_call_that_takes_no_applications_yet_is_kept_with_a_warning(demo_cli: Cli) -> None:
    intention_id = str(add(demo_cli, "debt_counselling"))
    planned = demo_cli("intentions", "stage", intention_id, "podano", "--call", "irop:IROP-127")
    assert planned.exit_code == 0 and "is now at podano (call irop:IROP-127)" in planned.stdout
    assert "warning: call irop:IROP-127 is planned now, not open" in planned.stderr
    other = str(add(demo_cli, "debt_counselling"))
    opened = demo_cli("intentions", "stage", other, "podano", "--call", "opzplus:03_25_095")
    assert opened.exit_code == 0 and "warning" not in opened.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["1", "ukonceno"], "cannot move from zamer to ukonceno"),
    (["1", "hotovo"], "unknown stage 'hotovo'"),
    (["99", "priprava"], "no intention with id 99"),
    (["1", "priprava", "--call", "opzplus:00_00_000"], "no call opzplus:00_00_000 is stored"),
    (["1", "priprava", "--call", "03_25_095"], "a call is SOURCE:EXTERNAL_ID"),
])
def test_a_refused_stage_move_exits_2_and_changes_nothing(demo_cli: Cli, args: list[str], message: str) -> None:
    add(demo_cli, "school_inclusion")
    result = demo_cli("intentions", "stage", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert demo_cli.json("intentions", "history", "1", "--json") == [
        {"from": None, "to": "zamer", "call": None, "changed_at": "2026-11-23T00:00:00+01:00"}]


def test_match_for_an_unknown_intention_is_bad_input(demo_cli: Cli) -> None:
    result = demo_cli("match", "--intention", "7")
    assert result.exit_code == 2
    assert "no intention with id 7" in result.stderr


def test_the_overview_counts_and_lists_what_needs_attention(demo_cli: Cli) -> None:
    for seed in SEEDS:
        add(demo_cli, seed)
    result = demo_cli.json("overview", "--json")
    assert result["by_stage"]["zamer"] == 2 and result["by_stage"]["priprava"] == 2
    assert result["by_area"] == {"bydleni": 1, "dluhy": 1, "socialni-sluzby": 1, "vzdelavani": 1}
    assert result["by_programme"] == {"OPZ+": 2, "neurčeno": 2}
    # The housing intention's best open call is rsk-902 (72 days), not IROP-105 (9 days, flagged).
    assert [(r["title"], r["call"]["external_id"], r["days_left"]) for r in result["closing_soon"]] == [
        ("Dluhová poradna", "03_25_095", 24)]
    assert [r["title"] for r in result["without_open_call"]] == ["Inkluzivní škola"]


def test_deleting_an_intention_removes_its_matches_and_history(demo_cli: Cli) -> None:
    from tracker.intentions.store import delete_intention
    from tracker.storage.models import StageChange

    intention_id = add(demo_cli, "mobile_team")
    with session_scope() as session:
        delete_intention(session, intention_id)
    with session_scope() as session:
        assert session.exec(select(IntentionMatch)).all() == []
        assert session.exec(select(StageChange)).all() == []
    assert demo_cli.json("intentions", "list", "--json") == []


def test_rematch_keeps_the_rows_of_intentions_whose_matches_did_not_change(demo_cli: Cli) -> None:
    """After a crawl that changed nothing, no stored match is rewritten; each day's first rematch
    rewrites them all, because their reasons count the days left."""
    from tracker.intentions.matching import rematch

    for seed in ("debt_counselling", "social_housing"):
        add(demo_cli, seed)

    def stored() -> dict[int, set[datetime]]:
        """When each intention's stored matches were written."""
        with session_scope() as session:
            rows = session.exec(select(IntentionMatch)).all()
        return {i: {r.computed_at for r in rows if r.intention_id == i} for i in {r.intention_id for r in rows}}

    before = stored()
    with session_scope() as session:
        results = rematch(session, NOW)
    assert stored() == before and all(results.values())
    assert results[1][0].reasons[:2] == ("oprávněný žadatel: nestátní nezisková organizace", "oblast: dluhy")
    with session_scope() as session:
        rematch(session, NOW + timedelta(days=1))
    assert stored() == {i: {NOW + timedelta(days=1)} for i in before}
