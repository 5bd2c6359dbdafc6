"""Subscriptions: an e-mail address, a filter (one :class:`CallFilter`) and a rhythm, after a double opt-in.

A subscription is stored unconfirmed with two random tokens; the confirmation e-mail carries a
link with the first, every digest an unsubscribe link (and RFC 8058 headers) with the second.
When it starts (on confirmation) it notes the newest call and change so far: only what comes
after counts as new for it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.calls.filters import CallFilter
from tracker.errors import UserError
from tracker.intentions.store import get_intention
from tracker.settings import Settings, get_settings
from tracker.sources.registry import SOURCE_LABELS
from tracker.storage.models import Call, CallChange, Intention, Subscription
from tracker.subscriptions.mail import Mailer, new_message, validate_email
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, STATE_LABELS

RHYTHMS = {"daily": "denně", "weekly": "týdně (v pondělí)"}
TOKEN_BYTES = 24
TOKEN_MAX = 100  # longer "tokens" in a URL are refused without a query
MAX_PENDING_PER_ADDRESS = 5  # unconfirmed subscriptions one address may have
RESEND_AFTER = timedelta(minutes=10)  # a confirmation is not mailed again sooner
PENDING_DAYS = 30  # unconfirmed subscriptions older than this are deleted


def filter_summary(flt: CallFilter, intention_title: str | None = None) -> str:
    """The filter in a few Czech words for a subject line: ``bydlení, obec`` (``všechny výzvy`` when empty)."""
    parts: list[str] = []
    if intention_title is not None:
        parts.append(f"záměr {intention_title}")
    parts += [AREA_LABELS.get(a, a) for a in flt.areas]
    parts += [APPLICANT_LABELS.get(t, t) for t in flt.applicant_types]
    parts += [SOURCE_LABELS.get(s, s) for s in flt.sources]
    parts += [STATE_LABELS.get(s, s) for s in flt.states]
    if flt.search:
        parts.append(f"„{flt.search}“")
    if flt.closes_from or flt.closes_to:
        parts.append(f"uzávěrka {flt.closes_from or '…'} až {flt.closes_to or '…'}")
    return ", ".join(parts) or "všechny výzvy"


def describe(session: Session, sub: Subscription) -> tuple[CallFilter, str]:
    """A subscription's filter and its Czech summary (the intention's title, if it still exists)."""
    flt = CallFilter.from_query_string(sub.filter_query)
    title = None
    if flt.intention_id is not None:
        intention = session.get(Intention, flt.intention_id)
        title = intention.title if intention else f"č. {flt.intention_id} (smazaný)"
    return flt, filter_summary(flt, title)


def _check_rhythm(rhythm: str) -> str:
    if rhythm not in RHYTHMS:
        raise UserError(f"must be daily or weekly, got {rhythm[:40]!r}", "Vyberte, jak často posílat přehled.",
                        field="rhythm")
    return rhythm


def _start(session: Session, sub: Subscription, now: datetime) -> None:
    """From now on: the newest call and change so far are the baseline of what is new."""
    sub.confirmed, sub.confirmed_at = True, now
    sub.since_call_id = session.exec(select(sa.func.coalesce(sa.func.max(Call.id), 0))).one()
    sub.since_change_id = session.exec(select(sa.func.coalesce(sa.func.max(CallChange.id), 0))).one()


def links(sub: Subscription, settings: Settings | None = None) -> tuple[str, str]:
    """The confirmation and the unsubscribe URL (on the feed server)."""
    base = (settings or get_settings()).feed_base_url
    return (f"{base}/subscriptions/confirm?token={quote(sub.confirm_token)}",
            f"{base}/subscriptions/unsubscribe?token={quote(sub.unsubscribe_token)}")


def add_subscription(session: Session, email: str, flt: CallFilter, rhythm: str, now: datetime, *,
                     confirmed: bool = False, mailer: Mailer | None = None) -> tuple[Subscription, bool]:
    """Subscribe an address to a filter; returns the subscription and whether a confirmation e-mail was
    sent. The same address and filter again updates the rhythm (and re-sends a confirmation not yet
    acted on, at most every 10 minutes). Caller commits; a failed confirmation e-mail raises
    :class:`~tracker.subscriptions.mail.MailError` before anything is committed."""
    address = validate_email(email)
    _check_rhythm(rhythm)
    intention_title = get_intention(session, flt.intention_id).title if flt.intention_id is not None else None
    query = flt.query_string()
    sub = session.exec(select(Subscription).where(Subscription.email == address,
                                                  Subscription.filter_query == query)).first()
    if sub is None:
        pending = session.exec(select(sa.func.count(Subscription.id)).where(
            Subscription.email == address, Subscription.confirmed.is_(False))).one()
        if not confirmed and pending >= MAX_PENDING_PER_ADDRESS:
            raise UserError(f"{address} already has {pending} unconfirmed subscriptions",
                            "Na tuto adresu už čeká několik nepotvrzených odběrů; potvrďte je odkazem v e-mailu.",
                            field="email")
        sub = Subscription(email=address, filter_query=query, rhythm=rhythm, created_at=now,
                           confirm_token=secrets.token_urlsafe(TOKEN_BYTES),
                           unsubscribe_token=secrets.token_urlsafe(TOKEN_BYTES))
    sub.rhythm = rhythm
    send = False
    if confirmed and not sub.confirmed:
        _start(session, sub, now)
    elif not sub.confirmed:
        last = sub.confirmation_sent_at
        send = last is None or now - last >= RESEND_AFTER or now < last
    session.add(sub)
    session.flush()
    if send:
        (mailer or Mailer.from_settings()).send(confirmation_message(sub, filter_summary(flt, intention_title)))
        sub.confirmation_sent_at = now
        session.add(sub)
    return sub, send


def confirmation_message(sub: Subscription, summary: str, settings: Settings | None = None) -> Any:
    """The double opt-in e-mail: what was asked for and the link that activates it."""
    from tracker.subscriptions.digest import confirmation_bodies

    settings = settings or get_settings()
    confirm_url, _ = links(sub, settings)
    text, html = confirmation_bodies(summary, RHYTHMS[sub.rhythm], confirm_url)
    return new_message(sub.email, f"Potvrďte odběr výzev — {summary}", text, html, settings=settings)


def _by_token(session: Session, column: Any, token: str) -> Subscription | None:
    if not token or len(token) > TOKEN_MAX:
        return None
    return session.exec(select(Subscription).where(column == token)).first()


def confirm(session: Session, token: str, now: datetime) -> Subscription | None:
    """Activate the subscription of a confirmation link; ``None`` for an unknown token."""
    sub = _by_token(session, Subscription.confirm_token, token)
    if sub is not None and not sub.confirmed:
        _start(session, sub, now)
        session.add(sub)
    return sub


def find_by_confirm_token(session: Session, token: str) -> Subscription | None:
    return _by_token(session, Subscription.confirm_token, token)


def find_by_unsubscribe_token(session: Session, token: str) -> Subscription | None:
    return _by_token(session, Subscription.unsubscribe_token, token)


def unsubscribe(session: Session, token: str) -> Subscription | None:
    """Delete the subscription of an unsubscribe link (with what it was sent); ``None`` if unknown."""
    sub = find_by_unsubscribe_token(session, token)
    if sub is not None:
        session.delete(sub)
        session.flush()
    return sub


def get_subscription(session: Session, subscription_id: int) -> Subscription:
    sub = session.get(Subscription, subscription_id) if 0 < subscription_id < 2**31 else None
    if sub is None:
        raise UserError(f"no subscription with id {subscription_id}", f"Odběr č. {subscription_id} neexistuje.",
                        field="id")
    return sub


def remove_subscription(session: Session, subscription_id: int) -> Subscription:
    sub = get_subscription(session, subscription_id)
    session.delete(sub)
    session.flush()
    return sub


def list_subscriptions(session: Session) -> list[Subscription]:
    return list(session.exec(select(Subscription).order_by(Subscription.id)))


def purge_pending(session: Session, now: datetime) -> int:
    """Delete subscriptions nobody confirmed within :data:`PENDING_DAYS`."""
    table = Subscription.__table__
    result = session.exec(sa.delete(table).where(  # type: ignore[call-overload]
        table.c.confirmed.is_(False), table.c.created_at < now - timedelta(days=PENDING_DAYS)))
    return int(result.rowcount or 0)


def subscription_to_dict(session: Session, sub: Subscription) -> dict[str, Any]:
    """The ``tracker subscriptions list --json`` form."""
    _, summary = describe(session, sub)
    return {
        "id": sub.id,
        "email": sub.email,
        "filter": sub.filter_query,
        "filter_cs": summary,
        "every": sub.rhythm,
        "confirmed": sub.confirmed,
        "created_at": sub.created_at.isoformat() if sub.created_at else None,
        "confirmed_at": sub.confirmed_at.isoformat() if sub.confirmed_at else None,
        "last_sent_at": sub.last_sent_at.isoformat() if sub.last_sent_at else None,
    }
