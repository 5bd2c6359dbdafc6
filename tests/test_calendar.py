"""The iCalendar feed: what a calendar client sees, that it stays stable, and its HTTP contract."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import icalendar
import pytest

from tests.conftest import SAMPLES, Cli, add_seed, running_feed
from tracker.calls.filters import CallFilter
from tracker.clock import PRAGUE
from tracker.errors import UserError
from tracker.feeds.events import sync_events
from tracker.feeds.ical import build_feed
from tracker.feeds.ics import fold
from tracker.sources.crawling import run_crawl
from tracker.sources.sample_site import SampleServer
from tracker.storage.db import session_scope

NOW = datetime(2026, 11, 23, tzinfo=PRAGUE)

pytestmark = pytest.mark.both_backends


def feed(**params: list[str] | str) -> icalendar.Calendar:
    with session_scope() as session:
        body = build_feed(session, CallFilter.parse(params), NOW).body
    return icalendar.Calendar.from_ical(body)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def synced(demo_db: Path) -> Path:
    with session_scope() as session:
        sync_events(session, NOW)
    return demo_db


def test_a_deadline_is_an_event_at_prague_time_with_reminders_and_details(synced) -> None:
    calendar = feed()
    debt = events(calendar)["opzplus-03_25_095-deadline@vyzvy-tracker"]
    assert str(debt["SUMMARY"]) == "Uzávěrka: Výzva 095 - Dluhové poradenství a prevence předlužení"
    start = debt.decoded("DTSTART")
    assert start == datetime(2026, 12, 17, 14, 0, tzinfo=PRAGUE)
    assert str(start.tzinfo) == "Europe/Prague"
    assert debt["DTSTART"].params["TZID"] == "Europe/Prague"
    assert str(debt["STATUS"]) == "CONFIRMED" and int(debt["SEQUENCE"]) == 0
    assert debt.decoded("DTSTAMP") == debt.decoded("LAST-MODIFIED")
    description = str(debt["DESCRIPTION"])
    assert "Program: OPZ+" in description
    assert "Alokace: 120 000 000 Kč" in description
    assert "Oprávnění žadatelé: " in description
    assert str(debt["URL"]) in description
    assert [str(c) for c in debt["CATEGORIES"].cats] == ["dluhy", "sociální služby"]
    assert sorted(a.decoded("TRIGGER") for a in debt.walk("VALARM")) == [timedelta(days=-7), timedelta(days=-1)]


def test_the_calendar_says_what_it_is_and_how_often_to_refresh(synced) -> None:
    calendar = feed(area="bydleni", applicant_type="obec")
    assert str(calendar["X-WR-CALNAME"]) == "Výzvy – uzávěrky (oblast: bydlení / žadatel: obec)"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Prague"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Prague"]
    # Every event is for a call open to municipalities in housing.
    titles = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "Uzávěrka: Sociální bydlení II." in titles
    assert not any("Dluhové" in t or "mobilní" in t for t in titles)


def test_a_known_day_is_an_all_day_event(synced) -> None:
    rsk = events(feed(source="rsk"))["rsk-rsk-902-deadline@vyzvy-tracker"]
    assert rsk.decoded("DTSTART") == date(2027, 2, 3)
    assert rsk.decoded("DTEND") == date(2027, 2, 4)


def test_a_rough_plan_is_an_all_day_event_on_the_first_day_marked_orientacne(synced) -> None:
    planned = events(feed(source="opzplus"))
    deadline = planned["opzplus-03_27_120-deadline@vyzvy-tracker"]
    assert deadline.decoded("DTSTART") == date(2027, 6, 1)
    assert str(deadline["SUMMARY"]) == "Uzávěrka (orientačně červen 2027): Sociální služby v komunitě"
    assert "orientační" in str(deadline["DESCRIPTION"])
    assert str(deadline["STATUS"]) == "TENTATIVE"
    assert list(deadline.walk("VALARM")) == []  # no reminder pretends to know the day
    opening = planned["opzplus-03_27_120-opening@vyzvy-tracker"]
    assert opening.decoded("DTSTART") == date(2027, 3, 1)
    assert str(opening["SUMMARY"]).startswith("Zahájení příjmu (orientačně březen 2027): ")


def test_only_calls_not_yet_open_get_an_opening_event(synced) -> None:
    uids = set(events(feed()))
    assert "opzplus-03_26_112-opening@vyzvy-tracker" in uids  # planned, opens 1. 12. 2026
    assert "opzplus-03_25_095-opening@vyzvy-tracker" not in uids  # open since June
    assert "opzplus-03_27_121-deadline@vyzvy-tracker" not in uids  # no deadline known


def test_a_cancelled_call_keeps_its_events_marked_cancelled(synced) -> None:
    cancelled = events(feed())["opzplus-03_26_115-deadline@vyzvy-tracker"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Zrušeno – Uzávěrka: ")
    assert list(cancelled.walk("VALARM")) == []


def test_uids_and_bodies_are_identical_across_generations(synced) -> None:
    with session_scope() as session:
        first = build_feed(session, CallFilter(), NOW)
        assert sync_events(session, NOW) == 0
        second = build_feed(session, CallFilter(), NOW)
    assert first.body == second.body and first.etag == second.etag
    assert len(events(icalendar.Calendar.from_ical(first.body))) == first.events == 27


def test_a_moved_deadline_keeps_its_uid_and_raises_sequence(db) -> None:
    uid = "opzplus-03_25_095-deadline@vyzvy-tracker"
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        assert run_crawl("opzplus", server.url).ok
        before = events(feed())[uid]
        server.replace_body("/vyzva-095-opz-plus",
                            (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
        assert run_crawl("opzplus", server.url).ok
    after = events(feed())[uid]
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert after.decoded("DTSTART") == datetime(2027, 6, 30, 14, 0, tzinfo=PRAGUE)
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_an_intention_calendar_holds_its_matched_calls_only(synced) -> None:
    cli = Cli()
    intention = add_seed(cli, "debt_counselling")
    calendar = feed(intention=str(intention["id"]))
    assert set(events(calendar)) == {"opzplus-03_25_095-deadline@vyzvy-tracker"}
    assert str(calendar["X-WR-CALNAME"]) == "Výzvy – uzávěrky (záměr: Dluhová poradna)"


@pytest.mark.parametrize(("params", "message"), [
    ({"area": "hornictvi"}, "unknown area 'hornictvi'"),
    ({"source": "esf"}, "unknown source 'esf'"),
    ({"applicant_type": "obec,kosmonaut"}, "unknown applicant type 'kosmonaut'"),
    ({"state": "otevrena"}, "unknown state 'otevrena'"),
    ({"aera": "bydleni"}, "unknown filter 'aera'"),
    ({"intention": "abc"}, "must be one intention id"),
    ({"intention": "2147483648"}, "must be an intention id"),
    ({"closes_from": "2027-05-01", "closes_to": "2027-04-01"}, "ends before it starts"),
])
def test_unknown_filter_values_are_errors_not_empty_calendars(params, message) -> None:
    with pytest.raises(UserError, match=message):
        CallFilter.parse(params)


def test_tracker_ical_writes_a_file_and_refuses_bad_filters(synced, tmp_path: Path) -> None:
    cli = Cli()
    out = tmp_path / "vyzvy.ics"
    result = cli("ical", "--out", str(out), "--area", "bydleni", "--applicant-type", "obec")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote 8 event(s)")
    assert icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    bad = cli("ical", "--area", "hornictvi")
    assert bad.exit_code == 2 and "unknown area 'hornictvi'" in bad.stderr
    missing = cli("ical", "--intention", "42")
    assert missing.exit_code == 2 and "no intention with id 42" in missing.stderr


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "Příliš žluťoučký kůň úpěl ďábelské ódy " * 5
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_khal_imports_the_feed_and_lists_the_deadline(synced, tmp_path: Path) -> None:
    khal = Path(sys.executable).with_name("khal")
    ics_file = tmp_path / "vyzvy.ics"
    assert Cli()("ical", "--out", str(ics_file)).exit_code == 0
    vdir = tmp_path / "calendar"
    vdir.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[vyzvy]]\npath = {vdir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %d.%m.%Y\nlongdateformat = %d.%m.%Y\n"
        "datetimeformat = %d.%m.%Y %H:%M\nlongdatetimeformat = %d.%m.%Y %H:%M\n"
        "local_timezone = Europe/Prague\ndefault_timezone = Europe/Prague\n"
        "[default]\ndefault_calendar = vyzvy\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "TZ": "UTC"}
    imported = subprocess.run([str(khal), "-c", str(config), "import", "--batch", str(ics_file)],
                              capture_output=True, text=True, env=env, timeout=60)
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run([str(khal), "-c", str(config), "list", "17.12.2026", "17.12.2026",
                             "--format", "{start} {title}"], capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "17.12.2026 14:00 Uzávěrka: Výzva 095 - Dluhové poradenství a prevence předlužení" in listed.stdout
    # Re-importing the same feed updates events in place instead of duplicating them.
    again = subprocess.run([str(khal), "-c", str(config), "import", "--batch", str(ics_file)],
                           capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 0, again.stderr
    assert len(list(vdir.glob("*.ics"))) == 27


# --- over HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def server(synced):
    with running_feed() as base:
        yield base


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_http_serves_the_calendar_with_validators(server: str) -> None:
    status, headers, body = get(f"{server}/calendar.ics?area=bydleni&applicant_type=obec")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "Výzvy – uzávěrky (oblast: bydlení / žadatel: obec)"


def test_http_answers_304_to_a_client_that_has_the_feed(server: str) -> None:
    url = f"{server}/calendar.ics?area=bydleni"
    _, headers, _ = get(url)
    status, _, body = get(url, {"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")
    status, _, body = get(url, {"If-Modified-Since": headers["last-modified"]})
    assert (status, body) == (304, b"")
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=PRAGUE), usegmt=False)
    assert get(url, {"If-Modified-Since": earlier})[0] == 200
    assert get(url, {"If-None-Match": '"something-else"'})[0] == 200


def test_http_refuses_bad_filters_with_400_and_other_paths_with_404(server: str) -> None:
    status, _, body = get(f"{server}/calendar.ics?area=hornictvi")
    assert status == 400 and b"unknown area 'hornictvi'" in body
    assert get(f"{server}/calendar.ics?intention=999")[0] == 400
    assert get(f"{server}/admin")[0] == 404
    assert get(f"{server}/healthz")[:1] == (200,)


def test_a_feed_is_built_once_until_the_data_behind_it_change(synced) -> None:
    from sqlmodel import select

    from tracker.feeds.server import FeedCache
    from tracker.storage.models import Call

    cache = FeedCache()
    housing = CallFilter(areas=("bydleni",))
    first = cache.get(housing, NOW)
    assert cache.get(housing, NOW) is first and cache.misses == 1
    with session_scope() as session:  # what every successful crawl does to the calls it saw
        call = session.exec(select(Call).where(Call.external_id == "IROP-105")).one()
        call.last_seen = NOW + timedelta(hours=1)
        session.add(call)
    assert cache.get(housing, NOW).body == first.body
    assert cache.misses == 2
