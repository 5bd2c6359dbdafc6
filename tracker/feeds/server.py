"""The feed server (Starlette + uvicorn): ``GET /calendar.ics?area=…``, ``/feeds/changes.atom``, the
read-only JSON API under ``/api/`` (tracker.feeds.api), the pages behind the links in subscription
e-mails (``/subscriptions/confirm``, ``/subscriptions/unsubscribe``) and ``/healthz``.

A generated feed is kept until the data behind it change (see
:func:`tracker.feeds.ical.data_version`), so a client polling every few minutes costs one small
query; ETag and Last-Modified let it skip the body altogether.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
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


class BodyCache:
    """Generated API and Atom bodies by (what, filter, data version, five-minute slot): a burst of
    readers costs one build; states derived at "now" are at most five minutes old."""

    def __init__(self, size: int = 128):
        self.size = size
        self._entries: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    def get(self, kind: str, flt: CallFilter, extra: Any, build: Callable[[Any, datetime], bytes]) -> bytes:
        from sqlmodel import select

        from tracker.storage.models import CallChange, ScrapeRun

        now = clock.now()
        with session_scope() as session:
            if flt.intention_id is not None:
                get_intention(session, flt.intention_id)
            runs = session.connection().execute(sa.select(  # the newest run and change, each on its own
                select(sa.func.max(ScrapeRun.id)).scalar_subquery(),
                select(sa.func.max(CallChange.id)).scalar_subquery())).one()
            slot = (now.date(), now.hour, now.minute // 5)
            key = (kind, flt.key, extra, data_version(session, flt.intention_id), *runs, slot)
            with self._lock:
                body = self._entries.get(key)
                if body is not None:
                    self._entries.move_to_end(key)
                    return body
            body = build(session, now)
        with self._lock:
            self.misses += 1
            self._entries[key] = body
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return body


FORM_MAX_BYTES = 4096


async def _form_token(request: Request) -> str:
    """The ``token`` of a POST: in the query (the links and RFC 8058) or in a small form body."""
    token = request.query_params.get("token")
    if token:
        return token
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX_BYTES:
            return ""
    values = parse_qs(body.decode("utf-8", "replace"))
    return (values.get("token") or [""])[0]


def _etagged(request: Request, body: bytes, media_type: str) -> Response:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300"}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and etag in {t.strip().removeprefix("W/") for t in if_none_match.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _json_body(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _json_error(exc: UserError, status: int) -> Response:
    return Response(_json_body(exc.to_json()), status_code=status, media_type=JSON_TYPE)


JSON_TYPE = "application/json; charset=utf-8"


def _params(request: Request, *, without: tuple[str, ...] = ()) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in request.query_params if key not in without}


def create_app(cache: FeedCache | None = None) -> Starlette:
    from tracker.feeds import api
    from tracker.feeds.atom import CONTENT_TYPE as ATOM_TYPE
    from tracker.feeds.atom import build_atom
    from tracker.subscriptions import pages
    from tracker.subscriptions import store as subscriptions

    cache = cache or FeedCache()
    bodies = BodyCache()

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

    async def atom(request: Request) -> Response:
        try:
            flt = CallFilter.parse(_params(request))
            body = await run_in_threadpool(bodies.get, "atom", flt, None, lambda s, now: build_atom(s, flt, now))
        except UserError as exc:
            return PlainTextResponse(f"Bad request: {'; '.join(exc.english())}\n", status_code=400)
        except sa.exc.SQLAlchemyError:
            log.exception("the Atom feed could not read the database")
            return PlainTextResponse("The feed is temporarily unavailable.\n", status_code=503)
        return _etagged(request, body, ATOM_TYPE)

    async def api_json(request: Request, kind: str, flt_params: dict[str, list[str]], extra: Any,
                       build: Callable[[Any, datetime], Any], missing_status: int = 400) -> Response:
        try:
            flt = CallFilter.parse(flt_params)
            body = await run_in_threadpool(bodies.get, kind, flt, extra, lambda s, now: _json_body(build(s, now)))
        except UserError as exc:
            return _json_error(exc, missing_status if exc.field == "intention" and kind == "matches" else 400)
        except sa.exc.SQLAlchemyError:
            log.exception("the API could not read the database")
            return Response(_json_body({"error": {"message": "temporarily unavailable", "problems": []}}),
                            status_code=503, media_type=JSON_TYPE)
        return _etagged(request, body, JSON_TYPE)

    async def api_calls(request: Request) -> Response:
        params = _params(request)
        return await api_json(request, "calls", params, None,
                              lambda s, now: api.calls_json(s, CallFilter.parse(params), now))

    async def api_changes(request: Request) -> Response:
        from tracker.calls.filters import parse_day

        try:
            since = parse_day("since", _single(request, "since"))
        except UserError as exc:
            return _json_error(exc, 400)
        params = _params(request, without=("since",))
        return await api_json(request, "changes", params, since,
                              lambda s, now: api.changes_json(s, CallFilter.parse(params), since, now))

    async def api_matches(request: Request) -> Response:
        intention_id = request.path_params["intention_id"]
        if request.query_params:
            return _json_error(UserError("this endpoint takes no parameters", "Tato adresa nemá parametry.",
                                         field=next(iter(request.query_params))), 400)
        if not 0 < intention_id < 2**31:
            return _json_error(UserError(f"no intention with id {intention_id}", "Záměr neexistuje.",
                                         field="intention"), 404)
        return await api_json(request, "matches", {"intention": [str(intention_id)]}, None,
                              lambda s, now: api.matches_json(s, intention_id, now), missing_status=404)

    async def api_openapi(request: Request) -> Response:
        return Response(_json_body(api.openapi(get_settings().feed_base_url)), media_type=JSON_TYPE)

    async def api_docs(request: Request) -> Response:
        return HTMLResponse(api.docs_html(get_settings().feed_base_url))

    def _with_subscription(token: str, action: Callable[[Any, Any], str], change: Callable[..., Any]) -> str | None:
        with session_scope() as session:
            sub = change(session, token)
            return None if sub is None else action(session, sub)

    async def confirm(request: Request) -> Response:
        token = await _form_token(request) if request.method == "POST" else request.query_params.get("token", "")

        def show(session: Any, sub: Any) -> str:
            _, summary = subscriptions.describe(session, sub)
            if request.method == "POST" or sub.confirmed:
                return pages.confirmed_page(sub.email, summary)
            return pages.confirm_form(token, sub.email, summary, subscriptions.RHYTHMS.get(sub.rhythm, sub.rhythm))

        change = (lambda session, t: subscriptions.confirm(session, t, clock.now())) if request.method == "POST" \
            else subscriptions.find_by_confirm_token
        page = await run_in_threadpool(_with_subscription, token, show, change)
        if page is None:
            return HTMLResponse(pages.invalid_link_page(), status_code=404)
        return HTMLResponse(page)

    async def unsubscribe(request: Request) -> Response:
        if request.method == "POST":
            token = await _form_token(request)
            page = await run_in_threadpool(_with_subscription, token, lambda s, sub: pages.unsubscribed_page(),
                                           subscriptions.unsubscribe)
        else:
            token = request.query_params.get("token", "")

            def ask(session: Any, sub: Any) -> str:
                return pages.unsubscribe_form(token, sub.email, subscriptions.describe(session, sub)[1])

            page = await run_in_threadpool(_with_subscription, token, ask, subscriptions.find_by_unsubscribe_token)
        if page is None:
            return HTMLResponse(pages.invalid_link_page(), status_code=404)
        return HTMLResponse(page)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        status = exc.status_code
        if request.url.path.startswith("/api/"):
            return Response(_json_body({"error": {"message": "not found; see /api/openapi.json", "problems": []}}
                                       if status == 404 else {"error": {"message": str(exc.detail), "problems": []}}),
                            status_code=status, media_type=JSON_TYPE)
        text = "Not found. The calendar is at /calendar.ics\n" if status == 404 else f"{exc.detail}\n"
        return PlainTextResponse(text, status_code=status)

    return Starlette(
        routes=[
            Route("/calendar.ics", calendar), Route("/healthz", healthz),
            Route("/feeds/changes.atom", atom),
            Route("/api/calls", api_calls), Route("/api/changes", api_changes),
            Route("/api/intentions/{intention_id:int}/matches", api_matches),
            Route("/api/openapi.json", api_openapi), Route("/api/", api_docs), Route("/api/docs", api_docs),
            Route("/subscriptions/confirm", confirm, methods=["GET", "POST"]),
            Route("/subscriptions/unsubscribe", unsubscribe, methods=["GET", "POST"]),
        ],
        exception_handlers={HTTPException: not_found},
    )


def _single(request: Request, key: str) -> str | None:
    values = request.query_params.getlist(key)
    if len(values) > 1:
        raise UserError(f"give at most one value, got {len(values)}", f"Parametr {key} může mít jen jednu hodnotu.",
                        field=key)
    return values[0] if values else None


def _ping() -> None:
    with session_scope() as session:
        session.exec(sa.select(1))  # type: ignore[call-overload]


def serve(host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)
