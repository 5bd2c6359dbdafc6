"""Which calls can an intention apply to, how well, and why.

A :class:`CallIndex` is built once from the calls still worth applying to (open, planned or of
unknown state; never closed, cancelled or gone from their site) with posting arrays by applicant
type and by area. Matching one intention scores only the postings of its own areas, all at once
with array operations on one integer key per candidate (score, deadline, flags), and keeps the
best few; their Czech reasons are written only when somebody reads them. The stored matches
(``intention_match``) are refreshed by :func:`rematch` after every crawl and intention change; an
intention whose matches did not change keeps its rows.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property, lru_cache, partial
from itertools import repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session, select

from tracker.calls.view import FINAL_STATES, VIEW_COLUMNS, CallView
from tracker.settings import Settings, get_settings
from tracker.storage.models import Call, CallState, Intention, IntentionMatch, Stage
from tracker.text.czech import DateValue, Precision, days_czech, format_czk
from tracker.text.normalize import programme_key
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
            programmes=frozenset(programme_key(p) for p in intention.programmes), budget_czk=intention.budget_czk,
            stage=intention.stage,
        )


class Match(NamedTuple):
    """One matched call, best first in its list; the Czech reasons are written when read (most never are).

    A named tuple, because a rematch builds 40,000 of them: :meth:`CallIndex.match` builds them in C
    (``tuple.__new__``) and their fields are read through C descriptors."""

    intention_id: int
    call: CallView
    score: int
    flags: tuple[str, ...]
    basis: tuple[CallIndex, IntentionFacts, Mapping[int, str]]  # what the reasons are written from

    @property
    def reasons(self) -> tuple[str, ...]:
        index, intention, changed_after_dismissal = self.basis
        return index.reasons(intention, self.call, self.flags, changed_after_dismissal.get(self.call.id))

    def to_dict(self) -> dict[str, Any]:
        """The ``tracker match --json`` form of one match."""
        return {
            "intention_id": self.intention_id,
            "call": self.call.to_dict(),
            "score": self.score,
            "reasons": list(self.reasons),
            "flags": list(self.flags),
        }


def ready_at(stage: str, now: datetime, preparation_days: int) -> datetime:
    """When an intention could hand in an application: a bare intention still needs preparing."""
    return now + timedelta(days=preparation_days) if stage == Stage.ZAMER else now


# A candidate's sort key is one int64: from the top, OFFSET - score, the call's rank by (deadline, position)
# and the match's flags. The smallest keys are the best matches in the order of the rules (score, then
# deadline, then position), and a key holds all a Match needs. A score moves the top part only.
OFFSET = 128  # above the best score; OFFSET - score stays positive for the worst one
FLAG_BITS = 5
VERIFY_BIT, PLANNED_BIT, NOT_READY_BIT, OVER_ALLOCATION_BIT, CHANGED_BIT = (1 << bit for bit in range(FLAG_BITS))
_FLAGS = ((VERIFY_BIT, FLAG_VERIFY), (PLANNED_BIT, FLAG_PLANNED), (NOT_READY_BIT, FLAG_NOT_READY),
          (OVER_ALLOCATION_BIT, FLAG_OVER_ALLOCATION), (CHANGED_BIT, FLAG_CHANGED_AFTER_DISMISSAL))
FLAG_SETS = tuple(tuple(flag for bit, flag in _FLAGS if code & bit) for code in range(1 << FLAG_BITS))  # by flag bits
NO_ALLOCATION = np.iinfo(np.int64).max  # an unknown allocation is never exceeded
SORT_WHOLE = 300  # up to this many candidates, sorting them all is quicker than a partition first
NOTHING_CHANGED: Mapping[int, str] = MappingProxyType({})
_new_match = partial(tuple.__new__, Match)

# Rows of a posting array (one column per posted call).
KEY, AREAS, ALLOCATION, PROGRAMME, RANK, POSITION = range(6)


class CallIndex:
    """Matchable calls with posting arrays by (applicant type, area), built for one moment.

    A call that names its applicants is posted under each (type, area) pair it covers; one whose
    applicants could not be classified is posted under each of its areas for every applicant type,
    with a lower score. A posting array holds per call what scoring needs (its key before the
    intention's part, areas and programme as bit masks, allocation, rank, position), so matching an
    intention is a few array operations over the calls it may apply to and a partial sort.
    """

    def __init__(self, calls: Iterable[CallView], now: datetime, settings: Settings | None = None):
        settings = settings or get_settings()
        self.now = now
        self.preparation_days = settings.preparation_days
        self.limit = settings.matches_per_intention
        self.calls: list[CallView] = [c for c in calls if c.is_live]
        calls = self.calls
        count = len(calls)
        deadlines = np.array([c.closes.end.timestamp() if c.closes else math.inf for c in calls], dtype=np.float64)
        order = np.argsort(deadlines, kind="stable")  # by deadline, then position
        rank = np.empty(count, dtype=np.int64)
        rank[order] = np.arange(count, dtype=np.int64)
        self._deadlines: list[float] = deadlines[order].tolist()  # in rank order
        self._by_rank: list[CallView] = [calls[i] for i in order.tolist()]
        self._shift = max(count, 1).bit_length() + FLAG_BITS  # where the score part of a key starts
        self._rank_mask = (1 << (self._shift - FLAG_BITS)) - 1
        self._area_bits: dict[str, int] = {}
        self._type_bits: dict[str, int] = {}
        self._programme_bits: dict[str, int] = {}
        planned = np.array([c.state is CallState.PLANNED for c in calls], dtype=np.int64)
        state_points = np.array([_state_points(c) for c in calls], dtype=np.int64)
        self._columns = columns = np.empty((6, count), dtype=np.int64)
        columns[KEY] = (OFFSET - AREA_FULL - state_points) << self._shift | rank << FLAG_BITS | planned * PLANNED_BIT
        columns[AREAS] = _masks([c.areas for c in calls], self._area_bits)
        columns[ALLOCATION] = [NO_ALLOCATION if c.allocation_czk is None else c.allocation_czk for c in calls]
        columns[PROGRAMME] = _masks([(programme_key(c.programme),) for c in calls], self._programme_bits)
        columns[RANK] = rank
        columns[POSITION] = np.arange(count)
        types = np.array(_masks([c.applicant_types for c in calls], self._type_bits), dtype=np.int64)
        # Per code (in the order of its bit), which calls have it: one row per area, one per applicant type.
        self._in_area = (columns[AREAS] >> np.arange(len(self._area_bits))[:, None] & 1).astype(np.bool_)
        self._of_type = (types >> np.arange(len(self._type_bits))[:, None] & 1).astype(np.bool_)
        self._unrecognised = types == 0
        self._postings: dict[tuple[str, str], np.ndarray] = {}
        self._ready: dict[str, float] = {}

    @classmethod
    def from_session(cls, session: Session, now: datetime) -> CallIndex:
        """Index the stored calls that can still be applied to (states derived at ``now``; calls whose
        stored state is final are not read at all)."""
        query = select(*VIEW_COLUMNS).where(Call.listed.is_(True), Call.state.not_in(list(FINAL_STATES)))
        return cls((CallView.of(row, now) for row in session.exec(query)), now)

    def __len__(self) -> int:
        return len(self.calls)

    @cached_property
    def position(self) -> dict[int, int]:
        """Call id → position in :attr:`calls`."""
        return {call.id: i for i, call in enumerate(self.calls)}

    def posting(self, applicant_type: str, area: str) -> np.ndarray:
        """The posting array of (type, area): the calls eligible for the type (in position order), then
        those of unrecognised applicants (their keys flagged ``VERIFY_BIT``), all sharing the area."""
        found = self._postings.get((applicant_type, area))
        if found is None:
            bit = self._area_bits.get(area)
            in_area = self._in_area[bit.bit_length() - 1] if bit else np.zeros(len(self.calls), dtype=np.bool_)
            bit = self._type_bits.get(applicant_type)
            eligible = np.flatnonzero(in_area & self._of_type[bit.bit_length() - 1]) if bit else np.empty(0, np.intp)
            unverified = np.flatnonzero(in_area & self._unrecognised)
            found = self._columns[:, np.concatenate((eligible, unverified))]
            found[KEY, :eligible.size] -= ELIGIBLE << self._shift
            found[KEY, eligible.size:] -= (UNVERIFIED << self._shift) - VERIFY_BIT
            self._postings[applicant_type, area] = found
        return found

    def candidates(self, intention: IntentionFacts) -> dict[int, bool]:
        """Every call the intention may apply to, unranked and unlimited: its position in
        :attr:`calls` → whether the eligibility is recognised (``False``: verify by hand)."""
        found: dict[int, bool] = {}
        for area in intention.areas:
            posted = self.posting(intention.applicant_type, area)
            for i, verified in zip(posted[POSITION].tolist(), ((posted[KEY] & VERIFY_BIT) == 0).tolist()):
                found.setdefault(i, verified)
        return found

    def match(self, intention: IntentionFacts, dismissed: Mapping[int, DismissedCall] | None = None) -> list[Match]:
        """The intention's best calls, best first, with their flags (and reasons on demand). A call in
        ``dismissed`` (by call id; see tracker.intentions.dismissals) is left out unless it changed
        substantially since."""
        postings = [self.posting(intention.applicant_type, area) for area in intention.areas]
        if not postings:
            return []
        posted = postings[0] if len(postings) == 1 else np.concatenate(postings, axis=1)
        key, shift = posted[KEY], self._shift
        n_areas = len(intention.areas)
        if n_areas > 1:  # keys count the full area points; take back what the intention's other areas miss
            areas = 0
            for area in intention.areas:
                areas |= self._area_bits.get(area, 0)
            key = key + _area_shortfall(n_areas, shift).take(np.bitwise_count(posted[AREAS] & areas))
        programmes = 0
        for programme in intention.programmes:
            programmes |= self._programme_bits.get(programme, 0)
        if programmes:
            key = key - ((posted[PROGRAMME] & programmes) != 0) * (PREFERRED_PROGRAMME << shift)
        ready = self._ready.get(intention.stage)
        if ready is None:
            ready = ready_at(intention.stage, self.now, self.preparation_days).timestamp()
            self._ready[intention.stage] = ready
        not_ready = bisect.bisect_right(self._deadlines, ready)  # ranks below it close before the intention is ready
        if not_ready:
            key = key + (posted[RANK] < not_ready) * ((NOT_READY_PENALTY << shift) | NOT_READY_BIT)
        over = (OVER_ALLOCATION_PENALTY << shift) | OVER_ALLOCATION_BIT
        key = key + (posted[ALLOCATION] < intention.budget_czk) * over
        changed: Mapping[int, str] = NOTHING_CHANGED
        if dismissed:
            key, changed = self._dismiss(key, posted[POSITION], dismissed)
        best = self._best(key, len(postings))
        if best.size and int(best[-1]) >> shift >= OFFSET - 1:  # a score at or below 1: they all count as 1
            low = (1 << shift) - 1
            best = self._best(np.minimum(key, ((OFFSET - 1) << shift) | (key & low)), len(postings))
        basis = (self, intention, changed)
        return list(map(_new_match, zip(
            repeat(intention.id),
            map(self._by_rank.__getitem__, ((best >> FLAG_BITS) & self._rank_mask).tolist()),
            (OFFSET - (best >> shift)).tolist(),
            map(FLAG_SETS.__getitem__, (best & ((1 << FLAG_BITS) - 1)).tolist()),
            repeat(basis),
        )))

    def _best(self, key: np.ndarray, copies: int) -> np.ndarray:
        """The :attr:`limit` smallest distinct keys, ascending. A call is posted under each area it
        shares with the intention, so it may stand ``copies`` times (with the same key)."""
        wanted = self.limit * copies
        if key.size > max(SORT_WHOLE, wanted):
            key = np.partition(key, wanted - 1)[:wanted]
        key = np.sort(key)[:wanted]
        if copies > 1 and key.size > 1:
            distinct = np.empty(key.size, dtype=np.bool_)
            distinct[0] = True
            np.not_equal(key[1:], key[:-1], out=distinct[1:])
            key = key[distinct]
        return key[:self.limit]

    def _dismiss(self, key: np.ndarray, positions: np.ndarray, dismissed: Mapping[int, DismissedCall]
                 ) -> tuple[np.ndarray, dict[int, str]]:
        """Leave out the dismissed calls that did not change; flag those that did."""
        skip: list[int] = []
        back: list[int] = []
        changed: dict[int, str] = {}
        for call_id, dismissal in dismissed.items():
            i = self.position.get(call_id)
            if i is not None:
                change = dismissal.change_since(self.calls[i])
                if change is None:
                    skip.append(i)
                else:
                    back.append(i)
                    changed[call_id] = change
        key = np.where(np.isin(positions, back), key | CHANGED_BIT, key)
        return key[~np.isin(positions, skip)], changed

    def reasons(self, intention: IntentionFacts, call: CallView, flags: tuple[str, ...],
                changed_after_dismissal: str | None = None) -> tuple[str, ...]:
        """Why ``call`` matches ``intention``, in Czech, for a match with ``flags``."""
        if FLAG_VERIFY in flags:
            reasons = ["ověřte oprávněnost ručně: oprávněné žadatele výzvy se nepodařilo rozpoznat"]
        else:
            reasons = [f"oprávněný žadatel: {APPLICANT_LABELS.get(intention.applicant_type, intention.applicant_type)}"]
        shared = [AREA_LABELS.get(a, a) for a in intention.areas if a in call.areas]
        reasons.append(f"oblast: {', '.join(shared)}")
        if programme_key(call.programme) in intention.programmes:
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


def _masks(groups: Iterable[tuple[str, ...]], bits: dict[str, int]) -> list[int]:
    """Each group of codes as a bit mask, a bit per code (added to ``bits`` as codes appear)."""
    memo: dict[tuple[str, ...], int] = {}

    def mask_of(group: tuple[str, ...]) -> int:
        mask = 0
        for code in group:
            if code not in bits:
                if len(bits) == 63:
                    raise ValueError(f"more than 63 codes to index: {sorted(bits)}")
                bits[code] = 1 << len(bits)
            mask |= bits[code]
        memo[group] = mask
        return mask

    return [memo[group] if group in memo else mask_of(group) for group in groups]


@lru_cache(maxsize=64)
def _area_shortfall(n_areas: int, shift: int) -> np.ndarray:
    """Per number of shared areas, the area points an intention of ``n_areas`` areas misses, as key units."""
    table = np.array([(AREA_FULL - AREA_FULL * shared // n_areas) << shift for shared in range(n_areas + 1)],
                     dtype=np.int64)
    table.flags.writeable = False  # shared by every index of the same size class
    return table


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
