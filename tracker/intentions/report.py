"""The region's report for the RSK working group: white spots, demand against allocation, schedule
slips, barriers (why calls were dismissed) and the pipeline funnel (``tracker report``, the app's
Přehled page, the meeting workbook).

Pure computation over the session: nothing is written. Each part is one function of a
:class:`ReportContext` that returns its top-level keys; :data:`PARTS` lists them in order. A new
part is one more function here plus one sheet in :mod:`tracker.intentions.report_sheets` (the app
renders the sheets too).

"Can apply within N months" means: an open or planned call the intention is eligible for (or whose
applicants could not be recognised), sharing an area, whose window overlaps the next N months and
whose deadline is not before the intention is ready (:func:`tracker.intentions.matching.ready_at`).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, func, select

from tracker import clock
from tracker.calls.view import CallView
from tracker.errors import UserError
from tracker.intentions.dismissals import REASONS, DismissedCall, dismissed_by_intention
from tracker.intentions.matching import CallIndex, IntentionFacts, ready_at
from tracker.intentions.stages import SEEKING_STAGES
from tracker.storage.models import Call, CallChange, CallState, Dismissal, Intention, Stage
from tracker.text.czech import DateValue, Precision
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS

MONTHS_DEFAULT, MONTHS_MAX = 12, 120
UNSPECIFIED = "neurčeno"  # an intention without a preferred programme (as in the overview)
REPORT_STATES = (CallState.OPEN, CallState.PLANNED)
SLIP_FIELDS = ("announced", "opens", "closes")
# Why a call an intention is eligible for does not help it now.
BEFORE_READY, AFTER_HORIZON, UNDATED = "before_ready", "after_horizon", "undated"
NO_CALL, MIXED = "no_call", "mixed"
CAUSES = (BEFORE_READY, AFTER_HORIZON, UNDATED)
# Demand flags
FLAG_OVER = "nad-alokaci"
FLAG_UNDER_TENTH = "pod-desetinou"
# Slip phases: a date moved while the call was still a plan, or after it was announced.
PLANNED, ANNOUNCED = "planned", "announced"


@dataclass(frozen=True, slots=True)
class IntentionRow:
    """What the report reads of an intention (plain values: a region's worth is read many times)."""

    id: int
    title: str
    organization: str
    applicant_type: str
    areas: tuple[str, ...]
    programmes: tuple[str, ...]
    budget_czk: int
    stage: str
    call_id: int | None
    facts: IntentionFacts

    @classmethod
    def of(cls, intention: Intention) -> IntentionRow:
        assert intention.id is not None
        return cls(intention.id, intention.title, intention.organization, intention.applicant_type,
                   tuple(intention.areas), tuple(intention.programmes), intention.budget_czk, intention.stage,
                   intention.call_id, IntentionFacts.of(intention))


@dataclass(frozen=True)
class ReportContext:
    """What every part reads, loaded once: the moment, the horizon, the intentions and the calls (with,
    per call of ``index.calls``, its deadline's end and its opening as timestamps)."""

    session: Session
    now: datetime
    months: int
    horizon: datetime
    preparation_days: int
    intentions: tuple[IntentionRow, ...]
    index: CallIndex  # the live calls (open, planned, unknown; still listed)
    ends: tuple[float, ...]  # deadline's end, +inf when unknown
    starts: tuple[float, ...]  # opening, -inf when unknown
    reported: tuple[bool, ...]  # open or planned
    dismissed: dict[int, dict[int, DismissedCall]]  # per intention, the calls it said are not for it

    @classmethod
    def load(cls, session: Session, now: datetime, months: int) -> ReportContext:
        index = CallIndex.from_session(session, now)
        intentions = tuple(IntentionRow.of(i) for i in session.exec(select(Intention).order_by(Intention.id)))
        calls = index.calls
        return cls(session, now, months, add_months(now, months), index.preparation_days, intentions, index,
                   ends=tuple(c.closes.end.timestamp() if c.closes else math.inf for c in calls),
                   starts=tuple(c.opens.when.timestamp() if c.opens else -math.inf for c in calls),
                   reported=tuple(c.state in REPORT_STATES for c in calls),
                   dismissed=dismissed_by_intention(session))

    def report_calls(self) -> list[int]:
        """Positions in ``index.calls`` of the open and planned calls, soonest deadline first."""
        calls = self.index.calls
        return sorted((i for i, shown in enumerate(self.reported) if shown),
                      key=lambda i: (self.ends[i], calls[i].source, calls[i].external_id))

    def candidates(self, intention: IntentionRow) -> dict[int, bool]:
        """Open or planned calls the intention may apply to (position in ``index.calls`` → eligibility
        recognised), whatever their dates; not those it dismissed as not for it, unless they changed since
        (as its matches leave them out)."""
        dismissed = self.dismissed.get(intention.id, {})
        calls = self.index.calls
        return {i: verified for i, verified in self.index.candidates(intention.facts).items() if self.reported[i]
                and (calls[i].id not in dismissed or dismissed[calls[i].id].change_since(calls[i]) is not None)}

    def ready(self, intention: IntentionRow) -> float:
        return ready_at(intention.stage, self.now, self.preparation_days).timestamp()

    def obstacle(self, i: int, ready: float) -> str | None:
        """Why the eligible call at position ``i`` does not help an intention ready at ``ready`` within the
        horizon; ``None`` when the intention can apply."""
        if self.ends[i] <= ready:
            return BEFORE_READY
        if self.starts[i] >= self.horizon.timestamp():
            return AFTER_HORIZON
        call = self.index.calls[i]
        if call.state is CallState.PLANNED and call.opens is None and call.closes is None:
            return UNDATED
        return None


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the last day of a shorter month)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return moment.replace(year=year, month=month, day=min(moment.day, (next_month - timedelta(days=1)).day))


