"""The coordinator's overview: intentions per stage, area and programme, and deadlines to watch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.view import CallView
from tracker.intentions.matching import Match, rematch
from tracker.intentions.stages import SEEKING_STAGES
from tracker.settings import get_settings
from tracker.storage.models import Call, CallState, Intention, Stage

UNSPECIFIED = "neurčeno"


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
    if bound is not None and CallView.of(bound, now).state is CallState.OPEN:
        return bound.source, bound.external_id, bound.title, bound.closes_at
    for match in matches:
        if match.call.state is CallState.OPEN:
            closes = match.call.closes.when if match.call.closes else None
            return match.call.source, match.call.external_id, match.call.title, closes
    return None


def fresh_overview(session: Session, now: datetime) -> Overview:
    results = rematch(session, now)
    return overview(session, now, results)
