"""The iCalendar feed body for a filter: calendar name, events with their SEQUENCE, alarms.

Written by our own writer (tracker.feeds.ics), because the ``icalendar`` package needed ~7 s
for 10,000 events; the tests read the output back with ``icalendar`` and with khal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.calls.filters import CallFilter
from tracker.calls.queries import select_calls
from tracker.feeds import ics
from tracker.feeds.events import OPENING, UID_DOMAIN, EventSpec, call_events
from tracker.intentions.store import get_intention, intention_calls
from tracker.settings import get_settings
from tracker.sources.registry import SOURCE_LABELS
from tracker.storage.models import CalendarEvent, Call, Dismissal, Intention, IntentionMatch
from tracker.text.czech import Precision, days_czech
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, STATE_LABELS

PRODID = "-//RSK LK//Vyzvy tracker//CS"
TTL = "PT1H"


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime
    events: int
    name: str = field(default="")


def calendar_name(flt: CallFilter, intention_title: str | None = None) -> str:
    parts = []
    if flt.sources:
        parts.append("zdroj: " + " nebo ".join(SOURCE_LABELS[s] for s in flt.sources))
    if flt.areas:
        parts.append("oblast: " + " nebo ".join(AREA_LABELS[a] for a in flt.areas))
    if flt.applicant_types:
        parts.append("žadatel: " + " nebo ".join(APPLICANT_LABELS[t] for t in flt.applicant_types))
    if flt.states:
        parts.append("stav: " + " nebo ".join(STATE_LABELS[s] for s in flt.states))
    if intention_title is not None:
        parts.append(f"záměr: {intention_title}")
    # X-WR-CALNAME is not unescaped by every client: no commas or semicolons between the parts.
    return "Výzvy – uzávěrky" + (f" ({' / '.join(parts)})" if parts else " (všechny zdroje)")


def build_feed(session: Session, flt: CallFilter, now: datetime) -> Feed:
    """The iCalendar body for a filter (read-only)."""
    intention_title, ids = None, None
    if flt.intention_id is not None:
        intention_title = get_intention(session, flt.intention_id).title
        ids = intention_calls(session, flt.intention_id)
    calls = select_calls(session, flt, now, ids)
    stored = {uid: (seq, modified) for uid, seq, modified in session.exec(
        select(CalendarEvent.uid, CalendarEvent.sequence, CalendarEvent.last_modified))}
    openings = {uid for uid in stored if uid.endswith(f"-{OPENING}@{UID_DOMAIN}")}
    name = calendar_name(flt, intention_title)
    alarm_days = get_settings().alarm_days
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics.escape_text(name)}", f"NAME:{ics.escape_text(name)}",
        "X-WR-CALDESC:Uzávěrky a zahájení příjmu výzev z OPZ+ a IROP i z RSK LK",
        "X-WR-TIMEZONE:Europe/Prague", f"REFRESH-INTERVAL;VALUE=DURATION:{TTL}", f"X-PUBLISHED-TTL:{TTL}",
        *ics.PRAGUE_VTIMEZONE,
    ]
    newest = datetime(2000, 1, 1, tzinfo=UTC)
    count = 0
    for call in sorted(calls, key=lambda c: (c.source, c.external_id)):
        for spec in call_events(call, openings):
            sequence, modified = stored.get(spec.uid, (0, call.first_seen))
            newest = max(newest, modified)
            lines.extend(_event_lines(spec, sequence, modified, alarm_days))
            count += 1
    lines.append("END:VCALENDAR")
    body = ics.serialize(lines)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Feed(body=body, etag=etag, last_modified=newest.astimezone(UTC).replace(microsecond=0), events=count,
                name=name)


def _event_lines(spec: EventSpec, sequence: int, modified: datetime, alarm_days: tuple[int, ...]) -> list[str]:
    stamp = ics.utc_stamp(modified)
    # UID is TEXT (RFC 5545 3.8.4.7), and an external id comes from a site: escaped like any text.
    lines = ["BEGIN:VEVENT", f"UID:{ics.escape_text(spec.uid)}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}",
             f"SEQUENCE:{sequence}"]
    value = spec.start
    if value.precision is Precision.DATETIME:
        lines.append(f"DTSTART;TZID=Europe/Prague:{ics.local_stamp(value.when)}")
    else:
        day = value.when.date()
        lines += [f"DTSTART;VALUE=DATE:{ics.day_stamp(day)}",
                  f"DTEND;VALUE=DATE:{ics.day_stamp(day + timedelta(days=1))}"]
    lines += [
        f"SUMMARY:{ics.escape_text(spec.summary)}",
        f"DESCRIPTION:{ics.escape_text(spec.description)}",
        f"URL:{ics.uri(spec.url)}",
        f"STATUS:{spec.status}",
        "TRANSP:TRANSPARENT",
    ]
    if spec.categories:
        lines.append("CATEGORIES:" + ",".join(ics.escape_text(c) for c in spec.categories))
    if spec.alarms:
        title = spec.summary.removeprefix("Uzávěrka: ")
        for days in alarm_days:
            when = f"za {days_czech(days)}" if days else "dnes"
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{ics.escape_text(f'Uzávěrka {when}: {title}')}",
                      f"TRIGGER:{ics.duration(timedelta(days=-days))}", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def data_version(session: Session, intention_id: int | None) -> tuple[Any, ...]:
    """Changes whenever anything a feed shows may have changed (crawls, events, matches).

    One statement of scalar subqueries, each a count or an indexed maximum: a cached feed costs this."""
    def scalar(column: Any, *where: Any) -> Any:
        return sa.select(column).where(*where).scalar_subquery()

    parts = [scalar(sa.func.count(Call.id)), scalar(sa.func.max(Call.last_seen)),
             scalar(sa.func.count(CalendarEvent.id)), scalar(sa.func.max(CalendarEvent.last_modified))]
    if intention_id is not None:
        mine = IntentionMatch.intention_id == intention_id
        parts += [scalar(sa.func.count(IntentionMatch.id), mine), scalar(sa.func.max(IntentionMatch.computed_at), mine),
                  scalar(Intention.call_id, Intention.id == intention_id),
                  scalar(Intention.updated_at, Intention.id == intention_id)]
        dismissed = Dismissal.intention_id == intention_id  # "not for us" changes the intention's calls too
        parts += [scalar(sa.func.count(Dismissal.id), dismissed), scalar(sa.func.max(Dismissal.id), dismissed)]
    return tuple(session.connection().execute(sa.select(*parts)).one())