def _sum(items: Iterable[IntentionRow]) -> dict[str, int]:
    items = list(items)
    return {"count": len(items), "budget_czk": sum(i.budget_czk for i in items)}


def _totals(groups: dict[str, list[IntentionRow]]) -> dict[str, dict[str, int]]:
    return {key: _sum(groups[key]) for key in sorted(groups)}


def _stage_totals(groups: dict[str, list[IntentionRow]]) -> dict[str, dict[str, int]]:
    """``{stage: {count, budget_czk}}`` for the stages present, in pipeline order."""
    return {stage.value: _sum(groups[stage.value]) for stage in Stage if stage.value in groups}


def _programmes(intention: IntentionRow) -> list[str]:
    return list(dict.fromkeys(intention.programmes)) or [UNSPECIFIED]


# --- white spots ------------------------------------------------------------------------------


def _months_locative(months: int) -> str:
    return "1 měsíci" if months == 1 else f"{months} měsících"


def _cause_text(cause: str, months: int, plural: bool) -> str:
    if cause == BEFORE_READY:
        return "končí před připraveností záměru"
    if cause == AFTER_HORIZON:
        return f"{'otevírají' if plural else 'otevírá'} až po {_months_locative(months)}"
    return "nemají zveřejněný termín" if plural else "nemá zveřejněný termín"


def white_spot_reason(intention: IntentionRow | Intention, causes: list[str], months: int) -> tuple[str, str]:
    """(code, Czech sentence) saying why no call helps: none at all, or what is wrong with each."""
    if not causes:
        areas = ", ".join(AREA_LABELS.get(a, a) for a in intention.areas)
        noun = "oblast" if len(intention.areas) == 1 else "oblasti"
        applicant = APPLICANT_LABELS.get(intention.applicant_type, intention.applicant_type)
        return NO_CALL, f"žádná výzva pro {noun} {areas} a žadatele {applicant}"
    counts = Counter(causes)
    if len(causes) == 1:
        return causes[0], f"jediná vhodná výzva {_cause_text(causes[0], months, plural=False)}"
    if len(counts) == 1:
        return causes[0], f"všechny vhodné výzvy ({len(causes)}) {_cause_text(causes[0], months, plural=True)}"
    parts = [f"{_cause_text(cause, months, plural=True)} ({counts[cause]})" for cause in CAUSES if cause in counts]
    return MIXED, "vhodné výzvy " + " nebo ".join(parts)


def white_spots(ctx: ReportContext) -> dict[str, Any]:
    """Intentions at ``zamer``/``priprava`` with no open or planned call they can apply to within the
    horizon, each with why, and their totals per area, applicant type and programme asked for."""
    spots: list[dict[str, Any]] = []
    by_area: dict[str, list[IntentionRow]] = defaultdict(list)
    by_type: dict[str, list[IntentionRow]] = defaultdict(list)
    by_programme: dict[str, list[IntentionRow]] = defaultdict(list)
    for intention in ctx.intentions:
        if intention.stage not in SEEKING_STAGES:
            continue
        ready = ctx.ready(intention)
        found = ctx.candidates(intention)
        if any(ctx.obstacle(i, ready) is None for i in found):
            continue
        calls = sorted(found, key=lambda i: (ctx.ends[i], ctx.index.calls[i].source, ctx.index.calls[i].external_id))
        causes = [cause for i in calls if (cause := ctx.obstacle(i, ready))]
        code, reason = white_spot_reason(intention, causes, ctx.months)
        spots.append({
            "intention_id": intention.id, "title": intention.title, "organization": intention.organization,
            "applicant_type": intention.applicant_type, "areas": list(intention.areas),
            "programmes": list(intention.programmes), "budget_czk": intention.budget_czk, "stage": intention.stage,
            "reason": reason, "reason_code": code, "calls": [ctx.index.calls[i].ref for i in calls],
        })
        for area in dict.fromkeys(intention.areas):
            by_area[area].append(intention)
        by_type[intention.applicant_type].append(intention)
        for programme in _programmes(intention):
            by_programme[programme].append(intention)
    return {
        "white_spots": spots,
        "white_spots_by_area": _totals(by_area),
        "white_spots_by_applicant_type": _totals(by_type),
        "white_spots_by_programme": _totals(by_programme),
    }


