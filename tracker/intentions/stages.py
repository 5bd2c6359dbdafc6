"""The project pipeline: stages an intention moves through, its history, and the coordinator's overview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.view import state_of
from tracker.intentions.matching import Match, rematch
from tracker.settings import get_settings
from tracker.storage.models import Call, CallState, Intention, Source, Stage, StageChange

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
UNSPECIFIED = "neurčeno"


class PipelineError(ValueError):
    """A stage move or call reference the pipeline refuses; ``cs`` is the message for the app."""

    def __init__(self, en: str, cs: str):
        super().__init__(en)
        self.cs = cs


def parse_call_ref(text: str) -> tuple[str, str]:
    """``opzplus:03_26_112`` → ``("opzplus", "03_26_112")``."""
    source, sep, external_id = text.strip().partition(":")
    sources = tuple(s.value for s in Source)
    if not sep or source not in sources or not external_id.strip():
        raise PipelineError(
            f"a call is SOURCE:EXTERNAL_ID with SOURCE one of {', '.join(sources)}, got {text!r}",
            f"výzvu zadejte jako ZDROJ:KÓD, např. opzplus:03_26_112 (zadáno „{text}“)",
        )
    return source, external_id.strip()


def find_call(session: Session, source: str, external_id: str) -> Call:
    call = session.exec(select(Call).where(Call.source == source, Call.external_id == external_id)).first()
    if call is None:
        raise PipelineError(f"no call {source}:{external_id} is stored",
                            f"výzva {source}:{external_id} v databázi není")
    return call


def get_intention(session: Session, intention_id: int) -> Intention:
    intention = session.get(Intention, intention_id)
    if intention is None:
        raise PipelineError(f"no intention with id {intention_id}", f"záměr č. {intention_id} neexistuje")
    return intention


def record_start(session: Session, intention: Intention, now: datetime) -> None:
    """The first history row: where a new intention entered the pipeline."""
    assert intention.id is not None
    session.add(StageChange(intention_id=intention.id, from_stage=None, to_stage=intention.stage,
                            call_id=intention.call_id, changed_at=now))


def move_stage(session: Session, intention_id: int, stage: str, now: datetime,
               call: tuple[str, str] | None = None) -> Intention:
    """Move an intention to ``stage`` (optionally binding a call), record it and refresh its matches."""
    if stage not in STAGE_LABELS:
        raise PipelineError(f"unknown stage {stage!r}; use one of: {', '.join(STAGE_LABELS)}",
                            f"neznámá fáze „{stage}“")
    intention = get_intention(session, intention_id)
    bound = find_call(session, *call) if call else None
    if stage != intention.stage and stage not in NEXT_STAGES[intention.stage]:
        allowed = ", ".join(NEXT_STAGES[intention.stage]) or "none"
        raise PipelineError(
            f"an intention cannot move from {intention.stage} to {stage} (next: {allowed})",
            f"záměr nelze přesunout z fáze „{STAGE_LABELS[Stage(intention.stage)]}“ "
            f"do fáze „{STAGE_LABELS[Stage(stage)]}“",
        )
    if stage == intention.stage and bound is None:
        raise PipelineError(f"the intention is already at {stage}",
                            f"záměr už je ve fázi „{STAGE_LABELS[Stage(stage)]}“")
    session.add(StageChange(intention_id=intention_id, from_stage=intention.stage, to_stage=stage,
                            call_id=bound.id if bound else intention.call_id, changed_at=now))
    intention.stage = stage
    if bound is not None:
        intention.call_id = bound.id
    intention.updated_at = now
    session.add(intention)
    session.flush()
    rematch(session, now, [intention_id])
    return intention


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


@dataclass
class Overview:
    by_stage: dict[str, int]
    by_area: dict[str, int]
    by_programme: dict[str, int]
    closing_soon: list[dict[str, Any]]
    without_open_call: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_stage": self.by_stage, "by_area": self.by_area, "by_programme": self.by_programme,
            "closing_soon": self.closing_soon, "without_open_call": self.without_open_call,
        }


def overview(session: Session, now: datetime, matches: dict[int, list[Match]]) -> Overview:
    """Counts per stage, area and programme; intentions whose best call closes soon or that have none open.

    ``matches`` is the fresh result of :func:`tracker.matching.rematch` for all intentions.
    """
    soon_days = get_settings().closing_soon_days
    intentions = list(session.exec(select(Intention).order_by(Intention.id)))
    bound_ids = {i.call_id for i in intentions if i.call_id is not None}
    bound = {c.id: c for c in session.exec(select(Call).where(Call.id.in_(bound_ids)))} if bound_ids else {}
    by_stage = {stage.value: 0 for stage in Stage}
    by_area: Counter[str] = Counter()
    by_programme: Counter[str] = Counter()
    closing_soon: list[dict[str, Any]] = []
    without_open: list[dict[str, Any]] = []
    for intention in intentions:
        by_stage[intention.stage] += 1
        by_area.update(intention.areas or [UNSPECIFIED])
        call = bound.get(intention.call_id) if intention.call_id else None
        by_programme.update([call.programme] if call else (intention.programmes or [UNSPECIFIED]))
        if intention.stage not in SEEKING_STAGES:
            continue
        found = matches.get(intention.id, []) if intention.id is not None else []
        summary = {"intention_id": intention.id, "title": intention.title, "stage": intention.stage}
        best = _best_call(call, found, now)
        if best is None:
            without_open.append(summary)
            continue
        source, external_id, title, closes = best
        if closes is not None and 0 <= (closes - now).total_seconds() <= soon_days * 86400:
            closing_soon.append({**summary, "call": {"source": source, "external_id": external_id, "title": title},
                                 "closes_at": closes.isoformat(), "days_left": (closes.date() - now.date()).days})
    closing_soon.sort(key=lambda row: row["closes_at"])
    return Overview(by_stage, dict(sorted(by_area.items())), dict(sorted(by_programme.items())),
                    closing_soon, without_open)


def _best_call(bound: Call | None, matches: list[Match], now: datetime
               ) -> tuple[str, str, str, datetime | None] | None:
    """The intention's chosen call if still open, else its best open match; ``None`` when nothing is open."""
    if bound is not None and state_of(bound, now) is CallState.OPEN:
        return bound.source, bound.external_id, bound.title, bound.closes_at
    for match in matches:
        if match.call.state is CallState.OPEN:
            closes = match.call.closes.when if match.call.closes else None
            return match.call.source, match.call.external_id, match.call.title, closes
    return None


def fresh_overview(session: Session, now: datetime) -> Overview:
    results = rematch(session, now)
    return overview(session, now, results)
