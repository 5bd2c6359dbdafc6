"""One call filter for every surface: parsed once, one canonical query string, and the same answer
in SQL as in memory."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli
from tracker import clock
from tracker.calls.filters import FILTER_KEYS, CallFilter
from tracker.calls.queries import select_calls
from tracker.calls.view import CallView
from tracker.errors import UserError
from tracker.intentions.store import intention_calls
from tracker.sources.registry import SOURCE_CODES
from tracker.storage.db import session_scope
from tracker.text.classify import APPLICANT_CODES, AREA_CODES

pytestmark = pytest.mark.both_backends


def test_the_same_filter_always_gives_the_same_query_string() -> None:
    one = CallFilter.parse({"area": ["dluhy", "bydleni"], "applicant_type": "obec", "state": "open,open"})
    other = CallFilter.parse({"state": ["open"], "applicant_type": ["obec"], "area": "bydleni,dluhy"})
    assert one == other
    assert one.query_string() == other.key == "applicant_type=obec&area=bydleni,dluhy&state=open"


def test_a_query_string_round_trips() -> None:
    flt = CallFilter(sources=("irop",), areas=("bydleni",), closes_from=date(2027, 1, 1),
                     closes_to=date(2027, 6, 30), search="sociální  bydlení & co", intention_id=7)
    query = flt.query_string()
    assert query == ("area=bydleni&closes_from=2027-01-01&closes_to=2027-06-30&intention=7"
                     "&search=soci%C3%A1ln%C3%AD%20bydlen%C3%AD%20%26%20co&source=irop")
    assert CallFilter.from_query_string(query) == flt
    assert CallFilter().query_string() == "" and not CallFilter() and flt


@pytest.mark.parametrize(("params", "field"), [
    ({"area": "vesmir"}, "area"),
    ({"aera": "bydleni"}, "aera"),
    ({"intention": ["1", "2"]}, "intention"),
    ({"intention": "0"}, "intention"),
    ({"closes_from": "1. 1. 2027"}, "closes_from"),
    ({"search": "x" * 201}, "search"),
])
def test_a_bad_value_is_one_user_error_naming_its_field(params, field) -> None:
    with pytest.raises(UserError) as refused:
        CallFilter.parse(params)
    assert refused.value.field == field and refused.value.cs


def queries() -> st.SearchStrategy[CallFilter]:
    def some(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
        return st.lists(st.sampled_from(values), max_size=3).map(tuple)

    days = st.one_of(st.none(), st.dates(date(2026, 10, 1), date(2027, 12, 31)))
    return st.builds(
        lambda sources, areas, types, states, start, end, search: CallFilter(
            sources=sources, areas=areas, applicant_types=types, states=states, search=search,
            closes_from=min(start, end) if start and end else start,
            closes_to=max(start, end) if start and end else end),
        some(SOURCE_CODES), some(AREA_CODES), some(APPLICANT_CODES),
        some(("open", "planned", "closed", "cancelled", "unknown")), days, days,
        st.sampled_from(["", "obce", "OBCÍ", "sociální", "bydlení", "irop", "%", "_", "zzz"]),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flt=queries())
def test_sql_and_memory_agree_on_every_filter(demo_db, flt: CallFilter) -> None:
    now = clock.now()
    with session_scope() as session:
        everything = select_calls(session, CallFilter(), now)
        chosen = select_calls(session, flt, now)
    assert [c.ref for c in chosen] == [c.ref for c in everything if flt.matches(c)]
    assert CallFilter.from_query_string(flt.query_string()) == flt


def test_an_intention_filter_shows_its_matched_calls(demo_cli: Cli) -> None:
    from tests.conftest import add_seed

    intention = add_seed(demo_cli, "debt_counselling")["id"]
    flt = CallFilter(intention_id=intention)
    with session_scope() as session:
        ids = intention_calls(session, intention)
        found = select_calls(session, flt, clock.now(), ids)
    matched = {f"{m['call']['source']}:{m['call']['external_id']}"
               for m in demo_cli.json("match", "--json", "--intention", str(intention))}
    assert {c.ref for c in found} == matched and matched
    assert [c["external_id"] for c in demo_cli.json("calls", "--json", "--intention", str(intention))] == \
        [c.external_id for c in found]


def test_every_key_the_filter_knows_is_accepted_by_the_feed_and_the_cli_names_it(demo_cli: Cli) -> None:
    assert FILTER_KEYS == tuple(sorted(FILTER_KEYS))
    result = demo_cli("calls", "--closes-from", "2027-05-01", "--closes-to", "2027-04-01")
    assert result.exit_code == 2 and "error: --closes-to: the deadline range ends before it starts" in result.stderr


def test_reading_calls_never_writes_their_state(demo_cli: Cli) -> None:
    """Read-only commands derive the state at "now"; the stored copy belongs to ingest and the daily job."""
    from sqlmodel import select

    from tracker.calls.view import store_states
    from tracker.storage.models import Call

    with session_scope() as session:  # a stored state left behind by time: the deadline has passed since
        closed = next(c for c in session.exec(select(Call)) if CallView.of(c, clock.now()).state == "closed")
        closed.state = "open"
        session.add(closed)
    demo_cli.json("overview", "--json")
    listed = {c["external_id"]: c["state"] for c in demo_cli.json("calls", "--json")}
    assert listed[closed.external_id] == "closed"
    with session_scope() as session:
        assert session.get(Call, closed.id).state == "open"
        assert store_states(session, clock.now()) == 1  # the daily writer brings it up to date
    with session_scope() as session:
        assert session.get(Call, closed.id).state == "closed"
