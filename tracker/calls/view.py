"""One view of a call, as every reader sees it: its dates with their precision and its state at "now".

The state rule: a call's state is always *derived* — from its dates and the page's explicit
words, at the moment of reading (:func:`derive_state`). The ``call.state`` column is a copy
written by the two writers alone: ingest, when a crawl sees the call, and the daily
:func:`store_states` job, as deadlines pass. Readers (CLI, app, feed, matching) never write
it; they may use it in SQL only to narrow a query safely, because with time a stored state
only moves forward (planned → open → closed) and ``closed``/``cancelled`` never come back
without a crawl.
"""

from __future__ import annotations

import json
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.sources.registry import source_label
from tracker.storage.models import Call, CallState
from tracker.text.czech import DateValue, Precision
from tracker.text.display import MANUAL
from tracker.text.normalize import fold

CANCEL_WORDS = ("zrusen",)  # "zrušena", "Zrušená", "zrušení výzvy"
CLOSED_WORDS = ("uzavren", "ukoncen")
OPEN_WORDS = ("otevren", "vyhlasen")
PLANNED_WORDS = ("planovan", "planned", "pripravovan")
# States a call may still be applied to.
LIVE_STATES = (CallState.OPEN, CallState.PLANNED, CallState.UNKNOWN)
# Stored states that time alone cannot change (see the module's rule).
FINAL_STATES = (CallState.CLOSED, CallState.CANCELLED)
_PRECISIONS = {p.value: p for p in Precision}  # a stored precision's member, without an enum call per value


def derive_state(status_word: str | None, opens: DateValue | None, closes: DateValue | None,
                 now: datetime) -> CallState:
    """A call's state at ``now`` from its dates and the page's explicit words.

    Only an explicit word cancels. A passed deadline closes whatever the page says; an
    explicit "Uzavřená" closes early. The OPZ+ "Typ výzvy" never reaches this function.
    """
    word = fold(status_word) if status_word else ""
    if word and any(w in word for w in CANCEL_WORDS):
        return CallState.CANCELLED
    if closes is not None and now >= closes.end:
        return CallState.CLOSED
    if word.startswith(CLOSED_WORDS):
        return CallState.CLOSED
    if opens is not None:
        return CallState.PLANNED if now < opens.when else CallState.OPEN
    if word.startswith(OPEN_WORDS):
        return CallState.OPEN
    if word.startswith(PLANNED_WORDS):
        return CallState.PLANNED
    if closes is not None:
        return CallState.OPEN
    return CallState.UNKNOWN


def date_value(at: datetime | None, precision: str) -> DateValue | None:
    """A stored (instant, precision) pair as a date value; ``None`` when unknown."""
    if at is None or precision == Precision.NONE:
        return None
    return DateValue(at, _PRECISIONS.get(precision) or Precision(precision))


def _evidence(raw: str | None) -> dict[str, dict[str, str]]:
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _iso(value: DateValue | None) -> str | None:
    return value.iso() if value else None


def _precision(value: DateValue | None) -> str:
    return value.precision.value if value else Precision.NONE.value


# The columns a view is built from (a query selects these, never whole ORM objects, to stay fast).
VIEW_COLUMNS = (
    Call.id, Call.source, Call.external_id, Call.programme, Call.title, Call.specific_objective, Call.call_kind,
    Call.status_word, Call.announced_at, Call.announced_precision, Call.opens_at, Call.opens_precision,
    Call.closes_at, Call.closes_precision, Call.until_exhausted, Call.allocation_czk, Call.eligible_applicants,
    Call.applicant_types, Call.areas, Call.url, Call.documents_url, Call.source_url, Call.listed,
    Call.missed_runs, Call.first_seen, Call.last_seen, Call.search_text, Call.evidence,
)

