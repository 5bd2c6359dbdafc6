""""Not for us": a call dismissed for one intention, with a reason, until it changes substantially.

A dismissal keeps how the call looked when it was dismissed — its application window and its
allocation. Matching skips a dismissed call for that intention (so it leaves the intention's
matches, calendar and digests) until the window moves or the allocation rises; then the call
comes back flagged ``zmenena-po-skryti`` (tracker.intentions.matching) with a Czech reason
saying what changed. The reasons are data for the region's overview of barriers (counts per
call and programme), so the columns ``intention_id, call_id, reason, note, dismissed_at`` keep
their names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.view import CallView, date_value
from tracker.errors import UserError
from tracker.intentions.stages import parse_call_ref, stored_call
from tracker.intentions.store import get_intention
from tracker.storage.models import Call, Dismissal
from tracker.text.czech import DateValue
from tracker.text.display import change_sentence

# Reason code → how the app and the e-mails say it.
REASONS = {
    "neopravneny": "nejsme oprávněný žadatel",
    "spolufinancovani": "nezvládneme spolufinancování",
    "nestihneme": "nestihneme se včas připravit",
    "mala-alokace": "alokace nebo limit na projekt jsou příliš malé",
    "administrativa": "příliš mnoho administrativy",
    "jine": "jiný důvod",
}
NOTE_REQUIRED = "jine"
NOTE_MAX = 500


def _iso(value: DateValue | None) -> str | None:
    return value.iso() if value else None


@dataclass(frozen=True, slots=True)
class DismissedCall:
    """A dismissal as matching needs it: the call as it looked when it was dismissed."""

    call_id: int
    reason: str
    note: str
    dismissed_at: datetime | None
    opens: DateValue | None
    closes: DateValue | None
    allocation_czk: int | None

    @classmethod
    def of(cls, row: Dismissal) -> DismissedCall:
        return cls(call_id=row.call_id, reason=row.reason, note=row.note, dismissed_at=row.dismissed_at,
                   opens=date_value(row.opens_at, row.opens_precision),
                   closes=date_value(row.closes_at, row.closes_precision), allocation_czk=row.allocation_czk)

    def change_since(self, call: CallView) -> str | None:
        """What changed substantially since the dismissal (a new window, a higher allocation), in Czech;
        ``None`` while the call stays as it was dismissed."""
        parts = []
        for name, before, now in (("opens", self.opens, call.opens), ("closes", self.closes, call.closes)):
            if _iso(before) != _iso(now):
                parts.append(change_sentence(name, _iso(before), _iso(now)))
        allocation = call.allocation_czk
        if allocation is not None and (self.allocation_czk is None or allocation > self.allocation_czk):
            parts.append(change_sentence("allocation_czk", _str(self.allocation_czk), str(allocation)))
        return "; ".join(parts) or None

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason, self.note)


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)


def reason_text(code: str, note: str = "") -> str:
    """``nestihneme se včas připravit`` or ``jiný důvod: <note>``."""
    label = REASONS.get(code, code)
    return f"{label}: {note}" if note else label


def dismissed_by_intention(session: Session, intention_ids: Iterable[int] | None = None
                           ) -> dict[int, dict[int, DismissedCall]]:
    """Dismissals per intention (all intentions when ``None``), by call id."""
    query = select(Dismissal)
    if intention_ids is not None:
        ids = list(intention_ids)
        if not ids:
            return {}
        query = query.where(Dismissal.intention_id.in_(ids))
    out: dict[int, dict[int, DismissedCall]] = {}
    for row in session.exec(query):
        out.setdefault(row.intention_id, {})[row.call_id] = DismissedCall.of(row)
    return out


def validate_reason(reason: str, note: str | None) -> tuple[str, str]:
    code = (reason or "").strip()
    if code not in REASONS:
        raise UserError(f"unknown reason {code[:40]!r}; use one of: {', '.join(REASONS)}",
                        "Vyberte důvod, proč se výzva nehodí.", field="reason")
    text = " ".join((note or "").split())
    if len(text) > NOTE_MAX:
        raise UserError(f"must be at most {NOTE_MAX} characters", f"Poznámka může mít nejvýše {NOTE_MAX} znaků.",
                        field="note")
    if code == NOTE_REQUIRED and not text:
        raise UserError("the reason 'jine' needs a note saying why", "U jiného důvodu napište, proč se výzva nehodí.",
                        field="note")
    return code, text


def dismiss(session: Session, intention_id: int, call_ref: str, reason: str, note: str | None,
            now: datetime) -> Dismissal:
    """Mark a call as not for this intention (again: the reason and the snapshot are renewed) and
    refresh the intention's matches; caller commits."""
    from tracker.intentions.matching import rematch

    code, text = validate_reason(reason, note)
    intention = get_intention(session, intention_id)
    call = stored_call(session, *parse_call_ref(call_ref))
    assert call.id is not None
    if intention.call_id == call.id:  # the call it chose (or applied to) cannot be "not for us" at once
        raise UserError(f"intention {intention_id} has chosen {call_ref}; move it to another call first",
                        "Tuto výzvu má záměr zvolenou; skrýt ji lze, až záměr přejde k jiné výzvě.", field="call")
    row = session.exec(select(Dismissal).where(Dismissal.intention_id == intention_id,
                                               Dismissal.call_id == call.id)).first()
    row = row or Dismissal(intention_id=intention_id, call_id=call.id, reason=code)
    row.reason, row.note, row.dismissed_at = code, text, now
    row.opens_at, row.opens_precision = call.opens_at, call.opens_precision
    row.closes_at, row.closes_precision = call.closes_at, call.closes_precision
    row.allocation_czk = call.allocation_czk
    session.add(row)
    session.flush()
    rematch(session, now, [intention_id])
    return row


def restore(session: Session, intention_id: int, call_ref: str, now: datetime) -> None:
    """Undo a dismissal: the call may be matched with the intention again."""
    from tracker.intentions.matching import rematch

    get_intention(session, intention_id)
    source, external_id = parse_call_ref(call_ref)
    call = stored_call(session, source, external_id)
    row = session.exec(select(Dismissal).where(Dismissal.intention_id == intention_id,
                                               Dismissal.call_id == call.id)).first()
    if row is None:
        raise UserError(f"{source}:{external_id} is not dismissed for intention {intention_id}",
                        f"Výzva {source}:{external_id} není u tohoto záměru skrytá.", field="call")
    session.delete(row)
    session.flush()
    rematch(session, now, [intention_id])


def list_dismissed(session: Session, intention_id: int, now: datetime) -> list[dict[str, Any]]:
    """An intention's dismissed calls ("Skryté"), newest first, each with its reason and whether it
    has come back because it changed (the ``tracker intentions dismissed --json`` form)."""
    get_intention(session, intention_id)
    rows = session.exec(select(Dismissal, Call).join(Call, Dismissal.call_id == Call.id)
                        .where(Dismissal.intention_id == intention_id)
                        .order_by(Dismissal.dismissed_at.desc(), Dismissal.id.desc()))
    out = []
    for row, call in rows:
        view = CallView.of(call, now)
        change = DismissedCall.of(row).change_since(view)
        out.append({
            "intention_id": row.intention_id,
            "call": {"source": call.source, "external_id": call.external_id, "title": call.title,
                     "state": view.state.value},
            "reason": row.reason,
            "reason_cs": REASONS.get(row.reason, row.reason),
            "note": row.note,
            "dismissed_at": row.dismissed_at.isoformat() if row.dismissed_at else None,
            "changed_since": change,  # Czech: what changed since (then it is offered again), or null
        })
    return out
