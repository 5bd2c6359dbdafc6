"""Hostile text: inputs built to make a text function slow, and the functions they are fed to.

Used by ``make bench`` (``text_worst_100kb_ms``: the slowest of every function on every input)
and by ``tests/test_hostile_text.py`` (the functions answer, whatever the input). Every input is
about 100 kB: a page can serve that much in one field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SIZE = 100_000


def _fill(unit: str, head: str = "", size: int = SIZE) -> str:
    return head + unit * max(1, (size - len(head)) // max(1, len(unit)))


def inputs(size: int = SIZE) -> dict[str, str]:
    """Named adversarial texts of about ``size`` characters."""
    return {
        "date_then_ideographic_spaces": _fill("\u3000", "1. 1.", size),
        "date_then_em_spaces": _fill("\u2003", "1. 1.", size),
        "date_then_mixed_spaces": _fill("\u00a0\u2009\u202f \t\n", "15. 5. 2026", size),
        "dates": _fill("1. 1. ", "", size),
        "times": _fill("1. 1. 2026 14:00 - ", "", size),
        "krome_obce": _fill("krome obce; ", "", size),
        "kromě_obcí_no_end": _fill("kromě obcí ", "", size),
        "besides_also": _fill("kromě obcí mohou také NNO ", "", size),
        "ones": _fill("1 ", "alokace ", size),
        "allocation_words": _fill("alokace 1 ", "", size),
        "digits": _fill("1", "", size),
        "money_groups": _fill("111 ", "", size),
        "letters": _fill("a", "", size),
        "words": _fill("obce kraje organizace zřizované obcemi ", "", size),
        "founders": _fill("organizace zřizované obcemi, kraji a ", "", size),
        "negations": _fill("nemohou být ", "Oprávněnými žadateli ", size),
        "colons": _fill(": ", "Žadatelem nemůže být", size),
        "dots": _fill(". ", "", size),
        "brackets": _fill("(", "", size),
        "abbreviations": _fill("PO OSS MAS NNO ", "", size),
        "line_breaks": _fill("\n", "obce", size),
        "specific_objectives": _fill("SC 4.1 ", "IROP ", size),
        "quarters": _fill("Q1 ", "", size),
        "month_names": _fill("května ", "", size),
        "deadline_words": _fill("do ", "", size),
    }


def functions() -> dict[str, Callable[[str], Any]]:
    """Every function that reads free text from a page or a user, by name."""
    from scrapers.rsk.pages import allocation_text
    from tracker.text.classify import (
        classify_applicants_with_evidence,
        classify_areas_with_evidence,
        classify_call_areas,
    )
    from tracker.text.czech import normalize_spaces, parse_czk, parse_date, parse_window
    from tracker.text.normalize import fold

    return {
        "parse_date": parse_date,
        "parse_window": parse_window,
        "parse_czk": lambda t: parse_czk(t, assume_czk=True),
        "normalize_spaces": normalize_spaces,
        "fold": fold,
        "classify_applicants": classify_applicants_with_evidence,
        "classify_areas": classify_areas_with_evidence,
        "classify_call_areas": lambda t: classify_call_areas(t[:500], t, t, "IROP"),
        "rsk_allocation": allocation_text,
    }
