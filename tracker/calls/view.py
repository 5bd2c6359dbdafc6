"""Calls as the rest of the tracker sees them: state, normalisation, queries, JSON form."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.clock import PRAGUE
from tracker.sources.records import CallRecord
from tracker.storage.models import Call, CallChange, CallState
from tracker.text.classify import classify_applicants, classify_areas, fold
from tracker.text.czech import DateValue, Precision

CANCEL_WORDS = ("zrusen",)  # "zrušena", "Zrušená", "zrušení výzvy"
CLOSED_WORDS = ("uzavren", "ukoncen")
OPEN_WORDS = ("otevren", "vyhlasen")
PLANNED_WORDS = ("planovan", "planned", "pripravovan")


def derive_state(status_word: str | None, opens: DateValue | None, closes: DateValue | None,
                 now: datetime) -> CallState:
    """A call's state at ``now`` from its dates and the page's explicit words.

    Only an explicit word cancels. A passed deadline closes whatever the page says; an
    explicit "Uzavřená" closes early. The OPZ+ "Typ výzvy" never reaches this function.
    """
    word = fold(status_word or "")
    if any(w in word for w in CANCEL_WORDS):
        return CallState.CANCELLED
    if closes is not None and now >= closes.end:
        return CallState.CLOSED
    if any(word.startswith(w) for w in CLOSED_WORDS):
        return CallState.CLOSED
    if opens is not None:
        return CallState.PLANNED if now < opens.when else CallState.OPEN
    if any(word.startswith(w) for w in OPEN_WORDS):
        return CallState.OPEN
    if any(word.startswith(w) for w in PLANNED_WORDS):
        return CallState.PLANNED
    if closes is not None:
        return CallState.OPEN
    return CallState.UNKNOWN


def date_value(at: datetime | None, precision: str) -> DateValue | None:
    if at is None or precision == Precision.NONE:
        return None
    return DateValue(at, Precision(precision))


def call_dates(call: Call) -> tuple[DateValue | None, DateValue | None, DateValue | None]:
    return (
        date_value(call.announced_at, call.announced_precision),
        date_value(call.opens_at, call.opens_precision),
        date_value(call.closes_at, call.closes_precision),
    )


def state_of(call: Call, now: datetime) -> CallState:
    _, opens, closes = call_dates(call)
    return derive_state(call.status_word, opens, closes, now)


# Fields a crawl sets; a difference in any of them is a CallChange.
TRACKED_FIELDS = (
    "title", "programme", "specific_objective", "call_kind", "call_mode", "status_word",
    "announced", "opens", "closes", "until_exhausted", "allocation_czk", "eligible_applicants",
    "url", "documents_url", "source_url", "notes",
)


def normalised_fields(record: CallRecord) -> dict[str, Any]:
    """The column values a record stands for (dates split into instant and precision)."""
    values: dict[str, Any] = {
        name: getattr(record, name) for name in TRACKED_FIELDS if name not in ("announced", "opens", "closes")
    }
    for name in ("announced", "opens", "closes"):
        value: DateValue | None = getattr(record, name)
        values[f"{name}_at"] = value.when if value else None
        values[f"{name}_precision"] = value.precision.value if value else Precision.NONE.value
    values["applicant_types"] = classify_applicants(record.eligible_applicants)
    area_text = " ".join(filter(None, (record.title, record.specific_objective, record.area_text)))
    values["areas"] = classify_areas(area_text)
    return values


def comparable(call: Call | None, values: dict[str, Any], name: str) -> str | None:
    """A tracked field's value as text, the form a CallChange records."""
    if name in ("announced", "opens", "closes"):
        if call is not None:
            at, precision = getattr(call, f"{name}_at"), getattr(call, f"{name}_precision")
        else:
            at, precision = values[f"{name}_at"], values[f"{name}_precision"]
        value = date_value(at, precision)
        return value.iso() if value else None
    raw = getattr(call, name) if call is not None else values[name]
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


def content_hash(values: dict[str, Any]) -> str:
    payload = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in sorted(values.items())}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def refresh_states(session: Session, now: datetime, source: str | None = None) -> int:
    """Bring stored states up to ``now`` (deadlines pass without a crawl); returns how many moved."""
    query = select(Call).where(Call.state != CallState.CANCELLED)
    if source:
        query = query.where(Call.source == source)
    moved = 0
    for call in session.exec(query):
        state = state_of(call, now)
        if state != call.state:
            call.state = state
            session.add(call)
            moved += 1
    return moved


class FilterError(ValueError):
    """A filter naming something that does not exist; ``cs`` is the Czech message."""

    def __init__(self, en: str, cs: str):
        super().__init__(en)
        self.cs = cs


def check_codes(name: str, values: Sequence[str] | None, allowed: Sequence[str]) -> tuple[str, ...]:
    """The filter's values, each once; an unknown one is an error, never an empty result."""
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise FilterError(f"unknown {name} {', '.join(map(repr, unknown))}; use one of: {', '.join(allowed)}",
                          f"neznámá hodnota filtru {name}: {', '.join(unknown)}")
    return tuple(dict.fromkeys(values))


