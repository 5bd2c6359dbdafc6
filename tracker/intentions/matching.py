"""Which calls can an intention apply to, how well, and why.

A :class:`CallIndex` is built once from the calls still worth applying to (open, planned or of
unknown state; never closed, cancelled or gone from their site) with posting lists by applicant
type and by area. Matching one intention walks only the postings of its own areas, scores each
candidate with integers and flags the best few; their Czech reasons are written only when
somebody reads them. The stored matches (``intention_match``) are refreshed by :func:`rematch`
after every crawl and intention change; an intention whose matches did not change keeps its rows.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.calls.view import FINAL_STATES, VIEW_COLUMNS, CallView
from tracker.settings import Settings, get_settings
from tracker.storage.models import Call, CallState, Intention, IntentionMatch, Stage
from tracker.text.czech import DateValue, Precision, days_czech, format_czk
from tracker.text.normalize import fold
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS

if TYPE_CHECKING:
    from tracker.intentions.dismissals import DismissedCall

# Score parts (a perfect match is 100).
ELIGIBLE, UNVERIFIED = 40, 15
AREA_FULL = 30
PREFERRED_PROGRAMME = 15
STATE_POINTS = {CallState.OPEN: 15, CallState.UNKNOWN: 3}
PLANNED_POINTS = {Precision.DATETIME: 10, Precision.DAY: 10, Precision.MONTH: 7, Precision.QUARTER: 5}
NOT_READY_PENALTY, OVER_ALLOCATION_PENALTY = 25, 20

# Flags a match carries besides its reasons (stable codes for the JSON and the app).
FLAG_VERIFY = "overit-opravnenost"
FLAG_PLANNED = "planovana"
FLAG_NOT_READY = "uzaverka-pred-pripravou"
FLAG_OVER_ALLOCATION = "nad-alokaci"
FLAG_CHANGED_AFTER_DISMISSAL = "zmenena-po-skryti"  # dismissed "not for us", then changed substantially


@dataclass(frozen=True, slots=True)
class IntentionFacts:
    id: int
    applicant_type: str
    areas: tuple[str, ...]
    programmes: frozenset[str]  # folded, spaces removed
    budget_czk: int
    stage: str

    @classmethod
    def of(cls, intention: Intention) -> IntentionFacts:
        assert intention.id is not None
        return cls(
            id=intention.id, applicant_type=intention.applicant_type, areas=tuple(dict.fromkeys(intention.areas)),
            programmes=frozenset(_programme_key(p) for p in intention.programmes), budget_czk=intention.budget_czk,
            stage=intention.stage,
        )


@dataclass(slots=True)  # not frozen: 40,000 are built per rematch, and frozen fields cost a setattr each
class Match:
    intention_id: int
    call: CallView
    score: int
    flags: tuple[str, ...]
    explain: Callable[[], tuple[str, ...]] = field(repr=False, compare=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The Czech reasons, written when asked for (most matches are never read)."""
        return self.explain()

    def to_dict(self) -> dict[str, Any]:
        """The ``tracker match --json`` form of one match."""
        return {
            "intention_id": self.intention_id,
            "call": self.call.to_dict(),
            "score": self.score,
            "reasons": list(self.reasons),
            "flags": list(self.flags),
        }


@lru_cache(maxsize=256)
def _programme_key(name: str) -> str:
    return fold(name).replace(" ", "")


def ready_at(stage: str, now: datetime, preparation_days: int) -> datetime:
    """When an intention could hand in an application: a bare intention still needs preparing."""
    return now + timedelta(days=preparation_days) if stage == Stage.ZAMER else now


