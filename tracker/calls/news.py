"""What is new and what changed, for one filter: the common ground of the e-mail digests, the Atom
feed and ``tracker changes``/``/api/changes`` with filters.

A change counts for a filter when its call passes the filter *as it is now*. The digests and the
Atom feed test changes against the filter without its states, so that "výzva zrušena" still
reaches those who follow open calls.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.filters import CallFilter
from tracker.calls.view import VIEW_COLUMNS, CallView
from tracker.clock import PRAGUE
from tracker.storage.models import Call, CallChange
from tracker.text.display import change_sentence

# Fields whose changes are news for people (links to pages and files are not).
QUIET_FIELDS = ("url", "documents_url", "source_url")
VALUE_MAX = 300  # characters of an old or new text value quoted in a digest or feed


PAGE = 500  # rows read at a time when only the first few that pass the filter are wanted


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=PRAGUE)


def _rows(session: Session, query: Any, limited: bool) -> Iterator[Any]:
    """All rows, or — when the caller stops early — page by page, so a feed of the newest hundred
    items does not read ten thousand rows."""
    if not limited:
        yield from session.exec(query)
        return
    offset = 0
    while True:
        page = list(session.exec(query.limit(PAGE).offset(offset)))
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


def call_changes(session: Session, flt: CallFilter, now: datetime, intention_calls: Collection[int] | None = None,
                 *, since: date | datetime | None = None, after_id: int | None = None, news_only: bool = False,
                 limit: int | None = None, newest_first: bool = False) -> list[tuple[CallChange, CallView]]:
    """Changes of the calls passing ``flt`` at ``now`` (oldest first unless ``newest_first``)."""
    query = select(CallChange, Call).join(Call, CallChange.call_id == Call.id).where(
        *flt.conditions(intention_calls))
    if since is not None:
        start = since if isinstance(since, datetime) else _day_start(since)
        query = query.where(CallChange.detected_at >= start)
    if after_id is not None:
        query = query.where(CallChange.id > after_id)
    if news_only:
        query = query.where(CallChange.field.not_in(QUIET_FIELDS))
    order = (CallChange.detected_at.desc(), CallChange.id.desc()) if newest_first else \
        (CallChange.detected_at, CallChange.id)
    views: dict[int, CallView] = {}
    out: list[tuple[CallChange, CallView]] = []
    for change, call in _rows(session, query.order_by(*order), limit is not None):
        view = views.get(call.id)
        if view is None:
            view = views[call.id] = CallView.of(call, now)
        if flt.matches(view, intention_calls):
            out.append((change, view))
            if limit is not None and len(out) >= limit:
                break
    return out


def new_calls(session: Session, flt: CallFilter, now: datetime, intention_calls: Collection[int] | None = None,
              *, after_id: int | None = None, seen_since: datetime | None = None,
              limit: int | None = None) -> list[CallView]:
    """Calls first seen after ``after_id`` / since ``seen_since`` that pass ``flt`` and can still be
    applied to, newest first."""
    query = select(*VIEW_COLUMNS).where(*flt.conditions(intention_calls))
    if after_id is not None:
        query = query.where(Call.id > after_id)
    if seen_since is not None:
        query = query.where(Call.first_seen >= seen_since)
    out: list[CallView] = []
    for row in _rows(session, query.order_by(Call.first_seen.desc(), Call.id.desc()), limit is not None):
        view = CallView.of(row, now)
        if view.is_live and flt.matches(view, intention_calls):
            out.append(view)
            if limit is not None and len(out) >= limit:
                break
    return out


def shorten(value: str | None, limit: int = VALUE_MAX) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def sentence(change: CallChange) -> str:
    """The change in Czech, long texts shortened."""
    return change_sentence(change.field, shorten(change.old_value), shorten(change.new_value))