_ViewRow = namedtuple("_ViewRow", [column.key for column in VIEW_COLUMNS])  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class CallView:
    """A stored call as every reader sees it, detached from the session, with its state at ``now``."""

    id: int
    source: str
    external_id: str
    programme: str
    title: str
    specific_objective: str | None
    call_kind: str | None
    state: CallState
    announced: DateValue | None
    opens: DateValue | None
    closes: DateValue | None
    until_exhausted: bool
    allocation_czk: int | None
    eligible_applicants: str
    applicant_types: tuple[str, ...]
    areas: tuple[str, ...]
    url: str
    documents_url: str | None
    source_url: str | None
    listed: bool
    missed_runs: int
    first_seen: datetime | None
    last_seen: datetime | None
    search_text: str  # title and eligible applicants, folded (see tracker.text.normalize.fold)
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → code → the phrase behind it

    @classmethod
    def of(cls, row: Any, now: datetime) -> CallView:
        """From a :class:`Call` or a row of :data:`VIEW_COLUMNS`."""
        if isinstance(row, sa.Row) and row._fields == _ViewRow._fields:
            row = _ViewRow._make(row)  # a named tuple's fields read several times faster than a row's
        opens = date_value(row.opens_at, row.opens_precision)
        closes = date_value(row.closes_at, row.closes_precision)
        return cls(
            id=row.id, source=row.source, external_id=row.external_id, programme=row.programme, title=row.title,
            specific_objective=row.specific_objective, call_kind=row.call_kind,
            state=derive_state(row.status_word, opens, closes, now),
            announced=date_value(row.announced_at, row.announced_precision), opens=opens, closes=closes,
            until_exhausted=row.until_exhausted, allocation_czk=row.allocation_czk,
            eligible_applicants=row.eligible_applicants, applicant_types=tuple(row.applicant_types),
            areas=tuple(row.areas), url=row.url, documents_url=row.documents_url, source_url=row.source_url,
            listed=row.listed, missed_runs=row.missed_runs, first_seen=row.first_seen, last_seen=row.last_seen,
            search_text=row.search_text, evidence=_evidence(getattr(row, "evidence", "")),
        )

    def corrected(self, kind: str) -> bool:
        """Whether a person set this kind of codes (``applicant_types`` or ``areas``) by hand."""
        phrases = self.evidence.get(kind, {})
        return bool(phrases) and all(p == MANUAL for p in phrases.values())

    @property
    def ref(self) -> str:
        """``opzplus:03_26_112``: how the CLI and the app's URLs name a call."""
        return f"{self.source}:{self.external_id}"

    @property
    def label(self) -> str:
        return f"{source_label(self.source)} {self.external_id} – {self.title}"

    @property
    def is_live(self) -> bool:
        """Still worth applying to: open, planned or of unknown state, and still on its site."""
        return self.listed and self.state in LIVE_STATES

    def to_dict(self) -> dict[str, Any]:
        """The public JSON form of a call (the ``tracker calls --json`` contract)."""
        return {
            "source": self.source,
            "external_id": self.external_id,
            "programme": self.programme,
            "title": self.title,
            "specific_objective": self.specific_objective,
            "call_kind": self.call_kind,
            "state": self.state.value,
            "announced_at": _iso(self.announced),
            "announced_precision": _precision(self.announced),
            "opens_at": _iso(self.opens),
            "opens_precision": _precision(self.opens),
            "closes_at": _iso(self.closes),
            "closes_precision": _precision(self.closes),
            "until_exhausted": self.until_exhausted,
            "allocation_czk": self.allocation_czk,
            "eligible_applicants": self.eligible_applicants,
            "applicant_types": list(self.applicant_types),
            "areas": list(self.areas),
            "evidence": {kind: dict(self.evidence.get(kind, {})) for kind in ("applicant_types", "areas")},
            "url": self.url,
            "documents_url": self.documents_url,
            "source_url": self.source_url,
            "listed": self.listed,
            "missed_runs": self.missed_runs,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }


def store_states(session: Session, now: datetime, source: str | None = None) -> int:
    """The daily writer: bring stored states up to ``now`` as deadlines pass; returns how many moved."""
    query = select(Call).where(Call.state != CallState.CANCELLED)
    if source:
        query = query.where(Call.source == source)
    moved = 0
    for call in session.exec(query):
        state = CallView.of(call, now).state
        if state != call.state:
            call.state = state
            session.add(call)
            moved += 1
    return moved
