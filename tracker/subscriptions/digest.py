"""E-mail digests: for each subscription, what is new since its last digest, in Czech, as text and HTML.

A digest lists **new calls** (first seen after the subscription started, still open to
applications), **changes** (old and new value, e.g. "uzávěrka posunuta z … na …") and calls
**closing soon** (deadline within 14 days). Every item has a key (``new:12``, ``change:34``,
``soon:12:<deadline>``); a key is recorded in ``digest_item`` only once the SMTP server has taken
the message, so nothing is mailed twice and a failed send is retried by the next run. Nothing
new → no e-mail.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import quote

from sqlmodel import Session, select

from tracker.calls.news import call_changes, new_calls, sentence
from tracker.calls.view import VIEW_COLUMNS, CallView
from tracker.errors import UserError
from tracker.intentions.store import intention_calls
from tracker.settings import Settings, get_settings
from tracker.sources.registry import source_label
from tracker.storage import locks
from tracker.storage.db import session_scope
from tracker.storage.models import Call, DigestItem, Subscription
from tracker.subscriptions.mail import Mailer, MailError, new_message, one_line
from tracker.subscriptions.store import RHYTHMS, describe, links, purge_pending
from tracker.text.czech import Precision, date_czech, format_czk
from tracker.text.display import days_left, when_text

log = logging.getLogger(__name__)
CLOSING_SOON_DAYS = 14
MAX_ITEMS_PER_SECTION = 50  # a digest stays readable; the rest waits for the next one
FAILURES_TO_STOP = 3  # consecutive failed sends after which a run gives up (the rest is retried next time)
DIGEST_LOCK = "digest"  # one digest run at a time (tracker.storage.locks): two would send the same items
DIGEST_LOCK_STALE_S = 3600  # a run holding it longer than this (on another host) is taken to be gone


def _plural(count: int, one: str, few: str, many: str) -> str:
    return f"{count} {one if count == 1 else few if 2 <= count <= 4 else many}"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from scraped pages reach an e-mail or a feed."""
    if url and url.lower().startswith(("http://", "https://")) and len(url) <= 2000:
        return "".join(url.split())
    return None


def app_url(call: CallView, settings: Settings | None = None) -> str:
    """The call's detail in the app: ``{TRACKER_PUBLIC_APP_URL}/vyzvy?call=opzplus:03_25_095``."""
    return f"{(settings or get_settings()).app_base_url}/vyzvy?call={quote(call.ref, safe=':')}"


@dataclass
class ChangedCall:
    call: CallView
    sentences: list[str] = field(default_factory=list)


@dataclass
class Digest:
    """What one subscription gets now (empty → no e-mail)."""

    subscription_id: int
    email: str
    rhythm: str
    summary: str  # the filter in Czech
    unsubscribe_url: str
    new: list[CallView] = field(default_factory=list)
    changed: list[ChangedCall] = field(default_factory=list)
    closing: list[CallView] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.closing)

    @property
    def change_count(self) -> int:
        return sum(len(c.sentences) for c in self.changed)

    @property
    def subject(self) -> str:
        """``Výzvy: 2 nové, 1 změna, 1 brzy končí — bydlení, obec``."""
        parts = []
        if self.new:
            parts.append(_plural(len(self.new), "nová", "nové", "nových"))
        if self.changed:
            parts.append(_plural(self.change_count, "změna", "změny", "změn"))
        if self.closing:
            parts.append(f"{len(self.closing)} brzy končí")
        return one_line(f"Výzvy: {', '.join(parts)} — {self.summary}")


def _closing_soon(view: CallView, now: datetime) -> bool:
    closes = view.closes
    if closes is None or closes.precision not in (Precision.DATETIME, Precision.DAY) or not view.is_live:
        return False
    return now < closes.end and (closes.when.date() - now.date()).days <= CLOSING_SOON_DAYS


def _soon_key(view: CallView) -> str:
    assert view.closes is not None
    return f"soon:{view.id}:{view.closes.iso()}"


