"""Baselines for the bench's ratio keys: what the product code is compared against on the same data.

None of this is product code. Each baseline does the same job as the code it is compared with,
the plain or general-purpose way, so that a ratio measured in one run says how much the product's
design buys whatever the machine's load at the time:

- :func:`naive_match`: matching without posting lists — every intention against every call.
- :func:`icalendar_feed`: the feed of :func:`tracker.feeds.ical.build_feed` written with the
  ``icalendar`` package instead of our own writer.
- :func:`static_app`: the bytes and headers the feed server sent, from a route that only returns them.
- :func:`lxml_parse`: ``lxml.html.fromstring`` on a page, the floor under any parser.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

# --- matching --------------------------------------------------------------------------------


def naive_match(calls: Sequence[Any], intentions: Iterable[Any], now: datetime, *,
                preparation_days: int, limit: int) -> dict[int, list[tuple[int, int]]]:
    """``{intention id: [(call id, score), …]}``, best first: a plain loop over all calls per intention.

    ``calls`` are the index's ``CallView``s (matchable calls, in the index's order so that ties
    break alike), ``intentions`` its ``IntentionFacts``. The rules are those of
    ``CallIndex.match``: the intention's applicant type among the call's types is eligible, a call
    without recognised types is unverified, any other call is out; at least one area in common;
    the same score parts and the same order (score, then deadline, then position). What does not
    depend on the intention is worked out once per call, as the index does when it is built.
    Neither writes reasons (the index writes them only when they are read).
    """
    from tracker.intentions.matching import (
        AREA_FULL,
        ELIGIBLE,
        NOT_READY_PENALTY,
        OVER_ALLOCATION_PENALTY,
        PREFERRED_PROGRAMME,
        UNVERIFIED,
        _state_points,
        ready_at,
    )
    from tracker.text.normalize import programme_key

    static = [
        (call.applicant_types, call.areas, _state_points(call), programme_key(call.programme),
         call.closes.end.timestamp() if call.closes else math.inf,
         math.inf if call.allocation_czk is None else call.allocation_czk)
        for call in calls
    ]
    results: dict[int, list[tuple[int, int]]] = {}
    for intention in intentions:
        ready = ready_at(intention.stage, now, preparation_days).timestamp()
        applicant, areas, n_areas = intention.applicant_type, intention.areas, len(intention.areas) or 1
        scored: list[tuple[int, float, int]] = []
        for i, (types, call_areas, state_points, programme, deadline, allocation) in enumerate(static):
            if not types:
                points = UNVERIFIED
            elif applicant in types:
                points = ELIGIBLE
            else:
                continue
            shared = sum(1 for area in areas if area in call_areas)
            if not shared:
                continue
            score = points + state_points + AREA_FULL * shared // n_areas
            if programme in intention.programmes:
                score += PREFERRED_PROGRAMME
            if deadline <= ready:
                score -= NOT_READY_PENALTY
            if intention.budget_czk > allocation:
                score -= OVER_ALLOCATION_PENALTY
            scored.append((-max(score, 1), deadline, i))
        results[intention.id] = [(calls[i].id, -neg) for neg, _, i in heapq.nsmallest(limit, scored)]
    return results


# --- the calendar feed -----------------------------------------------------------------------


def _prague_timezone() -> Any:
    """The feed's VTIMEZONE (``tracker.feeds.ics.PRAGUE_VTIMEZONE``) as ``icalendar`` components."""
    import icalendar

    timezone = icalendar.Timezone()
    timezone.add("tzid", "Europe/Prague")
    timezone.add("x-lic-location", "Europe/Prague")
    for component, (offset_from, offset_to), name, start, month in (
        (icalendar.TimezoneDaylight(), (1, 2), "CEST", datetime(1970, 3, 29, 2), 3),
        (icalendar.TimezoneStandard(), (2, 1), "CET", datetime(1970, 10, 25, 3), 10),
    ):
        component.add("tzoffsetfrom", timedelta(hours=offset_from))
        component.add("tzoffsetto", timedelta(hours=offset_to))
        component.add("tzname", name)
        component.add("dtstart", start)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone.add_component(component)
    return timezone


