"""Reading calls and their change history through the one filter and the one view."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.filters import CallFilter
from tracker.calls.view import VIEW_COLUMNS, CallView
from tracker.clock import PRAGUE
from tracker.storage.models import Call, CallChange

SOONEST_FIRST = (Call.closes_at.is_(None), Call.closes_at, Call.source, Call.external_id)


def select_calls(session: Session, flt: CallFilter, now: datetime,
                 intention_calls: Collection[int] | None = None) -> list[CallView]:
    """The calls passing ``flt`` at ``now``, soonest deadline first. SQL narrows, the view decides
    (the state is derived at ``now``)."""
    rows = session.exec(select(*VIEW_COLUMNS).where(*flt.conditions(intention_calls)).order_by(*SOONEST_FIRST))
    views = (CallView.of(row, now) for row in rows)
    return [view for view in views if flt.matches(view, intention_calls)]


def find_call(session: Session, source: str, external_id: str) -> Call | None:
    return session.exec(select(Call).where(Call.source == source, Call.external_id == external_id)).first()


def query_changes(session: Session, since: date | None = None, call_id: int | None = None
                  ) -> list[tuple[CallChange, Call]]:
    query = select(CallChange, Call).join(Call, CallChange.call_id == Call.id)
    if call_id is not None:
        query = query.where(CallChange.call_id == call_id)
    if since is not None:
        query = query.where(CallChange.detected_at >= datetime(since.year, since.month, since.day, tzinfo=PRAGUE))
    query = query.order_by(CallChange.detected_at, CallChange.id)
    return list(session.exec(query))


def change_to_dict(change: CallChange, call: Call) -> dict[str, Any]:
    """The public JSON form of a change (the ``tracker changes --json`` contract)."""
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


def export_rows(calls: Sequence[CallView]) -> list[list[Any]]:
    """Calls as a table for CSV/XLSX: one header row, lists joined with ``;``."""
    rows: list[list[Any]] = [list(CALL_EXPORT_COLUMNS)]
    for call in calls:
        data = call.to_dict()
        rows.append([";".join(v) if isinstance(v, list) else ("" if v is None else v)
                     for v in (data[c] for c in CALL_EXPORT_COLUMNS)])
    return rows