def collect(session: Session, sub: Subscription, now: datetime, settings: Settings | None = None) -> Digest:
    """The digest a subscription would get now (read-only). A filter naming a deleted intention is a
    :class:`UserError`."""
    settings = settings or get_settings()
    flt, summary = describe(session, sub)
    ids = intention_calls(session, flt.intention_id) if flt.intention_id is not None else None
    sent = set(session.exec(select(DigestItem.item_key).where(DigestItem.subscription_id == sub.id)))
    digest = Digest(subscription_id=sub.id or 0, email=sub.email, rhythm=sub.rhythm, summary=summary,
                    unsubscribe_url=links(sub, settings)[1])
    for view in reversed(new_calls(session, flt, now, ids, after_id=sub.since_call_id)):
        if f"new:{view.id}" not in sent and len(digest.new) < MAX_ITEMS_PER_SECTION:
            digest.new.append(view)
            digest.keys.append(f"new:{view.id}")
            if _closing_soon(view, now):
                digest.keys.append(_soon_key(view))
    by_call: dict[int, ChangedCall] = {}
    for change, view in call_changes(session, flt.without_states(), now, ids, after_id=sub.since_change_id,
                                     news_only=True):
        key = f"change:{change.id}"
        if key in sent:
            continue
        if view.id not in by_call:
            if len(by_call) >= MAX_ITEMS_PER_SECTION:
                continue
            by_call[view.id] = ChangedCall(view)
        by_call[view.id].sentences.append(sentence(change))
        digest.keys.append(key)
    digest.changed = list(by_call.values())
    query = select(*VIEW_COLUMNS).where(*flt.conditions(ids), Call.closes_at >= now - timedelta(days=1),
                                        Call.closes_at < now + timedelta(days=CLOSING_SOON_DAYS + 1))
    new_ids = {v.id for v in digest.new}
    for row in session.exec(query.order_by(Call.closes_at, Call.id)):
        view = CallView.of(row, now)
        if (view.id in new_ids or not _closing_soon(view, now) or not flt.matches(view, ids)
                or _soon_key(view) in sent or len(digest.closing) >= MAX_ITEMS_PER_SECTION):
            continue
        digest.closing.append(view)
        digest.keys.append(_soon_key(view))
    return digest


# --- the message ----------------------------------------------------------------------------


def _facts(call: CallView, now: datetime) -> str:
    deadline = when_text(call.closes)
    left = days_left(call.closes, now)
    parts = [f"uzávěrka {deadline}" + (f" ({left})" if left else "")]
    if call.allocation_czk is not None:
        parts.append(f"alokace {format_czk(call.allocation_czk)}")
    return " · ".join(parts)


def _heading(call: CallView) -> str:
    return one_line(f"{source_label(call.source)} {call.external_id} – {call.title}", 300)


def _text_item(call: CallView, now: datetime, settings: Settings, lines: list[str] = ()) -> list[str]:
    out = [f"* {_heading(call)}"]
    out += [f"  - {one_line(line, 700)}" for line in lines]
    out.append(f"  {_facts(call, now)}")
    url = safe_url(call.url)
    if url:
        out.append(f"  Stránka výzvy: {url}")
    out.append(f"  V aplikaci: {app_url(call, settings)}")
    return out + [""]


def _html_item(call: CallView, now: datetime, settings: Settings, lines: list[str] = ()) -> str:
    e = html.escape
    parts = [f'<li style="margin:0 0 14px 0"><strong>{e(_heading(call))}</strong>']
    if lines:
        parts.append('<ul style="margin:4px 0;padding-left:18px">'
                     + "".join(f"<li>{e(one_line(line, 700))}</li>" for line in lines) + "</ul>")
    parts.append(f'<div style="color:#444">{e(_facts(call, now))}</div>')
    anchors = []
    url = safe_url(call.url)
    if url:
        anchors.append(f'<a href="{e(url, quote=True)}">stránka výzvy</a>')
    anchors.append(f'<a href="{e(app_url(call, settings), quote=True)}">detail v aplikaci</a>')
    parts.append(f"<div>{' · '.join(anchors)}</div></li>")
    return "".join(parts)


