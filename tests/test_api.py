"""The JSON API and the Atom feed on the feed server: the same JSON as the CLI, valid Atom with stable
ids, an OpenAPI description that holds for the real answers, and the calendar's 400/404 rules."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime

import feedparser
import jsonschema
import pytest
from lxml import etree
from openapi_spec_validator import validate
from sqlmodel import select

from tests.conftest import Cli, add_seed, running_feed
from tracker.clock import PRAGUE
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CallChange

ATOM = "{http://www.w3.org/2005/Atom}"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_json(url: str):
    status, headers, body = get(url)
    assert status == 200, body
    assert headers["content-type"] == "application/json; charset=utf-8"
    return json.loads(body)


def add_change(external_id: str, field: str, old: str | None, new: str | None, day: int = 20) -> None:
    with session_scope() as session:
        call = session.exec(select(Call).where(Call.external_id == external_id)).one()
        session.add(CallChange(call_id=call.id, field=field, old_value=old, new_value=new,
                               detected_at=datetime(2026, 11, day, 9, tzinfo=PRAGUE)))


@pytest.fixture
def server(demo_db) -> Iterator[str]:
    add_change("03_25_095", "closes", "2026-12-17T14:00:00+01:00", "2027-06-30T14:00:00+02:00", day=18)
    add_change("IROP-105", "allocation_czk", "1500000000", "1798341944", day=20)
    add_change("03_26_115", "status_word", None, "zrušena", day=21)
    add_change("IROP-105", "documents_url", "https://a", "https://b", day=21)
    with running_feed() as base:
        yield base


# --- the same JSON as the CLI ------------------------------------------------------------------------


CALL_FILTERS = [
    ("", []),
    ("area=bydleni&applicant_type=obec", ["--area", "bydleni", "--applicant-type", "obec"]),
    ("state=open,planned&source=irop", ["--state", "open", "--state", "planned", "--source", "irop"]),
    ("search=DLUHOVE&closes_to=2027-01-31", ["--search", "DLUHOVE", "--closes-to", "2027-01-31"]),
]


def test_api_calls_is_tracker_calls_json(server: str) -> None:
    for query, options in CALL_FILTERS:
        cli_rows = Cli().json("calls", "--json", *options)
        assert cli_rows and get_json(f"{server}/api/calls?{query}") == cli_rows, query


def test_api_changes_is_tracker_changes_json_with_the_same_filters(server: str) -> None:
    cli = Cli()
    everything = get_json(f"{server}/api/changes")
    assert everything == cli.json("changes", "--json") and len(everything) == 4
    assert get_json(f"{server}/api/changes?since=2026-11-20") == cli.json("changes", "--json", "--since", "2026-11-20")
    filtered = get_json(f"{server}/api/changes?since=2026-11-19&source=irop")
    assert filtered == cli.json("changes", "--json", "--since", "2026-11-19", "--source", "irop")
    assert [(c["external_id"], c["field"]) for c in filtered] == [("IROP-105", "allocation_czk"),
                                                                  ("IROP-105", "documents_url")]
    assert get_json(f"{server}/api/changes?area=dluhy") == cli.json("changes", "--json", "--area", "dluhy")


def test_api_matches_is_tracker_match_json(server: str) -> None:
    cli = Cli()
    intention = add_seed(cli, "social_housing")
    api = get_json(f"{server}/api/intentions/{intention['id']}/matches")
    assert api and api == cli.json("match", "--json", "--intention", str(intention["id"]))
    # The intention's calls as a filter, too.
    assert get_json(f"{server}/api/calls?intention={intention['id']}") == cli.json(
        "calls", "--json", "--intention", str(intention["id"]))


def test_api_refuses_bad_input_like_the_calendar(server: str) -> None:
    status, headers, body = get(f"{server}/api/calls?area=hornictvi")
    error = json.loads(body)["error"]
    assert status == 400 and "unknown area 'hornictvi'" in error["message"]
    assert error["problems"][0]["field"] == "area" and error["problems"][0]["message_cs"].startswith("Neznámá")
    assert get(f"{server}/api/calls?colour=red")[0] == 400
    assert get(f"{server}/api/calls?intention=999")[0] == 400
    assert get(f"{server}/api/changes?since=yesterday")[0] == 400
    assert get(f"{server}/api/changes?since=2026-11-01&since=2026-11-02")[0] == 400
    status, _, body = get(f"{server}/api/intentions/999/matches")
    assert status == 404 and "no intention with id 999" in json.loads(body)["error"]["message"]
    assert get(f"{server}/api/intentions/99999999999999/matches")[0] == 404
    assert get(f"{server}/api/intentions/abc/matches")[0] == 404
    status, headers, body = get(f"{server}/api/nothing")
    assert status == 404 and headers["content-type"].startswith("application/json")
    assert get(f"{server}/feeds/changes.atom?area=hornictvi")[0] == 400
    assert get(f"{server}/feeds/other.atom")[0] == 404


def test_an_api_answer_carries_an_etag_and_answers_304(server: str) -> None:
    status, headers, _ = get(f"{server}/api/calls?area=bydleni")
    assert status == 200 and headers["etag"]
    assert get(f"{server}/api/calls?area=bydleni", {"If-None-Match": headers["etag"]})[0] == 304


# --- OpenAPI and the docs page -----------------------------------------------------------------------


def test_the_openapi_description_is_valid_and_holds_for_the_real_answers(server: str) -> None:
    spec = get_json(f"{server}/api/openapi.json")
    validate(spec)  # OpenAPI 3.1
    assert {"/api/calls", "/api/changes", "/api/intentions/{id}/matches", "/feeds/changes.atom"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/changes"]["get"]["parameters"]}
    assert names == {"since", "source", "area", "applicant_type", "state", "closes_from", "closes_to", "search",
                     "intention"}
    intention = add_seed(Cli(), "social_housing")

    def check(url: str, path: str, status: str = "200") -> None:
        schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
        jsonschema.validate(json.loads(get(url)[2]), {**schema, "components": spec["components"]})

    check(f"{server}/api/calls", "/api/calls")
    check(f"{server}/api/changes", "/api/changes")
    check(f"{server}/api/intentions/{intention['id']}/matches", "/api/intentions/{id}/matches")
    check(f"{server}/api/calls?area=x", "/api/calls", "400")


def test_the_docs_page_describes_the_api_without_external_assets(server: str) -> None:
    for path in ("/api/", "/api/docs"):
        status, headers, body = get(f"{server}{path}")
        page = body.decode()
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert "GET /api/calls" in page and "GET /api/intentions/{id}/matches" in page and "applicant_type" in page
        assert "<script" not in page and "src=" not in page and "<link" not in page


# --- Atom --------------------------------------------------------------------------------------------


def test_the_atom_feed_is_valid_with_stable_ids_and_escaped_text(server: str) -> None:
    with session_scope() as session:  # hostile scraped text: markup and a control character
        call = session.exec(select(Call).where(Call.external_id == "IROP-105")).one()
        call.title = "Sociální bydlení <b>II.</b> & spol.\x0b"
        session.add(call)
    first = get(f"{server}/feeds/changes.atom?area=bydleni")
    assert first[0] == 200 and first[1]["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(first[2])
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    root = etree.fromstring(first[2])
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert entries and all(e.findtext(f"{ATOM}id") and e.findtext(f"{ATOM}title") and e.findtext(f"{ATOM}updated")
                           for e in entries)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    change = next(e for e in entries if "alokace zvýšena" in e.findtext(f"{ATOM}title"))
    assert change.findtext(f"{ATOM}title") == (
        "Sociální bydlení <b>II.</b> & spol.: alokace zvýšena z 1 500 000 000 Kč na 1 798 341 944 Kč")
    assert b"&lt;b&gt;II.&lt;/b&gt; &amp; spol." in first[2]  # escaped, and the control character is gone
    assert change.findtext(f"{ATOM}id").startswith("tag:vyzvy-tracker,2026:change/")
    assert change.findtext(f"{ATOM}updated") == "2026-11-20T08:00:00Z"
    links = {link.get("rel"): link.get("href") for link in change.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/105vyzvairop") and links["related"].endswith("/vyzvy?call=irop:IROP-105")
    assert "Nová výzva: Sociální bydlení <b>II.</b> & spol." in titles
    assert not any("Dluhové" in t for t in titles)  # the filter holds
    assert not any("dokumentace" in t for t in titles)  # a changed link to a file is not news
    # Stable across requests: the same ids, the same bytes, and a 304 for the same ETag.
    second = get(f"{server}/feeds/changes.atom?area=bydleni")
    assert second[2] == first[2]
    assert get(f"{server}/feeds/changes.atom?area=bydleni", {"If-None-Match": first[1]["etag"]})[0] == 304


def test_the_atom_feed_says_a_call_was_cancelled_whatever_the_state_filter(server: str) -> None:
    parsed = feedparser.parse(get(f"{server}/feeds/changes.atom?state=open&source=opzplus")[2])
    titles = [e.title for e in parsed.entries]
    assert any(t.endswith(": výzva zrušena") for t in titles), titles
    assert any("uzávěrka posunuta z 17. 12. 2026 14:00 na 30. 6. 2027 14:00" in t for t in titles)
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids))
    assert "tag:vyzvy-tracker,2026:call/opzplus/03_25_095" in ids


def test_a_new_crawl_rebuilds_a_cached_body_even_before_any_change_was_recorded(db) -> None:
    """The cache key holds the newest run and the newest change, each read on its own (a product of
    the two tables would be empty, and blind to new runs, while no change is recorded)."""
    from tracker.calls.filters import CallFilter
    from tracker.feeds.server import BodyCache
    from tracker.storage.models import ScrapeRun

    cache = BodyCache()
    built: list[int] = []

    def build(session, now) -> bytes:
        built.append(1)
        return b"body %d" % len(built)

    assert cache.get("calls", CallFilter(), None, build) == b"body 1"
    assert cache.get("calls", CallFilter(), None, build) == b"body 1"
    with session_scope() as session:
        session.add(ScrapeRun(source="rsk", started_at=datetime(2026, 11, 23, 9, tzinfo=PRAGUE)))
    assert cache.get("calls", CallFilter(), None, build) == b"body 2"
    assert cache.misses == 2