# --- demand against allocation ---------------------------------------------------------------


def demand(ctx: ReportContext) -> dict[str, Any]:
    """For every open or planned call, the intentions that would apply to it and their budgets by stage
    against its allocation. An intention that chose a call counts for that call alone (at any stage but
    ``zamitnuto``); one still looking counts for every call it can make in time (so the calls share it)."""
    order = ctx.report_calls()
    position = {i: n for n, i in enumerate(order)}
    by_id = {ctx.index.calls[i].id: n for n, i in enumerate(order)}
    found: list[list[tuple[IntentionRow, bool, bool]]] = [[] for _ in order]  # (intention, chosen, verified)
    for intention in ctx.intentions:
        if intention.call_id is not None:
            if intention.stage != Stage.ZAMITNUTO and intention.call_id in by_id:
                found[by_id[intention.call_id]].append((intention, True, True))
            continue
        if intention.stage not in SEEKING_STAGES:
            continue
        ready = ctx.ready(intention)
        for i, verified in ctx.candidates(intention).items():
            if ctx.ends[i] > ready:
                found[position[i]].append((intention, False, verified))
    rows = []
    for i, entries in zip(order, found, strict=True):
        call = ctx.index.calls[i]
        budget = sum(intention.budget_czk for intention, _, _ in entries)
        stages: dict[str, list[IntentionRow]] = defaultdict(list)
        for intention, _, _ in entries:
            stages[intention.stage].append(intention)
        ratio = round(budget / call.allocation_czk, 4) if call.allocation_czk else None
        flags = []
        if ratio is not None and ratio > 1:
            flags.append(FLAG_OVER)
        if ratio is not None and 0 < ratio < 0.1:  # a call nobody asks for is no warning, just no demand
            flags.append(FLAG_UNDER_TENTH)
        rows.append({
            "call": {
                "source": call.source, "external_id": call.external_id, "title": call.title,
                "programme": call.programme, "state": call.state.value, "allocation_czk": call.allocation_czk,
                "opens_at": call.opens.iso() if call.opens else None,
                "closes_at": call.closes.iso() if call.closes else None,
            },
            "intentions": [
                {"intention_id": intention.id, "title": intention.title, "organization": intention.organization,
                 "stage": intention.stage, "budget_czk": intention.budget_czk, "chosen": chosen, "verify": not verified}
                for intention, chosen, verified in sorted(entries, key=lambda e: e[0].id)
            ],
            "count": len(entries),
            "budget_czk": budget,
            "by_stage": _stage_totals(stages),
            "ratio": ratio,
            "flags": flags,
        })
    return {"demand": rows}


# --- schedule slips ---------------------------------------------------------------------------


def _days(value: DateValue) -> tuple[date, date]:
    """The first and last day a date value stands for (one day unless it is a month or a quarter)."""
    first = value.when.date()
    if value.precision in (Precision.MONTH, Precision.QUARTER):
        return first, (value.end - timedelta(days=1)).date()
    return first, first


def slip_days(old: DateValue, new: DateValue) -> int:
    """By how many days a date moved: 0 when the new date lies within the old (a plan made precise),
    positive when later, negative when earlier (measured between the nearest days of the two)."""
    old_first, old_last = _days(old)
    new_first, new_last = _days(new)
    if new_first > old_last:
        return (new_first - old_last).days
    if new_last < old_first:
        return (new_last - old_first).days
    return 0


@dataclass(frozen=True)
class Slip:
    call_id: int
    source: str
    programme: str
    external_id: str
    title: str
    field: str
    phase: str
    old: DateValue
    new: DateValue
    days: int
    detected_at: datetime