def _page(title: str, body: str) -> str:
    """A self-contained HTML e-mail body: inline styles, no remote images or fonts."""
    return ('<!DOCTYPE html>\n<html lang="cs"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head>"
            '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;'
            'line-height:1.45;color:#1a1a1a;background:#ffffff">'
            f'<div style="max-width:680px;margin:0 auto">{body}</div></body></html>\n')


def bodies(digest: Digest, now: datetime, settings: Settings | None = None) -> tuple[str, str]:
    """The plain-text and the HTML part of a digest."""
    settings = settings or get_settings()
    e = html.escape
    rhythm = RHYTHMS.get(digest.rhythm, digest.rhythm)
    intro = f"Přehled výzev pro odběr „{digest.summary}“ ({rhythm}), stav k {date_czech(now)}."
    text = [digest.subject, "", intro, ""]
    markup = [f'<h1 style="font-size:20px;margin:0 0 8px 0">{e(digest.subject)}</h1>',
              f'<p style="color:#444;margin:0 0 16px 0">{e(intro)}</p>']
    sections = [
        ("Nové výzvy", [(c, []) for c in digest.new]),
        ("Změny", [(c.call, c.sentences) for c in digest.changed]),
        (f"Končí do {CLOSING_SOON_DAYS} dní", [(c, []) for c in digest.closing]),
    ]
    for title, items in sections:
        if not items:
            continue
        text += [f"{title.upper()} ({len(items)})", ""]
        markup.append(f'<h2 style="font-size:17px;margin:20px 0 8px 0;border-bottom:1px solid #ccc">'
                      f"{e(title)} ({len(items)})</h2>"
                      '<ul style="margin:0;padding-left:20px">')
        for call, lines in items:
            text += _text_item(call, now, settings, lines)
            markup.append(_html_item(call, now, settings, lines))
        markup.append("</ul>")
    footer = f"Tento přehled dostáváte, protože jste si objednali odběr výzev ({rhythm})."
    text += ["-- ", footer, f"Zrušit odběr jedním kliknutím: {digest.unsubscribe_url}", ""]
    markup.append(f'<hr style="border:0;border-top:1px solid #ccc;margin:24px 0 8px 0">'
                  f'<p style="font-size:13px;color:#555">{e(footer)} '
                  f'<a href="{e(digest.unsubscribe_url, quote=True)}">Zrušit odběr</a></p>')
    return "\n".join(text), _page(digest.subject, "".join(markup))


def compose(digest: Digest, now: datetime, settings: Settings | None = None) -> EmailMessage:
    """The digest as an e-mail with RFC 8058 one-click unsubscribe headers."""
    settings = settings or get_settings()
    text, markup = bodies(digest, now, settings)
    return new_message(digest.email, digest.subject, text, markup, settings=settings, headers={
        "List-Unsubscribe": f"<{digest.unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Vyzvy <digest.vyzvy-tracker>",
        "Precedence": "bulk",
    })


def confirmation_bodies(summary: str, rhythm: str, confirm_url: str) -> tuple[str, str]:
    """The double opt-in e-mail's text and HTML."""
    lead = "Dobrý den,"
    asked = "někdo (nejspíš vy) požádal o zasílání přehledů nových a změněných výzev na tuto adresu:"
    ignore = "Pokud jste o odběr nežádali, tento e-mail ignorujte; bez potvrzení vám nic dalšího nepošleme."
    text = "\n".join([lead, "", asked, f"  filtr: {summary}", f"  jak často: {rhythm}", "",
                      "Odběr potvrdíte tímto odkazem:", confirm_url, "", ignore, ""])
    e = html.escape
    body = (f"<p>{e(lead)}</p><p>{e(asked)}</p><ul><li>filtr: {e(summary)}</li><li>jak často: {e(rhythm)}</li></ul>"
            f'<p><a href="{e(confirm_url, quote=True)}" style="display:inline-block;padding:8px 14px;'
            f'background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">Potvrdit odběr</a></p>'
            f'<p style="font-size:13px;color:#555">Odkaz: {e(confirm_url)}</p><p style="color:#555">{e(ignore)}</p>')
    return text, _page("Potvrďte odběr výzev", body)


