"""One filter of calls for every surface: CLI options, the app's widgets, feed and API query strings.

A :class:`CallFilter` is parsed once (:meth:`CallFilter.parse`), refuses unknown names and
values with a :class:`~tracker.errors.UserError`, renders itself as SQL conditions and tests a
:class:`~tracker.calls.view.CallView` in memory, and has one canonical query string — keys
sorted, values sorted and de-duplicated — so the same filter always gives the same string and
the same cache key. Within one key any value may hold; every key must hold.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, quote

import sqlalchemy as sa

from tracker.calls.view import CallView
from tracker.clock import PRAGUE
from tracker.errors import UserError
from tracker.sources.registry import SOURCE_CODES
from tracker.storage.models import Call, CallState
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.normalize import fold

SEARCH_MAX = 200  # characters of a search text
INTENTION_MAX = 2**31 - 1  # the largest id every database can hold
STATE_CODES = tuple(s.value for s in CallState)
# query-string key → (attribute, allowed values or None)
_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "applicant_type": ("applicant_types", APPLICANT_CODES),
    "area": ("areas", AREA_CODES),
    "source": ("sources", SOURCE_CODES),
    "state": ("states", STATE_CODES),
}
FILTER_KEYS = tuple(sorted((*_LISTS, "closes_from", "closes_to", "intention", "search")))
_LIST_NAMES_CS = {"applicant_type": "typ žadatele", "area": "oblast", "source": "zdroj", "state": "stav"}

Params = Mapping[str, Sequence[str] | str | None]


def _values(raw: Sequence[str] | str | None) -> list[str]:
    """Values of one key: repeated, comma-separated, or both."""
    items = [raw] if isinstance(raw, str) else list(raw or [])
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _one(key: str, raw: Sequence[str] | str | None) -> str | None:
    items = [raw] if isinstance(raw, str) else [str(v) for v in raw or [] if str(v).strip()]
    if len(items) > 1:
        raise UserError(f"give at most one value, got {len(items)}", f"Filtr {key} může mít jen jednu hodnotu.",
                        field=key)
    return items[0].strip() if items else None


def parse_day(key: str, raw: str | None) -> date | None:
    """A YYYY-MM-DD option or parameter; ``None`` when absent, a UserError naming ``key`` when malformed."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UserError(f"must be a date YYYY-MM-DD, got {raw[:40]!r}", "Zadejte datum ve tvaru RRRR-MM-DD.",
                        field=key) from None


def _day_start(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=PRAGUE)