def call_conditions(
    *,
    sources: Sequence[str] = (),
    states: Sequence[str] = (),
    applicant_types: Sequence[str] = (),
    areas: Sequence[str] = (),
    closes_from: date | None = None,
    closes_to: date | None = None,
    include_unlisted: bool = True,
) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions for the call filters: every filter must hold, any value within one filter."""
    conditions: list[sa.ColumnElement[bool]] = []
    if sources:
        conditions.append(Call.source.in_(sources))
    if states:
        conditions.append(Call.state.in_(states))
    if applicant_types:
        conditions.append(sa.or_(*(Call.applicant_types.like(f"%|{code}|%") for code in applicant_types)))
    if areas:
        conditions.append(sa.or_(*(Call.areas.like(f"%|{code}|%") for code in areas)))
    if closes_from is not None:
        conditions.append(Call.closes_at >= _day_start(closes_from))
    if closes_to is not None:
        conditions.append(Call.closes_at < _day_start(closes_to, plus_days=1))
    if not include_unlisted:
        conditions.append(Call.listed.is_(True))
    return conditions


def query_calls(session: Session, text: str | None = None, **filters: Any) -> list[Call]:
    """Calls matching the filters of :func:`call_conditions` and a text in the title or eligible
    applicants (any case, with or without diacritics), soonest deadline first."""
    query = select(Call).where(*call_conditions(**filters))
    query = query.order_by(Call.closes_at.is_(None), Call.closes_at, Call.source, Call.external_id)
    found = list(session.exec(query))
    if text and text.strip():
        needle = fold(text)
        found = [c for c in found if needle in fold(f"{c.title} {c.eligible_applicants}")]
    return found


def _day_start(d: date, plus_days: int = 0) -> datetime:
    d = d + timedelta(days=plus_days)
    return datetime(d.year, d.month, d.day, tzinfo=PRAGUE)


def _iso_value(at: datetime | None, precision: str) -> str | None:
    value = date_value(at, precision)
    return value.iso() if value else None


def call_to_dict(call: Call) -> dict[str, Any]:
    """The public JSON form of a call (the ``tracker calls --json`` contract)."""
    return {
        "source": call.source,
        "external_id": call.external_id,
        "programme": call.programme,
        "title": call.title,
        "specific_objective": call.specific_objective,
        "call_kind": call.call_kind,
        "state": call.state,
        "announced_at": _iso_value(call.announced_at, call.announced_precision),
        "announced_precision": call.announced_precision,
        "opens_at": _iso_value(call.opens_at, call.opens_precision),
        "opens_precision": call.opens_precision,
        "closes_at": _iso_value(call.closes_at, call.closes_precision),
        "closes_precision": call.closes_precision,
        "until_exhausted": call.until_exhausted,
        "allocation_czk": call.allocation_czk,
        "eligible_applicants": call.eligible_applicants,
        "applicant_types": call.applicant_types,
        "areas": call.areas,
        "url": call.url,
        "documents_url": call.documents_url,
        "source_url": call.source_url,
        "listed": call.listed,
        "missed_runs": call.missed_runs,
        "first_seen": call.first_seen.isoformat() if call.first_seen else None,
        "last_seen": call.last_seen.isoformat() if call.last_seen else None,
    }


def query_changes(session: Session, since: date | None = None, call_id: int | None = None
                  ) -> list[tuple[CallChange, Call]]:
    query = select(CallChange, Call).join(Call, CallChange.call_id == Call.id)
    if call_id is not None:
        query = query.where(CallChange.call_id == call_id)
    if since is not None:
        query = query.where(CallChange.detected_at >= _day_start(since))
    query = query.order_by(CallChange.detected_at, CallChange.id)
    return list(session.exec(query))


def change_to_dict(change: CallChange, call: Call) -> dict[str, Any]:
    return {
        "source": call.source,
        "external_id": call.external_id,
        "title": call.title,
        "field": change.field,
        "old": change.old_value,
        "new": change.new_value,
        "detected_at": change.detected_at.isoformat() if change.detected_at else None,
    }


CALL_EXPORT_COLUMNS = (
    "source", "external_id", "programme", "title", "state", "opens_at", "opens_precision", "closes_at",
    "closes_precision", "until_exhausted", "allocation_czk", "eligible_applicants", "applicant_types", "areas",
    "url", "documents_url", "listed",
)


def export_rows(calls: Sequence[Call]) -> list[list[Any]]:
    """Calls as a table for CSV/XLSX: one header row, lists joined with ``;``."""
    rows: list[list[Any]] = [list(CALL_EXPORT_COLUMNS)]
    for call in calls:
        data = call_to_dict(call)
        rows.append([";".join(v) if isinstance(v, list) else ("" if v is None else v)
                     for v in (data[c] for c in CALL_EXPORT_COLUMNS)])
    return rows