# --- sending --------------------------------------------------------------------------------


def is_due(sub: Subscription, now: datetime, force: bool = False) -> bool:
    """Daily: once a day; weekly: on Mondays; ``force``: every confirmed subscription now."""
    if not sub.confirmed:
        return False
    if force:
        return True
    if sub.last_sent_at is not None and sub.last_sent_at.date() >= now.date():
        return False
    return sub.rhythm == "daily" or now.weekday() == 0


@dataclass
class DigestResult:
    subscription_id: int
    email: str
    subject: str
    items: int
    message: EmailMessage | None = None
    sent: bool = False
    error: str | None = None
    skipped: bool = False  # its filter no longer holds (a deleted intention): nothing to retry

    def line(self) -> str:
        if self.error is not None:
            return f"{'skipped' if self.skipped else 'failed'} #{self.subscription_id} {self.email}: {self.error}"
        return f"sent #{self.subscription_id} to {self.email}: {self.subject} ({self.items} item(s))"


def _record(digest: Digest, now: datetime) -> None:
    with session_scope() as session:
        sub = session.get(Subscription, digest.subscription_id)
        if sub is None:  # unsubscribed while the message was on its way
            return
        session.add_all(DigestItem(subscription_id=sub.id, item_key=key, sent_at=now) for key in digest.keys)
        sub.last_sent_at = now
        session.add(sub)


def send_digests(now: datetime, *, force: bool = False, dry_run: bool = False,
                 mailer_factory: Callable[[], Mailer] = Mailer.from_settings) -> list[DigestResult]:
    """Send every digest due at ``now``; with ``dry_run`` compose them and record nothing.

    One run sends at a time: while another holds the lock, raises :class:`tracker.storage.locks.LockHeld`
    and sends nothing (a dry run needs no lock)."""
    if dry_run:
        return _send_digests(now, force=force, dry_run=True, mailer_factory=mailer_factory)
    with locks.held(DIGEST_LOCK, DIGEST_LOCK_STALE_S, what="a digest run"):
        return _send_digests(now, force=force, dry_run=False, mailer_factory=mailer_factory)


def _send_digests(now: datetime, *, force: bool, dry_run: bool,
                  mailer_factory: Callable[[], Mailer]) -> list[DigestResult]:
    with session_scope() as session:
        if not dry_run:
            purge_pending(session, now)
        subs = [s for s in session.exec(select(Subscription).where(Subscription.confirmed.is_(True))
                                        .order_by(Subscription.id)) if is_due(s, now, force)]
    results: list[DigestResult] = []
    mailer: Mailer | None = None
    failures = 0
    try:
        for sub in subs:
            try:
                with session_scope() as session:
                    digest = collect(session, sub, now)
            except UserError as exc:
                results.append(DigestResult(sub.id or 0, sub.email, "", 0, error=exc.en, skipped=True))
                continue
            if not digest:
                continue
            message = compose(digest, now)
            result = DigestResult(digest.subscription_id, digest.email, digest.subject, len(digest.keys), message)
            results.append(result)
            if dry_run:
                continue
            if failures >= FAILURES_TO_STOP:
                result.error = "not attempted after repeated failures (retried next time)"
                continue
            try:
                mailer = mailer or mailer_factory()
                mailer.send(message)
            except MailError as exc:
                failures += 1
                result.error = str(exc)
                log.warning("digest for subscription %s not sent: %s", sub.id, exc)
                continue
            failures = 0
            result.sent = True
            _record(digest, now)
    finally:
        if mailer is not None:
            mailer.close()
    return results
