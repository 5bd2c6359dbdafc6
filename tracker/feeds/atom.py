"""``/feeds/changes.atom``: new calls and changes for a filter as an Atom 1.0 feed (RFC 4287).

The same news as the e-mail digests (tracker.calls.news), from the last :data:`DAYS` days, newest
first, at most :data:`MAX_ENTRIES`. Entry ids are tag URIs that never change
(``tag:vyzvy-tracker,2026:change/<id>``, ``tag:vyzvy-tracker,2026:call/<source>/<external id>``),
and the body is the same bytes for the same data, so ETags hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlmodel import Session

from tracker.calls.filters import CallFilter
from tracker.calls.news import call_changes, new_calls, sentence
from tracker.calls.view import CallView
from tracker.intentions.store import get_intention, intention_calls
from tracker.settings import get_settings
from tracker.sources.registry import source_label
from tracker.subscriptions.digest import app_url, safe_url
from tracker.subscriptions.store import filter_summary
from tracker.text.czech import format_czk
from tracker.text.display import when_text
from tracker.text.vocabulary import AREA_LABELS

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG = "tag:vyzvy-tracker,2026:"
DAYS = 90
MAX_ENTRIES = 100
CONTENT_TYPE = "application/atom+xml; charset=utf-8"
EMPTY_FEED_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)  # a feed with no entries yet: a fixed, valid instant
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """Text fit for XML 1.0: characters XML cannot carry (control characters, lone surrogates) dropped."""
    return _NOT_XML.sub("", text or "")


def _stamp(when: datetime | None) -> str:
    return (when or EMPTY_FEED_UPDATED).astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _tag(*parts: str) -> str:
    return TAG + "/".join(quote(p, safe="") for p in parts)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime
    call: CallView
    text: str


def _summary(call: CallView) -> str:
    lines = [f"{source_label(call.source)} {call.external_id}: {call.title}", f"Uzávěrka: {when_text(call.closes)}"]
    if call.allocation_czk is not None:
        lines.append(f"Alokace: {format_czk(call.allocation_czk)}")
    if call.eligible_applicants:
        lines.append(f"Oprávnění žadatelé: {call.eligible_applicants[:500]}")
    return "\n".join(lines)


def _entries(session: Session, flt: CallFilter, now: datetime) -> list[Entry]:
    ids = intention_calls(session, flt.intention_id) if flt.intention_id is not None else None
    since = now - timedelta(days=DAYS)
    entries = [
        Entry(_tag("call", call.source, call.external_id), f"Nová výzva: {call.title}", call.first_seen or now,
              call, _summary(call))
        for call in new_calls(session, flt, now, ids, seen_since=since, limit=MAX_ENTRIES)
    ]
    for change, call in call_changes(session, flt.without_states(), now, ids, since=since, news_only=True,
                                     limit=MAX_ENTRIES, newest_first=True):
        text = sentence(change)
        entries.append(Entry(_tag("change", str(change.id)), f"{call.title}: {text}", change.detected_at or now,
                             call, f"{text}\n\n{_summary(call)}"))
    entries.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return entries[:MAX_ENTRIES]


def build_atom(session: Session, flt: CallFilter, now: datetime) -> bytes:
    """The Atom document for a filter (read-only); an unknown intention is a UserError."""
    settings = get_settings()
    title = get_intention(session, flt.intention_id).title if flt.intention_id is not None else None
    query = flt.query_string()
    entries = _entries(session, flt, now)
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrs)
        if text is not None:
            element.text = xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "cs"})
    sub(feed, "id", TAG + "changes" + (f"?{query}" if query else ""))
    sub(feed, "title", f"Výzvy – nové a změněné ({filter_summary(flt, title)})")
    sub(feed, "subtitle", "Nové výzvy a změny výzev z OPZ+, IROP a RSK LK")
    sub(feed, "updated", _stamp(max((e.updated for e in entries), default=None)))
    author = sub(feed, "author")
    sub(author, "name", "Výzvy – RSK Libereckého kraje")
    sub(feed, "link", rel="self", type="application/atom+xml",
        href=f"{settings.feed_base_url}/feeds/changes.atom" + (f"?{query}" if query else ""))
    sub(feed, "link", rel="alternate", type="text/html", href=f"{settings.app_base_url}/")
    sub(feed, "generator", "vyzvy-tracker")
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "id", entry.id)
        sub(element, "title", entry.title[:300])
        sub(element, "updated", _stamp(entry.updated))
        url = safe_url(entry.call.url)
        if url:
            sub(element, "link", rel="alternate", type="text/html", href=url)
        sub(element, "link", rel="related", type="text/html", href=app_url(entry.call, settings))
        for area in entry.call.areas:
            sub(element, "category", term=area, label=AREA_LABELS.get(area, area))
        sub(element, "content", entry.text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