def icalendar_feed(session: Any, flt: Any, now: datetime) -> bytes:
    """What ``build_feed(session, flt, now).body`` holds, built and serialised by ``icalendar``.

    The same reads and the same events (``call_events``) as ``build_feed``; every calendar and
    event property, the VTIMEZONE and the alarms are ``icalendar`` objects, written by ``to_ical()``.
    """
    import icalendar
    from sqlmodel import select

    from tracker.calls.queries import select_calls
    from tracker.feeds.events import OPENING, UID_DOMAIN, call_events
    from tracker.feeds.ical import PRODID, TTL, calendar_name
    from tracker.settings import get_settings
    from tracker.storage.models import CalendarEvent
    from tracker.text.czech import Precision, days_czech

    assert flt.intention_id is None, "the baseline covers the filters the bench uses"
    rows = select_calls(session, flt, now)
    stored = {uid: (seq, modified) for uid, seq, modified in session.exec(
        select(CalendarEvent.uid, CalendarEvent.sequence, CalendarEvent.last_modified))}
    openings = {uid for uid in stored if uid.endswith(f"-{OPENING}@{UID_DOMAIN}")}
    name = calendar_name(flt)
    alarm_days = get_settings().alarm_days
    ttl = timedelta(hours=1)
    assert TTL == "PT1H"

    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", "Uzávěrky a zahájení příjmu výzev z OPZ+ a IROP i z RSK LK")
    calendar.add("x-wr-timezone", "Europe/Prague")
    calendar.add("refresh-interval", ttl, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(ttl))
    calendar.add_component(_prague_timezone())
    for row in sorted(rows, key=lambda r: (r.source, r.external_id)):
        for spec in call_events(row, openings):
            sequence, modified = stored.get(spec.uid, (0, row.first_seen))
            stamp = modified.astimezone(UTC)
            event = icalendar.Event()
            event.add("uid", spec.uid)
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("sequence", sequence)
            if spec.start.precision is Precision.DATETIME:
                event.add("dtstart", spec.start.when.replace(tzinfo=None), parameters={"TZID": "Europe/Prague"})
            else:
                day = spec.start.when.date()
                event.add("dtstart", day)
                event.add("dtend", day + timedelta(days=1))
            event.add("summary", spec.summary)
            event.add("description", spec.description)
            event.add("url", spec.url)
            event.add("status", spec.status)
            event.add("transp", "TRANSPARENT")
            if spec.categories:
                event.add("categories", list(spec.categories))
            if spec.alarms:
                title = spec.summary.removeprefix("Uzávěrka: ")
                for days in alarm_days:
                    when = f"za {days_czech(days)}" if days else "dnes"
                    alarm = icalendar.Alarm()
                    alarm.add("action", "DISPLAY")
                    alarm.add("description", f"Uzávěrka {when}: {title}")
                    alarm.add("trigger", timedelta(days=-days))
                    event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()


def same_calendar(ours: bytes, theirs: bytes) -> list[str]:
    """Differences between two iCalendar bodies: [] when every component has the same content lines.

    Lines are unfolded and each component's lines compared as a set, so that folding and the
    order of properties and of a rule's parts (``icalendar`` sorts them) do not count; anything
    else does.
    """

    def components(body: bytes) -> list[tuple[str, ...]]:
        lines = body.decode().replace("\r\n ", "").split("\r\n")
        stack: list[list[str]] = []
        found: list[tuple[str, ...]] = []
        for line in filter(None, lines):
            if line.startswith("RRULE:"):  # a recurrence's parts in any order
                line = "RRULE:" + ";".join(sorted(line.removeprefix("RRULE:").split(";")))
            if line.startswith("BEGIN:"):
                stack.append([line])
            elif line.startswith("END:"):
                found.append(tuple(sorted(stack.pop())))
            else:
                stack[-1].append(line)
        return found

    a, b = components(ours), components(theirs)
    problems = [f"{len(a)} components against {len(b)}"] if len(a) != len(b) else []
    for one, other in zip(a, b, strict=False):
        if one != other:
            problems.append(f"{one[0]}: only ours {sorted(set(one) - set(other))}, "
                            f"only icalendar's {sorted(set(other) - set(one))}")
    return problems


# --- the feed over HTTP ----------------------------------------------------------------------


def static_app(body: bytes, headers: dict[str, str]) -> Any:
    """A Starlette app whose ``/calendar.ics`` returns ``body`` with ``headers`` (content type included)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    async def calendar(request: Request) -> Response:
        return Response(body, headers=headers)

    return Starlette(routes=[Route("/calendar.ics", calendar)])


# --- page parsing ----------------------------------------------------------------------------


def lxml_parse(body: bytes) -> Any:
    import lxml.html

    return lxml.html.fromstring(body)