def _load_slips(session: Session) -> list[Slip]:
    query = (select(CallChange, Call.source, Call.programme, Call.external_id, Call.title, Call.opens_at,
                    Call.opens_precision)
             .join(Call, CallChange.call_id == Call.id).where(CallChange.field.in_(SLIP_FIELDS))
             .order_by(CallChange.detected_at, CallChange.id))
    rows = list(session.exec(query))
    # Each call's opening as it stood before each change: the old value of its next "opens" change
    # (or the stored value when none came later) says whether the call was still a plan then.
    opens_changes: dict[int, list[CallChange]] = defaultdict(list)
    current_opens: dict[int, DateValue | None] = {}
    for change, *_, opens_at, opens_precision in rows:
        if change.field == "opens":
            opens_changes[change.call_id].append(change)
        current_opens[change.call_id] = (DateValue(opens_at, Precision(opens_precision))
                                         if opens_at is not None and opens_precision != Precision.NONE else None)
    slips = []
    for change, source, programme, external_id, title, _, _ in rows:
        old = DateValue.from_iso(change.old_value) if change.old_value else None
        new = DateValue.from_iso(change.new_value) if change.new_value else None
        if old is None or new is None or change.detected_at is None:
            continue  # a date first published or withdrawn is not a move
        later = [c for c in opens_changes[change.call_id] if c.detected_at and c.detected_at >= change.detected_at]
        if later:
            opens_then = DateValue.from_iso(later[0].old_value) if later[0].old_value else None
        else:
            opens_then = current_opens.get(change.call_id)
        planned = (old.precision in (Precision.MONTH, Precision.QUARTER)
                   or (opens_then is not None and opens_then.when > change.detected_at))
        slips.append(Slip(change.call_id, source, programme, external_id, title, change.field,
                          PLANNED if planned else ANNOUNCED, old, new, slip_days(old, new), change.detected_at))
    return slips


def _median(values: list[int]) -> int:
    return round(statistics.median(values))


def _shift(slips: list[Slip], source: str, programme: str) -> tuple[int, str | None, int]:
    """The typical move of a planned date for a call's programme (else its source): (days, scope, n)."""
    planned = [s for s in slips if s.phase == PLANNED]
    for scope, chosen in (("programme", [s for s in planned if (s.source, s.programme) == (source, programme)]),
                          ("source", [s for s in planned if s.source == source])):
        if chosen:
            return _median([s.days for s in chosen]), scope, len(chosen)
    return 0, None, 0


def slips(ctx: ReportContext) -> dict[str, Any]:
    """How often and by how many days announced and planned dates moved, per source and programme,
    and for planned calls an expected window from that history beside the published plan."""
    found = _load_slips(ctx.session)
    calls_per_group = {(source, programme): n for source, programme, n in ctx.session.exec(
        select(Call.source, Call.programme, func.count(Call.id)).group_by(Call.source, Call.programme))}
    groups: dict[tuple[str, str, str], list[Slip]] = defaultdict(list)
    for slip in found:
        groups[(slip.source, slip.programme, slip.phase)].append(slip)
    by_group = []
    for (source, programme, phase), items in sorted(groups.items()):
        days = [s.days for s in items]
        by_group.append({
            "source": source, "programme": programme, "phase": phase,
            "calls": calls_per_group.get((source, programme), 0),
            "moved_calls": len({s.call_id for s in items if s.days}),
            "changes": len(items), "later": sum(d > 0 for d in days), "earlier": sum(d < 0 for d in days),
            "mean_days": round(statistics.fmean(days), 1), "median_days": _median(days),
            "max_days": max(days, key=abs),
        })
    expected = []
    for call in sorted((c for c in ctx.index.calls if c.state is CallState.PLANNED), key=_plan_order):
        shift, scope, basis = _shift(found, call.source, call.programme)
        expected.append({
            "source": call.source, "external_id": call.external_id, "title": call.title,
            "programme": call.programme,
            "published": {"opens": call.opens.iso() if call.opens else None,
                          "closes": call.closes.iso() if call.closes else None},
            "expected": {"opens": _shifted(call.opens, shift, first=True),
                         "closes": _shifted(call.closes, shift, first=False)},
            "shift_days": shift, "basis": {"scope": scope, "changes": basis},
        })
    return {"slips": {
        "by_group": by_group,
        "changes": [
            {"source": s.source, "external_id": s.external_id, "title": s.title, "programme": s.programme,
             "field": s.field, "phase": s.phase, "old": s.old.iso(), "new": s.new.iso(), "days": s.days,
             "detected_at": s.detected_at.isoformat()}
            for s in found
        ],
        "expected": expected,
    }}


def _plan_order(call: CallView) -> tuple[float, str, str]:
    start = call.opens or call.closes
    return (start.when.timestamp() if start else float("inf"), call.source, call.external_id)