@dataclass(frozen=True)
class CallFilter:
    sources: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    closes_from: date | None = None  # deadline on or after this day (Prague)
    closes_to: date | None = None  # deadline on or before this day
    search: str = ""  # text in the title or the eligible applicants, any case, with or without diacritics
    intention_id: int | None = None  # only the calls matched to (or chosen by) this intention

    def __post_init__(self) -> None:
        for key, (name, allowed) in _LISTS.items():
            values = tuple(dict.fromkeys(getattr(self, name)))
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise UserError(
                    f"unknown {key.replace('_', ' ')} {', '.join(repr(v[:40]) for v in unknown)}; "
                    f"use one of: {', '.join(allowed)}",
                    f"Neznámá hodnota filtru {_LIST_NAMES_CS[key]}: {', '.join(v[:40] for v in unknown)}.",
                    field=key)
            object.__setattr__(self, name, tuple(sorted(values)))
        search = " ".join(self.search.split())
        if len(search) > SEARCH_MAX:
            raise UserError(f"must be at most {SEARCH_MAX} characters", f"Hledaný text může mít nejvýše "
                            f"{SEARCH_MAX} znaků.", field="search")
        object.__setattr__(self, "search", search)
        if self.closes_from and self.closes_to and self.closes_from > self.closes_to:
            raise UserError("the deadline range ends before it starts", "Konec rozmezí uzávěrek je před jeho "
                            "začátkem.", field="closes_to")
        if self.intention_id is not None and not 1 <= self.intention_id <= INTENTION_MAX:
            raise UserError(f"must be an intention id 1–{INTENTION_MAX}", "Číslo záměru je mimo rozsah.",
                            field="intention")

    # --- parsing and the canonical form -------------------------------------------------

    @classmethod
    def parse(cls, params: Params) -> CallFilter:
        """From query parameters or CLI options (``{"area": ["bydleni"], "state": "open,planned"}``);
        a key without values is ignored, an unknown key or value is an error."""
        unknown = [k for k in params if k not in FILTER_KEYS]
        if unknown:
            raise UserError(f"unknown filter {', '.join(repr(k[:40]) for k in unknown)}; use: {', '.join(FILTER_KEYS)}",
                            f"Neznámý filtr: {', '.join(k[:40] for k in unknown)}.", field=unknown[0])
        values: dict[str, Any] = {name: tuple(_values(params.get(key))) for key, (name, _) in _LISTS.items()}
        intention = _one("intention", params.get("intention"))
        if intention is not None and not (intention.isascii() and intention.isdigit() and len(intention) <= 10):
            raise UserError(f"must be one intention id, got {intention[:40]!r}", "Záměr musí být jedno číslo záměru.",
                            field="intention")
        return cls(
            **values,
            closes_from=parse_day("closes_from", _one("closes_from", params.get("closes_from"))),
            closes_to=parse_day("closes_to", _one("closes_to", params.get("closes_to"))),
            search=_one("search", params.get("search")) or "",
            intention_id=int(intention) if intention is not None else None,
        )

    @classmethod
    def from_query_string(cls, query: str) -> CallFilter:
        return cls.parse(parse_qs(query, keep_blank_values=False))

    def params(self) -> dict[str, str]:
        """The filter as query parameters, keys sorted, lists joined with commas; empty ones left out."""
        out: dict[str, str] = {}
        for key in FILTER_KEYS:
            if key in _LISTS:
                value = ",".join(getattr(self, _LISTS[key][0]))
            elif key == "intention":
                value = str(self.intention_id) if self.intention_id is not None else ""
            elif key in ("closes_from", "closes_to"):
                day = getattr(self, key)
                value = day.isoformat() if day else ""
            else:
                value = self.search
            if value:
                out[key] = value
        return out

    def query_string(self) -> str:
        """``applicant_type=obec&area=bydleni,dluhy``: the same filter always gives the same string."""
        return "&".join(f"{key}={quote(value, safe=',')}" for key, value in self.params().items())

    @property
    def key(self) -> str:
        """A cache key: the canonical query string."""
        return self.query_string()

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) not in ((), None, "") for f in fields(self))

    def without_states(self) -> CallFilter:
        return replace(self, states=())

    # --- applying it ---------------------------------------------------------------------

    def conditions(self, intention_calls: Collection[int] | None = None) -> list[sa.ColumnElement[bool]]:
        """SQL conditions for everything but the state (which is derived; see tracker.calls.view).
        With an intention, ``intention_calls`` are its calls (tracker.intentions.matching.intention_calls)."""
        conditions: list[sa.ColumnElement[bool]] = []
        if self.sources:
            conditions.append(Call.source.in_(self.sources))
        if self.applicant_types:
            conditions.append(sa.or_(*(Call.applicant_types.like(f"%|{code}|%") for code in self.applicant_types)))
        if self.areas:
            conditions.append(sa.or_(*(Call.areas.like(f"%|{code}|%") for code in self.areas)))
        if self.closes_from is not None:
            conditions.append(Call.closes_at >= _day_start(self.closes_from))
        if self.closes_to is not None:
            conditions.append(Call.closes_at < _day_start(self.closes_to + timedelta(days=1)))
        if self.search:
            needle = re.sub(r"([\\%_])", r"\\\1", self._needle)
            conditions.append(Call.search_text.like(f"%{needle}%", escape="\\"))
        if self.intention_id is not None:
            conditions.append(Call.id.in_(sorted(self._intention_calls(intention_calls))))
        return conditions

    def matches(self, call: CallView, intention_calls: Collection[int] | None = None) -> bool:
        """Whether a call passes the filter, tested in memory (the app filters its cached calls this way)."""
        if self.sources and call.source not in self.sources:
            return False
        if self.states and call.state not in self.states:
            return False
        if self.areas and not set(self.areas).intersection(call.areas):
            return False
        if self.applicant_types and not set(self.applicant_types).intersection(call.applicant_types):
            return False
        if self.search and self._needle not in call.search_text:
            return False
        if self.closes_from is not None or self.closes_to is not None:
            if call.closes is None:
                return False
            day = call.closes.when.date()
            if (self.closes_from and day < self.closes_from) or (self.closes_to and day > self.closes_to):
                return False
        return self.intention_id is None or call.id in self._intention_calls(intention_calls)

    @cached_property
    def _needle(self) -> str:
        return fold(self.search)

    def _intention_calls(self, intention_calls: Collection[int] | None) -> Collection[int]:
        if intention_calls is None:
            raise ValueError("a filter by intention needs the intention's calls")
        return intention_calls