class CallIndex:
    """Matchable calls with posting lists by (applicant type, area), built for one moment.

    A call that names its applicants is posted under each (type, area) pair it covers; one whose
    applicants could not be classified is posted under its areas alone, for any applicant type
    to see with a lower score. Matching an intention therefore touches only calls it may apply to.
    """

    def __init__(self, calls: Iterable[CallView], now: datetime, settings: Settings | None = None):
        settings = settings or get_settings()
        self.now = now
        self.preparation_days = settings.preparation_days
        self.limit = settings.matches_per_intention
        self.calls: list[CallView] = [c for c in calls if c.is_live]
        self.position = {call.id: i for i, call in enumerate(self.calls)}
        self.eligible: dict[tuple[str, str], list[int]] = {}
        self.unverified: dict[str, list[int]] = {}
        # Per call, what does not depend on the intention: (state points, programme key, deadline, allocation).
        self.static: list[tuple[int, str, float, float]] = []
        for i, call in enumerate(self.calls):
            for area in call.areas:
                if call.applicant_types:
                    for code in call.applicant_types:
                        self.eligible.setdefault((code, area), []).append(i)
                else:
                    self.unverified.setdefault(area, []).append(i)
            deadline = call.closes.end.timestamp() if call.closes else math.inf
            allocation = math.inf if call.allocation_czk is None else call.allocation_czk
            self.static.append((_state_points(call), _programme_key(call.programme), deadline, allocation))

    @classmethod
    def from_session(cls, session: Session, now: datetime) -> CallIndex:
        """Index the stored calls that can still be applied to (states derived at ``now``; calls whose
        stored state is final are not read at all)."""
        query = select(*VIEW_COLUMNS).where(Call.listed.is_(True), Call.state.not_in(list(FINAL_STATES)))
        return cls((CallView.of(row, now) for row in session.exec(query)), now)

    def __len__(self) -> int:
        return len(self.calls)

    def match(self, intention: IntentionFacts, dismissed: Mapping[int, DismissedCall] | None = None) -> list[Match]:
        """The intention's best calls, best first, with their flags (and reasons on demand). A call in
        ``dismissed`` (by call id; see tracker.intentions.dismissals) is left out unless it changed
        substantially since."""
        ready = ready_at(intention.stage, self.now, self.preparation_days).timestamp()
        skip: set[int] = set()
        back: dict[int, str] = {}
        for call_id, dismissal in (dismissed or {}).items():
            i = self.position.get(call_id)
            if i is not None:
                change = dismissal.change_since(self.calls[i])
                if change is None:
                    skip.add(i)
                else:
                    back[i] = change
        n_areas = len(intention.areas) or 1
        shared: dict[int, int] = {}
        unverified: dict[int, int] = {}
        for area in intention.areas:
            for i in self.eligible.get((intention.applicant_type, area), ()):
                shared[i] = shared.get(i, 0) + 1
            for i in self.unverified.get(area, ()):
                unverified[i] = unverified.get(i, 0) + 1
        budget, programmes, static = intention.budget_czk, intention.programmes, self.static
        area_points = [AREA_FULL * count // n_areas for count in range(n_areas + 1)]
        scored: list[tuple[int, float, int]] = []
        for points, overlap in ((ELIGIBLE, shared), (UNVERIFIED, unverified)):
            for i, count in overlap.items():
                if i in skip:
                    continue
                state_points, programme, deadline, allocation = static[i]
                score = points + state_points + area_points[count]
                if programme in programmes:
                    score += PREFERRED_PROGRAMME
                if deadline <= ready:
                    score -= NOT_READY_PENALTY
                if budget > allocation:
                    score -= OVER_ALLOCATION_PENALTY
                scored.append((-score if score > 1 else -1, deadline, i))
        return [self._flagged(intention, -neg, i, ready, back.get(i))
                for neg, _, i in heapq.nsmallest(self.limit, scored)]

    def candidates(self, intention: IntentionFacts) -> dict[int, bool]:
        """Every call the intention may apply to, unranked and unlimited: its position in
        :attr:`calls` → whether the eligibility is recognised (``False``: verify by hand)."""
        found: dict[int, bool] = {}
        for area in intention.areas:
            for i in self.eligible.get((intention.applicant_type, area), ()):
                found[i] = True
            for i in self.unverified.get(area, ()):
                found.setdefault(i, False)
        return found

    def _flagged(self, intention: IntentionFacts, score: int, i: int, ready: float,
                 changed_after_dismissal: str | None = None) -> Match:
        call = self.calls[i]
        _, _, deadline, allocation = self.static[i]
        flags: list[str] = []
        if intention.applicant_type not in call.applicant_types:
            flags.append(FLAG_VERIFY)
        if call.state is CallState.PLANNED:
            flags.append(FLAG_PLANNED)
        if deadline <= ready:
            flags.append(FLAG_NOT_READY)
        if intention.budget_czk > allocation:
            flags.append(FLAG_OVER_ALLOCATION)
        if changed_after_dismissal is not None:
            flags.append(FLAG_CHANGED_AFTER_DISMISSAL)
        done = tuple(flags)
        return Match(intention.id, call, score, done,
                     lambda: self._reasons(intention, i, done, changed_after_dismissal))

    def _reasons(self, intention: IntentionFacts, i: int, flags: tuple[str, ...],
                 changed_after_dismissal: str | None = None) -> tuple[str, ...]:
        call = self.calls[i]
        if FLAG_VERIFY in flags:
            reasons = ["ověřte oprávněnost ručně: oprávněné žadatele výzvy se nepodařilo rozpoznat"]
        else:
            reasons = [f"oprávněný žadatel: {APPLICANT_LABELS.get(intention.applicant_type, intention.applicant_type)}"]
        shared = [AREA_LABELS.get(a, a) for a in intention.areas if a in call.areas]
        reasons.append(f"oblast: {', '.join(shared)}")
        if self.static[i][1] in intention.programmes:
            reasons.append(f"preferovaný program: {call.programme}")
        reasons.extend(_time_reasons(call, self.now))
        if FLAG_NOT_READY in flags:
            reasons.append("pozor: uzávěrka dříve, než bude záměr připraven "
                           f"(příprava {days_czech(self.preparation_days)})")
        if FLAG_OVER_ALLOCATION in flags:
            reasons.append(f"pozor: rozpočet {format_czk(intention.budget_czk)} převyšuje alokaci výzvy "
                           f"{format_czk(call.allocation_czk)}")
        if changed_after_dismissal is not None:
            reasons.append(f"znovu nabídnuto: výzva se od skrytí změnila ({changed_after_dismissal})")
        return tuple(reasons)


def _state_points(call: CallView) -> int:
    if call.state is CallState.PLANNED:
        precision = call.opens.precision if call.opens else call.closes.precision if call.closes else Precision.QUARTER
        return PLANNED_POINTS.get(precision, PLANNED_POINTS[Precision.QUARTER])
    return STATE_POINTS.get(call.state, 0)


def _is_rough(value: DateValue) -> bool:
    return value.precision in (Precision.MONTH, Precision.QUARTER)


def _time_reasons(call: CallView, now: datetime) -> list[str]:
    reasons = []
    if call.state is CallState.OPEN:
        reasons.append("výzva je otevřená")
    elif call.state is CallState.PLANNED:
        if call.opens is None:
            reasons.append("plánovaná výzva, zahájení příjmu zatím neznámé")
        elif _is_rough(call.opens):
            reasons.append(f"plánovaná výzva, zahájení příjmu orientačně {call.opens.czech()}")
        else:
            reasons.append(f"plánovaná výzva, zahájení příjmu {call.opens.czech()}")
    else:
        reasons.append("stav výzvy se nepodařilo určit, ověřte na webu zdroje")
    if call.closes is None:
        reasons.append("příjem do vyčerpání alokace" if call.until_exhausted else "uzávěrka zatím neznámá")
    elif _is_rough(call.closes):
        reasons.append(f"uzávěrka orientačně {call.closes.czech()}")
    else:
        days = (call.closes.when.date() - now.date()).days
        when = "dnes" if days <= 0 else f"za {days_czech(days)}"
        reasons.append(f"uzávěrka {when} ({call.closes.czech()})")
    return reasons


# --- stored matches ------------------------------------------------------------------------


def compute_matches(session: Session, now: datetime, intention_ids: Sequence[int] | None = None,
                    index: CallIndex | None = None) -> dict[int, list[Match]]:
    """The matches of the given intentions (all when ``None``) at ``now``, dismissals applied; read-only."""
    from tracker.intentions.dismissals import dismissed_by_intention

    index = index or CallIndex.from_session(session, now)
    query = select(Intention).order_by(Intention.id)
    if intention_ids is not None:
        if not intention_ids:
            return {}
        query = query.where(Intention.id.in_(list(intention_ids)))
    intentions = [IntentionFacts.of(i) for i in session.exec(query)]
    dismissed = dismissed_by_intention(session, None if intention_ids is None else [i.id for i in intentions])
    return {intention.id: index.match(intention, dismissed.get(intention.id)) for intention in intentions}


def rematch(session: Session, now: datetime, intention_ids: Sequence[int] | None = None) -> dict[int, list[Match]]:
    """Recompute the matches of the given intentions (all when ``None``) and store those that changed;
    caller commits.

    An intention keeps its stored rows when the same calls come out with the same scores and flags
    on the same day (the reasons speak of days left, so each day's first rematch rewrites them)."""
    if intention_ids is not None and not intention_ids:
        return {}
    results = compute_matches(session, now, intention_ids)
    stored = _stored_signatures(session, None if intention_ids is None else list(results), now)
    changed = [i for i, matches in results.items() if stored.get(i, ()) != _signature(matches)]
    table = IntentionMatch.__table__
    for start in range(0, len(changed), 500):
        session.exec(sa.delete(table).where(table.c.intention_id.in_(changed[start:start + 500])))  # type: ignore[call-overload]
    rows = [
        {"intention_id": m.intention_id, "call_id": m.call.id, "rank": rank, "score": m.score,
         "reasons": json.dumps(list(m.reasons), ensure_ascii=False), "flags": list(m.flags), "computed_at": now}
        for i in changed for rank, m in enumerate(results[i], start=1)
    ]
    if rows:
        session.exec(sa.insert(table), params=rows)  # type: ignore[call-overload]
    return results


def _stored_signatures(session: Session, intention_ids: list[int] | None, now: datetime
                       ) -> dict[int, tuple[tuple[int, int, str], ...]]:
    """Per intention whose stored matches were computed today: (call, score, flags) in rank order.

    Read raw (flags as their stored ``|a|b|`` text), because converting 40,000 rows costs more than
    comparing them."""
    table = IntentionMatch.__table__
    day_start = datetime.combine(now.date(), datetime.min.time(), tzinfo=now.tzinfo)
    query = (sa.select(table.c.intention_id, table.c.call_id, table.c.score, sa.type_coerce(table.c.flags, sa.Text))
             .where(table.c.computed_at >= day_start).order_by(table.c.intention_id, table.c.rank))
    if intention_ids is not None:
        query = query.where(table.c.intention_id.in_(intention_ids))
    rows: dict[int, list[tuple[int, int, str]]] = {}
    for intention_id, call_id, score, flags in session.connection().execute(query):
        rows.setdefault(intention_id, []).append((call_id, score, flags))
    return {i: tuple(found) for i, found in rows.items()}


def _signature(matches: list[Match]) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.call.id, m.score, "|" + "|".join(m.flags) + "|" if m.flags else "") for m in matches)


def stored_matches(session: Session, intention_id: int) -> list[tuple[IntentionMatch, Call]]:
    query = (select(IntentionMatch, Call).join(Call, IntentionMatch.call_id == Call.id)
             .where(IntentionMatch.intention_id == intention_id).order_by(IntentionMatch.rank))
    return list(session.exec(query))