def _shifted(value: DateValue | None, days: int, *, first: bool) -> str | None:
    if value is None:
        return None
    start, end = _days(value)
    return ((start if first else end) + timedelta(days=days)).isoformat()


# --- pipeline funnel --------------------------------------------------------------------------


def funnel(ctx: ReportContext) -> dict[str, Any]:
    """Intentions and their budgets per stage, overall, by area and by programme (the chosen call's
    programme, else the preferred ones; an intention with several areas or programmes counts in each)."""
    bound_ids = {i.call_id for i in ctx.intentions if i.call_id is not None}
    rows = ctx.session.exec(select(Call.id, Call.programme).where(Call.id.in_(bound_ids))) if bound_ids else []
    bound = {call_id: programme for call_id, programme in rows}
    by_stage: dict[str, list[IntentionRow]] = defaultdict(list)
    by_area: dict[str, dict[str, list[IntentionRow]]] = defaultdict(lambda: defaultdict(list))
    by_programme: dict[str, dict[str, list[IntentionRow]]] = defaultdict(lambda: defaultdict(list))
    for intention in ctx.intentions:
        by_stage[intention.stage].append(intention)
        for area in dict.fromkeys(intention.areas) or [UNSPECIFIED]:
            by_area[area][intention.stage].append(intention)
        chosen = bound.get(intention.call_id) if intention.call_id is not None else None
        for programme in [chosen] if chosen else _programmes(intention):
            by_programme[programme][intention.stage].append(intention)
    return {"funnel": {
        "by_stage": {stage.value: _sum(by_stage[stage.value]) for stage in Stage},
        "by_area": {area: _stage_totals(by_area[area]) for area in sorted(by_area)},
        "by_programme": {name: _stage_totals(by_programme[name]) for name in sorted(by_programme)},
    }}


def barriers(ctx: ReportContext) -> dict[str, Any]:
    """What stops intentions from applying: the reasons given for "not for us" (tracker.intentions.dismissals),
    counted per call and per programme, most frequent first; every dismissal counts, also of calls
    that have closed since."""
    rows = ctx.session.exec(select(Dismissal.reason, Call.source, Call.external_id, Call.title, Call.programme)
                            .join(Call, Dismissal.call_id == Call.id))
    per_call: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    per_programme: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for reason, source, external_id, title, programme in rows:
        per_call[(source, external_id)][reason] += 1
        titles[(source, external_id)] = (title, programme)
        per_programme[programme or UNSPECIFIED][reason] += 1
        totals[reason] += 1
    by_call = [{"call": {"source": source, "external_id": external_id, "title": titles[(source, external_id)][0],
                         "programme": titles[(source, external_id)][1]},
                "dismissals": sum(reasons.values()), "reasons": dict(reasons.most_common())}
               for (source, external_id), reasons in per_call.items()]
    by_call.sort(key=lambda row: (-row["dismissals"], row["call"]["source"], row["call"]["external_id"]))
    return {"barriers": {
        "total": sum(totals.values()),
        "by_reason": {reason: totals[reason] for reason in REASONS if totals[reason]},
        "by_call": by_call,
        "by_programme": {name: dict(per_programme[name].most_common()) for name in sorted(per_programme)},
    }}


# --- the report -------------------------------------------------------------------------------

Part = Callable[[ReportContext], dict[str, Any]]
PARTS: tuple[Part, ...] = (white_spots, demand, slips, barriers, funnel)


def check_months(months: int) -> int:
    if not 1 <= months <= MONTHS_MAX:
        raise UserError(f"must be 1–{MONTHS_MAX} months, got {months}",
                        f"Horizont musí být 1 až {MONTHS_MAX} měsíců.", field="months")
    return months


def build_report(session: Session, now: datetime | None = None, months: int = MONTHS_DEFAULT) -> dict[str, Any]:
    """The whole report as JSON-ready data (``tracker report --json``)."""
    now = now or clock.now()
    ctx = ReportContext.load(session, now, check_months(months))
    calls = Counter(c.state.value for c in ctx.index.calls if c.state in REPORT_STATES)
    report: dict[str, Any] = {
        "generated_at": now.isoformat(), "today": now.date().isoformat(), "months": months,
        "horizon": ctx.horizon.date().isoformat(), "preparation_days": ctx.preparation_days,
        "intentions": len(ctx.intentions),
        "seeking": sum(i.stage in SEEKING_STAGES for i in ctx.intentions),
        "calls": {"open": calls[CallState.OPEN.value], "planned": calls[CallState.PLANNED.value]},
    }
    for part in PARTS:
        report.update(part(ctx))
    return report
