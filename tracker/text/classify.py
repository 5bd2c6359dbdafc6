"""Map Czech free text to the taxonomy's applicant types and areas.

The vocabulary lives in :mod:`tracker.text.vocabulary`; this module only applies it: fold the
text, cut out what is excluded, take out the traps, then find the remaining terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.text.normalize import strip_diacritics
from tracker.text.vocabulary import (
    APPLICANT_TRAPS,
    APPLICANT_TYPES,
    AREA_TRAPS,
    AREAS,
    EXCLUSION_MARKERS,
    Term,
)

APPLICANT_CODES: tuple[str, ...] = tuple(t.code for t in APPLICANT_TYPES)
AREA_CODES: tuple[str, ...] = tuple(t.code for t in AREAS)


@dataclass(frozen=True)
class Classification:
    applicant_types: list[str]
    areas: list[str]


@dataclass(frozen=True)
class _Compiled:
    code: str
    patterns: tuple[re.Pattern[str], ...]
    abbreviations: re.Pattern[str] | None


@lru_cache(maxsize=4)
def _compile(terms: tuple[Term, ...]) -> tuple[_Compiled, ...]:
    compiled = []
    for term in terms:
        abbreviations = None
        if term.abbreviations:
            alternatives = "|".join(re.escape(strip_diacritics(a)) for a in term.abbreviations)
            abbreviations = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
        compiled.append(_Compiled(term.code, tuple(re.compile(p) for p in term.patterns), abbreviations))
    return tuple(compiled)


@lru_cache(maxsize=4)
def _compile_traps(traps: tuple[tuple[str, str | None], ...]) -> tuple[tuple[re.Pattern[str], str | None], ...]:
    return tuple((re.compile(p), code) for p, code in traps)


_EXCLUSION = re.compile("|".join(EXCLUSION_MARKERS))
_SCOPE_END = re.compile(r"[.;)\]](?:\s|$)|\n|$")


def _blank(text: str, start: int, stop: int) -> str:
    return text[:start] + " " * (stop - start) + text[stop:]


def _remove_exclusions(folded: str, original: str) -> tuple[str, str]:
    """Blank out every "s výjimkou …"/"žadateli nejsou …" scope in both text forms."""
    while (marker := _EXCLUSION.search(folded)) is not None:
        end = _SCOPE_END.search(folded, marker.end())
        stop = end.start() if end else len(folded)
        folded = _blank(folded, marker.start(), stop)
        original = _blank(original, marker.start(), stop)
    return folded, original


def _find(
    text: str,
    terms: tuple[Term, ...],
    traps: tuple[tuple[str, str | None], ...],
    *,
    honour_exclusions: bool,
) -> list[str]:
    # Keep the original and folded texts the same length so a span in one is a span in the other.
    original = strip_diacritics(re.sub(r"\s", " ", text))
    folded = original.lower()
    if honour_exclusions:
        folded, original = _remove_exclusions(folded, original)
    found: set[str] = set()
    for pattern, code in _compile_traps(traps):
        for m in pattern.finditer(folded):
            if code:
                found.add(code)
            folded = _blank(folded, m.start(), m.end())
            original = _blank(original, m.start(), m.end())
    folded = re.sub(r"\s+", " ", folded)
    for term in _compile(terms):
        if term.code in found:
            continue
        if any(p.search(folded) for p in term.patterns) or (
            term.abbreviations is not None and term.abbreviations.search(original)
        ):
            found.add(term.code)
    return [t.code for t in terms if t.code in found]


def classify_applicants(text: str | None) -> list[str]:
    """Applicant-type codes named in an eligible-applicants text, in taxonomy order."""
    if not text:
        return []
    return _find(text, APPLICANT_TYPES, APPLICANT_TRAPS, honour_exclusions=True)


def classify_areas(text: str | None) -> list[str]:
    """Area codes a call's or intention's text speaks of, in taxonomy order."""
    if not text:
        return []
    return _find(text, AREAS, AREA_TRAPS, honour_exclusions=False)


def classify(text: str | None) -> Classification:
    return Classification(classify_applicants(text), classify_areas(text))
