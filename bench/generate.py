"""A deterministic region-sized data set: 10,000 calls and 2,000 intentions.

The shape follows the sample data: most calls are history (closed), about a sixth are open and
as many planned (some with month or quarter precision), a few are cancelled, and a few name
applicants the classifier cannot place.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from tracker.calls.view import derive_state
from tracker.clock import PRAGUE
from tracker.storage.models import Call, Intention, Stage
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import DateValue, Precision
from tracker.text.normalize import fold

PROGRAMMES = {"opzplus": ["OPZ+"], "irop": ["IROP"], "rsk": ["MAS/CLLD", "ITI", "Liberecký kraj", "OP JAK"]}
STAGES = [Stage.ZAMER] * 5 + [Stage.PRIPRAVA] * 3 + [Stage.PODANO, Stage.REALIZACE]


def _date_value(rng: random.Random, at: datetime) -> DateValue:
    roll = rng.random()
    if roll < 0.7:
        return DateValue(at.replace(hour=14, minute=0), Precision.DATETIME)
    if roll < 0.85:
        return DateValue(at.replace(hour=0, minute=0), Precision.DAY)
    if roll < 0.95:
        return DateValue(at.replace(day=1, hour=0, minute=0), Precision.MONTH)
    quarter_month = (at.month - 1) // 3 * 3 + 1
    return DateValue(at.replace(month=quarter_month, day=1, hour=0, minute=0), Precision.QUARTER)


def call_rows(count: int, now: datetime, seed: int = 2027) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        source = rng.choice(list(PROGRAMMES))
        roll = rng.random()
        if roll < 0.64:  # history
            opens_at = now - timedelta(days=rng.randint(120, 2000))
        elif roll < 0.82:  # open now
            opens_at = now - timedelta(days=rng.randint(1, 100))
        else:  # planned
            opens_at = now + timedelta(days=rng.randint(1, 330))
        opens = _date_value(rng, opens_at)
        closes = _date_value(rng, opens_at + timedelta(days=rng.randint(30, 240)))
        status_word = "zrušena" if rng.random() < 0.02 else None
        types = [] if rng.random() < 0.03 else rng.sample(APPLICANT_CODES, rng.randint(1, 4))
        areas = rng.sample(AREA_CODES, rng.choices([1, 2, 3], weights=[5, 4, 1])[0])
        rows.append({
            "source": source, "external_id": f"bench-{n:05d}", "programme": rng.choice(PROGRAMMES[source]),
            "title": f"Výzva {n} – {' a '.join(areas)}", "state": derive_state(status_word, opens, closes, now),
            "status_word": status_word, "announced_precision": Precision.NONE.value,
            "opens_at": opens.when, "opens_precision": opens.precision.value,
            "closes_at": closes.when, "closes_precision": closes.precision.value, "until_exhausted": False,
            "allocation_czk": rng.choice([None, rng.randint(5, 2000) * 1_000_000]),
            "eligible_applicants": ", ".join(types) or "dle pravidel výzvy", "applicant_types": types,
            "areas": areas, "url": f"https://example.invalid/vyzva/{n}", "listed": True, "missed_runs": 0,
            "first_seen": now, "last_seen": now, "content_hash": "",
            "search_text": fold(f"Výzva {n} – {' a '.join(areas)} {', '.join(types) or 'dle pravidel výzvy'}"),
        })
    return rows


def intention_rows(count: int, now: datetime, seed: int = 2026) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        start = date(2027, 1, 1) + timedelta(days=rng.randint(0, 700))
        rows.append({
            "title": f"Záměr {n}", "organization": f"Organizace {n % 300}", "ico": "00262978",
            "applicant_type": rng.choice(APPLICANT_CODES), "areas": rng.sample(AREA_CODES, rng.randint(1, 3)),
            "description": "", "budget_czk": rng.randint(1, 100) * 500_000, "cofinancing_pct": 10.0,
            "start_date": start, "end_date": start + timedelta(days=730),
            "programmes": rng.choice([[], ["OPZ+"], ["IROP"], ["OPZ+", "IROP"]]), "partners": [],
            "stage": rng.choice(STAGES), "created_at": now, "updated_at": now,
        })
    return rows


def fill(session: Session, calls: int = 10_000, intentions: int = 2_000, now: datetime | None = None) -> None:
    """Insert the data set into an empty, migrated database (caller commits)."""
    now = now or datetime(2026, 11, 23, tzinfo=PRAGUE)
    session.execute(sa.insert(Call.__table__), call_rows(calls, now))  # type: ignore[arg-type]
    session.execute(sa.insert(Intention.__table__), intention_rows(intentions, now))  # type: ignore[arg-type]
