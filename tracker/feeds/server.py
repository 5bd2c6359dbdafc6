"""The calendar feed over HTTP: ``GET /calendar.ics?area=…`` and ``/healthz`` (Starlette + uvicorn).

A generated feed is kept until the data behind it change (see
:func:`tracker.feeds.ical.data_version`), so a client polling every few minutes costs one small
query; ETag and Last-Modified let it skip the body altogether.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tracker import clock
from tracker.calls.filters import CallFilter
from tracker.errors import UserError
from tracker.feeds.ical import Feed, build_feed, data_version
from tracker.intentions.store import get_intention
from tracker.settings import get_settings
from tracker.storage.db import session_scope

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/calendar; charset=utf-8"


class FeedCache:
    """Generated feeds by (filter, data version, day); the day matters for the state filter.

    Bounded by the bytes of the feeds it holds (``TRACKER_FEED_CACHE_MB``), least recently used
    first out: 72 filters of 10,000 calls once held 553 MB. The key is the filter's canonical
    form, so ``area=a,b`` and ``area=b,a`` are one entry."""

    def __init__(self, max_bytes: int | None = None):
        self.max_bytes = max_bytes if max_bytes is not None else get_settings().feed_cache_mb * 2**20
        self._entries: OrderedDict[tuple[Any, ...], Feed] = OrderedDict()
        self._lock = threading.Lock()
        self.size_bytes = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, flt: CallFilter, now: datetime | None = None) -> Feed:
        now = now or clock.now()
        with session_scope() as session:
            if flt.intention_id is not None:  # it must still exist even when its feed is cached
                get_intention(session, flt.intention_id)
            key = (flt.key, data_version(session, flt.intention_id), now.date())
            with self._lock:
                feed = self._entries.get(key)
                if feed is not None:
                    self._entries.move_to_end(key)
                    return feed
            feed = build_feed(session, flt, now)
        with self._lock:
            self.misses += 1
            if len(feed.body) <= self.max_bytes and key not in self._entries:
                self._entries[key] = feed
                self.size_bytes += len(feed.body)
                while self.size_bytes > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self.size_bytes -= len(dropped.body)
        return feed


def _not_modified(request: Request, feed: Feed) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or feed.etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError, OverflowError):  # e.g. the year 99999999999999999999
            return False  # treated as absent
        if since.tzinfo is None:
            return False
        return feed.last_modified <= since
    return False


def create_app(cache: FeedCache | None = None) -> Starlette:
    cache = cache or FeedCache()

    async def calendar(request: Request) -> Response:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        try:
            flt = CallFilter.parse(params)
            feed = await run_in_threadpool(cache.get, flt)
        except UserError as exc:
            return PlainTextResponse(f"Bad request: {'; '.join(exc.english())}\n", status_code=400)
        except sa.exc.SQLAlchemyError:
            log.exception("the feed could not read the database")
            return PlainTextResponse("The calendar is temporarily unavailable.\n", status_code=503)
        headers = {
            "ETag": feed.etag,
            "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
            "Cache-Control": "public, max-age=300",
        }
        if _not_modified(request, feed):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = 'inline; filename="vyzvy.ics"'
        return Response(feed.body, media_type=CONTENT_TYPE, headers=headers)

    async def healthz(request: Request) -> Response:
        try:
            await run_in_threadpool(_ping)
        except sa.exc.SQLAlchemyError:
            return PlainTextResponse("database unavailable\n", status_code=503)
        return PlainTextResponse("ok\n")

    async def not_found(request: Request, exc: HTTPException) -> Response:
        status = exc.status_code
        text = "Not found. The calendar is at /calendar.ics\n" if status == 404 else f"{exc.detail}\n"
        return PlainTextResponse(text, status_code=status)

    return Starlette(
        routes=[Route("/calendar.ics", calendar), Route("/healthz", healthz)],
        exception_handlers={HTTPException: not_found},
    )


def _ping() -> None:
    with session_scope() as session:
        session.exec(sa.select(1))  # type: ignore[call-overload]


def serve(host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)
