"""The project pipeline: the stages an intention moves through, and its history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.queries import find_call
from tracker.calls.view import CallView
from tracker.errors import UserError
from tracker.intentions.store import get_intention, save_and_rematch
from tracker.sources.registry import SOURCE_CODES
from tracker.storage.models import Call, CallState, Intention, Stage, StageChange
from tracker.text.vocabulary import STATE_LABELS

STAGE_LABELS = {
    Stage.ZAMER: "záměr",
    Stage.PRIPRAVA: "příprava",
    Stage.PODANO: "podáno",
    Stage.SCHVALENO: "schváleno",
    Stage.ZAMITNUTO: "zamítnuto",
    Stage.REALIZACE: "realizace",
    Stage.UKONCENO: "ukončeno",
}
# zamer → priprava → podano → schvaleno | zamitnuto; schvaleno → realizace → ukonceno.
# Steps may be skipped forwards; a rejected intention may be prepared again for another call.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.ZAMER: (Stage.PRIPRAVA, Stage.PODANO),
    Stage.PRIPRAVA: (Stage.PODANO, Stage.ZAMER),
    Stage.PODANO: (Stage.SCHVALENO, Stage.ZAMITNUTO),
    Stage.SCHVALENO: (Stage.REALIZACE,),
    Stage.ZAMITNUTO: (Stage.ZAMER, Stage.PRIPRAVA),
    Stage.REALIZACE: (Stage.UKONCENO,),
    Stage.UKONCENO: (),
}
# Stages in which an intention is still looking for a call.
SEEKING_STAGES = (Stage.ZAMER, Stage.PRIPRAVA)


def parse_call_ref(text: str) -> tuple[str, str]:
    """``opzplus:03_26_112`` → ``("opzplus", "03_26_112")``."""
    source, sep, external_id = text.strip().partition(":")
    if not sep or source not in SOURCE_CODES or not external_id.strip():
        raise UserError(
            f"a call is SOURCE:EXTERNAL_ID with SOURCE one of {', '.join(SOURCE_CODES)}, got {text[:60]!r}",
            f"Výzvu zadejte jako ZDROJ:KÓD, např. opzplus:03_26_112 (zadáno „{text[:60]}“).", field="call")
    return source, external_id.strip()


def stored_call(session: Session, source: str, external_id: str) -> Call:
    call = find_call(session, source, external_id)
    if call is None:
        raise UserError(f"no call {source}:{external_id} is stored", f"Výzva {source}:{external_id} v databázi není.",
                        field="call")
    return call


def submission_doubt(session: Session, intention: Intention, now: datetime) -> tuple[str, str] | None:
    """(English, Czech) words of warning when an intention is at ``podano`` with a call that does not take
    applications at ``now`` (planned, closed or cancelled): the stage is kept, but it is probably a slip."""
    if intention.stage != Stage.PODANO or intention.call_id is None:
        return None
    call = session.get(Call, intention.call_id)
    if call is None:
        return None
    state = CallView.of(call, now).state
    if state in (CallState.OPEN, CallState.UNKNOWN):
        return None
    ref = f"{call.source}:{call.external_id}"
    return (f"call {ref} is {state.value} now, not open: check the stage and the call",
            f"Výzva {call.external_id} teď žádosti nepřijímá ({STATE_LABELS.get(state, state.value)}); "
            "zkontrolujte fázi i vybranou výzvu.")


def move_stage(session: Session, intention_id: int, stage: str, now: datetime,
               call: tuple[str, str] | None = None) -> Intention:
    """Move an intention to ``stage`` (optionally binding a call), record it and refresh its matches."""
    if stage not in STAGE_LABELS:
        raise UserError(f"unknown stage {stage[:40]!r}; use one of: {', '.join(STAGE_LABELS)}",
                        f"Neznámá fáze „{stage[:40]}“.", field="stage")
    intention = get_intention(session, intention_id)
    bound = stored_call(session, *call) if call else None
    if stage != intention.stage and stage not in NEXT_STAGES[intention.stage]:
        allowed = ", ".join(NEXT_STAGES[intention.stage]) or "none"
        raise UserError(
            f"an intention cannot move from {intention.stage} to {stage} (next: {allowed})",
            f"Záměr nelze přesunout z fáze „{STAGE_LABELS[Stage(intention.stage)]}“ "
            f"do fáze „{STAGE_LABELS[Stage(stage)]}“.", field="stage")
    if stage == intention.stage and bound is None:
        raise UserError(f"the intention is already at {stage}",
                        f"Záměr už je ve fázi „{STAGE_LABELS[Stage(stage)]}“.", field="stage")
    session.add(StageChange(intention_id=intention_id, from_stage=intention.stage, to_stage=stage,
                            call_id=bound.id if bound else intention.call_id, changed_at=now))
    intention.stage = stage
    if bound is not None:
        intention.call_id = bound.id
    return save_and_rematch(session, intention, now)


def stage_history(session: Session, intention_id: int) -> list[tuple[StageChange, Call | None]]:
    query = (select(StageChange, Call).outerjoin(Call, StageChange.call_id == Call.id)
             .where(StageChange.intention_id == intention_id).order_by(StageChange.changed_at, StageChange.id))
    return list(session.exec(query))


def stage_change_to_dict(change: StageChange, call: Call | None) -> dict[str, Any]:
    return {
        "from": change.from_stage,
        "to": change.to_stage,
        "call": f"{call.source}:{call.external_id}" if call else None,
        "changed_at": change.changed_at.isoformat() if change.changed_at else None,
    }
