"""Deadlines as an iCalendar feed: events of calls, their stable identity, filters and the feed body.

Each call gives a deadline event ("Uzávěrka: …") when its deadline is known and an opening
event ("Zahájení příjmu: …") while it has not opened yet. An event's UID comes from source,
external id and kind, so it lives as long as the call. :func:`sync_events` runs after every
crawl (the only thing that changes calls) and raises an event's SEQUENCE when its time or
status changed; building a feed only reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.calls.view import FilterError, call_conditions, check_codes, date_value, derive_state
from tracker.feeds import ics
from tracker.settings import get_settings
from tracker.storage.models import CalendarEvent, Call, CallState, Intention, IntentionMatch, Source
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import DateValue, Precision, days_czech, format_czk
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, SOURCE_LABELS, STATE_LABELS

DEADLINE, OPENING = "deadline", "opening"
UID_DOMAIN = "vyzvy-tracker"
PRODID = "-//RSK LK//Vyzvy tracker//CS"
TTL = "PT1H"
ROUGH = (Precision.MONTH, Precision.QUARTER)
FILTER_KEYS = ("source", "area", "applicant_type", "state", "intention")
MAX_APPLICANTS_TEXT = 600

_COLUMNS = (
    Call.id, Call.source, Call.external_id, Call.title, Call.programme, Call.status_word,
    Call.opens_at, Call.opens_precision, Call.closes_at, Call.closes_precision, Call.until_exhausted,
    Call.allocation_czk, Call.eligible_applicants, Call.areas, Call.url, Call.first_seen,
)


@dataclass(frozen=True)
class FeedFilter:
    sources: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    intention_id: int | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.sources, self.areas, self.applicant_types, self.states, self.intention_id)

    def query_string(self) -> str:
        """The filter as URL query parameters (``area=bydleni&applicant_type=obec``)."""
        pairs = [(name, value) for name, values in (
            ("source", self.sources), ("area", self.areas), ("applicant_type", self.applicant_types),
            ("state", self.states)) for value in values]
        if self.intention_id is not None:
            pairs.append(("intention", str(self.intention_id)))
        return "&".join(f"{name}={value}" for name, value in pairs)


def _values(raw: Sequence[str] | str | None) -> list[str]:
    items = [raw] if isinstance(raw, str) else list(raw or [])
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def parse_filter(params: Mapping[str, Sequence[str] | str | None]) -> FeedFilter:
    """Read filters from query parameters or CLI options; any unknown name or value is an error."""
    unknown = [k for k in params if k not in FILTER_KEYS]
    if unknown:
        raise FilterError(f"unknown filter {', '.join(map(repr, unknown))}; use: {', '.join(FILTER_KEYS)}",
                          f"neznámý filtr: {', '.join(unknown)}")
    intention = _values(params.get("intention"))
    if len(intention) > 1 or (intention and not (intention[0].isascii() and intention[0].isdigit()
                                                  and len(intention[0]) <= 18)):
        raise FilterError(f"intention must be one intention id, got {', '.join(intention)!r}",
                          "záměr musí být jedno číslo záměru")
    return FeedFilter(
        sources=check_codes("source", _values(params.get("source")), [s.value for s in Source]),
        areas=check_codes("area", _values(params.get("area")), AREA_CODES),
        applicant_types=check_codes("applicant_type", _values(params.get("applicant_type")), APPLICANT_CODES),
        states=check_codes("state", _values(params.get("state")), [s.value for s in CallState]),
        intention_id=int(intention[0]) if intention else None,
    )


# --- events of a call --------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    uid: str
    call_id: int
    kind: str
    summary: str
    start: DateValue
    status: str  # CONFIRMED | TENTATIVE | CANCELLED
    description: str
    url: str
    categories: tuple[str, ...]
    alarms: bool

    @property
    def time_key(self) -> str:
        return f"{self.start.iso()}|{self.status}"

    @property
    def fingerprint(self) -> str:
        """``<time and status>:<content>``: the first part raises SEQUENCE, the second LAST-MODIFIED."""
        content = "\x1f".join((self.summary, self.description, self.url, *self.categories))
        return f"{self.time_key}:{hashlib.sha256(content.encode()).hexdigest()[:16]}"


def event_uid(source: str, external_id: str, kind: str) -> str:
    return f"{source}-{external_id}-{kind}@{UID_DOMAIN}"


def _when_text(value: DateValue) -> str:
    return f"{value.czech()} (orientačně)" if value.precision in ROUGH else value.czech()


def call_events(row: Any, now: datetime, published_openings: set[str] | frozenset[str] = frozenset()
                ) -> Iterator[EventSpec]:
    """The events one call (a row of ``_COLUMNS``) stands for at ``now``."""
    opens = date_value(row.opens_at, row.opens_precision)
    closes = date_value(row.closes_at, row.closes_precision)
    state = derive_state(row.status_word, opens, closes, now)
    cancelled = state is CallState.CANCELLED
    categories = tuple(AREA_LABELS.get(a, a) for a in row.areas)
    base = _description(row, opens, closes, cancelled)
    prefix = "Zrušeno – " if cancelled else ""
    for kind, value, word in ((DEADLINE, closes, "Uzávěrka"), (OPENING, opens, "Zahájení příjmu")):
        if value is None:
            continue
        uid = event_uid(row.source, row.external_id, kind)
        if kind == OPENING and state is not CallState.PLANNED and uid not in published_openings:
            continue
        rough = value.precision in ROUGH
        label = f"{word} (orientačně {value.czech()})" if rough else word
        note = (f"Termín je orientační: {value.czech()}; přesné datum zdroj zatím neuvádí.\n" if rough else "")
        yield EventSpec(
            uid=uid, call_id=row.id, kind=kind, summary=f"{prefix}{label}: {row.title}", start=value,
            status="CANCELLED" if cancelled else "TENTATIVE" if rough else "CONFIRMED",
            description=note + base, url=row.url, categories=categories,
            alarms=kind == DEADLINE and not cancelled and not rough,
        )


def _description(row: Any, opens: DateValue | None, closes: DateValue | None, cancelled: bool) -> str:
    applicants = row.eligible_applicants or "neuvedeno"
    if len(applicants) > MAX_APPLICANTS_TEXT:
        applicants = applicants[:MAX_APPLICANTS_TEXT].rsplit(" ", 1)[0] + " …"
    lines = []
    if cancelled:
        lines.append("Výzva byla zrušena.")
    lines += [
        f"Program: {row.programme or SOURCE_LABELS.get(row.source, row.source)}",
        f"Oprávnění žadatelé: {applicants}",
        f"Alokace: {format_czk(row.allocation_czk)}",
    ]
    if opens is not None:
        lines.append(f"Zahájení příjmu: {_when_text(opens)}")
    if closes is not None:
        lines.append(f"Uzávěrka: {_when_text(closes)}")
    elif row.until_exhausted:
        lines.append("Uzávěrka: do vyčerpání alokace")
    lines.append(f"Odkaz: {row.url}")
    return "\n".join(lines)


# --- keeping SEQUENCE ------------------------------------------------------------------------


def _all_rows(session: Session, *conditions: Any) -> list[Any]:
    return list(session.exec(select(*_COLUMNS).where(*conditions)))


def _stored_events(session: Session) -> dict[str, CalendarEvent]:
    return {e.uid: e for e in session.exec(select(CalendarEvent))}


def sync_events(session: Session, now: datetime) -> int:
    """Record every call's events; raise SEQUENCE where time or status changed. Returns changes."""
    stored = _stored_events(session)
    openings = {uid for uid, e in stored.items() if e.kind == OPENING}
    changed = 0
    for row in _all_rows(session):
        for spec in call_events(row, now, openings):
            event = stored.get(spec.uid)
            if event is None:
                session.add(CalendarEvent(uid=spec.uid, call_id=spec.call_id, kind=spec.kind, sequence=0,
                                          fingerprint=spec.fingerprint, created_at=now, last_modified=now))
                changed += 1
            elif event.fingerprint != spec.fingerprint:
                if event.fingerprint.split(":")[0] != spec.time_key:
                    event.sequence += 1
                event.fingerprint, event.last_modified = spec.fingerprint, now
                session.add(event)
                changed += 1
    return changed


