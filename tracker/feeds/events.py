"""The calendar events of calls and their stable identity.

Each call gives a deadline event ("Uzávěrka: …") when its deadline is known and an opening
event ("Zahájení příjmu: …") while it has not opened yet. An event's UID comes from source,
external id and kind, so it lives as long as the call. :func:`sync_events` runs after every
crawl (the only thing that changes calls) and raises an event's SEQUENCE when its time or
status changed; building a feed (tracker.feeds.ical) only reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from tracker.calls.filters import CallFilter
from tracker.calls.queries import select_calls
from tracker.calls.view import CallView
from tracker.sources.registry import source_label
from tracker.storage.models import CalendarEvent, CallState
from tracker.text.czech import DateValue, Precision, format_czk
from tracker.text.vocabulary import AREA_LABELS

DEADLINE, OPENING = "deadline", "opening"
UID_DOMAIN = "vyzvy-tracker"
PRODID = "-//RSK LK//Vyzvy tracker//CS"
TTL = "PT1H"
ROUGH = (Precision.MONTH, Precision.QUARTER)
MAX_APPLICANTS_TEXT = 600

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


def call_events(call: CallView, published_openings: set[str] | frozenset[str] = frozenset()
                ) -> Iterator[EventSpec]:
    """The events one call stands for (at the moment its view was taken)."""
    opens, closes, state = call.opens, call.closes, call.state
    cancelled = state is CallState.CANCELLED
    categories = tuple(AREA_LABELS.get(a, a) for a in call.areas)
    base = _description(call, cancelled)
    prefix = "Zrušeno – " if cancelled else ""
    for kind, value, word in ((DEADLINE, closes, "Uzávěrka"), (OPENING, opens, "Zahájení příjmu")):
        if value is None:
            continue
        uid = event_uid(call.source, call.external_id, kind)
        if kind == OPENING and state is not CallState.PLANNED and uid not in published_openings:
            continue
        rough = value.precision in ROUGH
        label = f"{word} (orientačně {value.czech()})" if rough else word
        note = (f"Termín je orientační: {value.czech()}; přesné datum zdroj zatím neuvádí.\n" if rough else "")
        yield EventSpec(
            uid=uid, call_id=call.id, kind=kind, summary=f"{prefix}{label}: {call.title}", start=value,
            status="CANCELLED" if cancelled else "TENTATIVE" if rough else "CONFIRMED",
            description=note + base, url=call.url, categories=categories,
            alarms=kind == DEADLINE and not cancelled and not rough,
        )


def _description(call: CallView, cancelled: bool) -> str:
    opens, closes = call.opens, call.closes
    applicants = call.eligible_applicants or "neuvedeno"
    if len(applicants) > MAX_APPLICANTS_TEXT:
        applicants = applicants[:MAX_APPLICANTS_TEXT].rsplit(" ", 1)[0] + " …"
    lines = []
    if cancelled:
        lines.append("Výzva byla zrušena.")
    lines += [
        f"Program: {call.programme or source_label(call.source)}",
        f"Oprávnění žadatelé: {applicants}",
        f"Alokace: {format_czk(call.allocation_czk)}",
    ]
    if opens is not None:
        lines.append(f"Zahájení příjmu: {_when_text(opens)}")
    if closes is not None:
        lines.append(f"Uzávěrka: {_when_text(closes)}")
    elif call.until_exhausted:
        lines.append("Uzávěrka: do vyčerpání alokace")
    lines.append(f"Odkaz: {call.url}")
    return "\n".join(lines)


# --- keeping SEQUENCE ------------------------------------------------------------------------


def _stored_events(session: Session) -> dict[str, CalendarEvent]:
    return {e.uid: e for e in session.exec(select(CalendarEvent))}


def sync_events(session: Session, now: datetime) -> int:
    """Record every call's events; raise SEQUENCE where time or status changed. Returns changes."""
    stored = _stored_events(session)
    openings = {uid for uid, e in stored.items() if e.kind == OPENING}
    changed = 0
    for call in select_calls(session, CallFilter(), now):
        for spec in call_events(call, openings):
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