# --- the feed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime
    events: int
    name: str = field(default="")


def calendar_name(flt: FeedFilter, intention_title: str | None = None) -> str:
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


def require_intention(session: Session, intention_id: int) -> Intention:
    intention = session.get(Intention, intention_id)
    if intention is None:
        raise FilterError(f"no intention with id {intention_id}", f"záměr č. {intention_id} neexistuje")
    return intention


def _intention_calls(session: Session, intention_id: int) -> tuple[str, list[int]]:
    intention = require_intention(session, intention_id)
    ids = list(session.exec(select(IntentionMatch.call_id).where(IntentionMatch.intention_id == intention_id)))
    if intention.call_id is not None:
        ids.append(intention.call_id)
    return intention.title, ids


def build_feed(session: Session, flt: FeedFilter, now: datetime) -> Feed:
    """The iCalendar body for a filter (read-only)."""
    conditions = call_conditions(sources=flt.sources, areas=flt.areas, applicant_types=flt.applicant_types)
    intention_title = None
    if flt.intention_id is not None:
        intention_title, ids = _intention_calls(session, flt.intention_id)
        conditions.append(Call.id.in_(ids))
    rows = _all_rows(session, *conditions)
    if flt.states:
        wanted = set(flt.states)
        rows = [r for r in rows if derive_state(r.status_word, date_value(r.opens_at, r.opens_precision),
                                                date_value(r.closes_at, r.closes_precision), now) in wanted]
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
    for row in sorted(rows, key=lambda r: (r.source, r.external_id)):
        for spec in call_events(row, now, openings):
            sequence, modified = stored.get(spec.uid, (0, row.first_seen))
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
    lines = ["BEGIN:VEVENT", f"UID:{spec.uid}", f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{sequence}"]
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
        f"URL:{spec.url}",
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
    """Changes whenever anything a feed shows may have changed (crawls, events, matches)."""
    calls = session.exec(select(sa.func.count(Call.id), sa.func.max(Call.last_seen))).one()
    events = session.exec(select(sa.func.count(CalendarEvent.id), sa.func.max(CalendarEvent.last_modified))).one()
    version: tuple[Any, ...] = (*calls, *events)
    if intention_id is not None:
        matches = session.exec(select(sa.func.count(IntentionMatch.id), sa.func.max(IntentionMatch.computed_at))
                               .where(IntentionMatch.intention_id == intention_id)).one()
        bound = session.exec(select(Intention.call_id, Intention.updated_at)
                             .where(Intention.id == intention_id)).first()
        version += (*matches, *(bound or (None, None)))
    return version
