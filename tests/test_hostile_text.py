"""Hostile text: every function that reads page or user text answers on long, odd input, and answers right.

Speed is measured in bench (``text_worst_100kb_ms``), never here; these tests feed the same kind of
input and check what comes back, so a pattern that backtracks catastrophically would hang them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile import functions, inputs
from scrapers.rsk.pages import allocation_text
from tracker.text.classify import (
    APPLICANT_CODES,
    AREA_CODES,
    classify_applicants_with_evidence,
    classify_areas_with_evidence,
)
from tracker.text.czech import DateValue, Window, normalize_spaces, parse_czk, parse_date, parse_window

# Pieces real pages are made of, and the characters that once made the parsers slow.
UNITS = ["1", "1.", ". ", " ", "\u3000", "\u2003", "\u00a0", "\n", "kromě ", "krome ", "obce", "obcí ", "; ",
         "(", ")", ":", "nemohou být", "také", "PO ", "OSS", "MAS", "NNO", "zřizované ", "kraji", "alokace ",
         "Kč", "mil.", "2026", "14:00", "Q2", "května ", "do ", "SC 4.1", "IROP", "-", ",", "ž", "a"]


def hostile_text(units: list[str], repeat: int) -> str:
    return ("".join(units) * repeat)[:60_000]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(UNITS), min_size=1, max_size=12), st.integers(min_value=50, max_value=3000))
def test_every_text_function_answers_on_long_hostile_text(units: list[str], repeat: int) -> None:
    text = hostile_text(units, repeat)
    results = {name: function(text) for name, function in functions().items()}
    assert results["parse_date"] is None or isinstance(results["parse_date"], DateValue)
    assert isinstance(results["parse_window"], Window)
    assert results["parse_czk"] is None or results["parse_czk"] >= 0
    assert "  " not in results["normalize_spaces"] and "\u3000" not in results["normalize_spaces"]
    assert results["rsk_allocation"] is None or results["rsk_allocation"] in text
    for name, codes in (("classify_applicants", APPLICANT_CODES), ("classify_areas", AREA_CODES),
                        ("classify_call_areas", AREA_CODES)):
        found = results[name]
        assert set(found.codes) <= set(codes) and set(found.evidence) == set(found.codes)
        assert all(0 < len(quote) <= 90 for quote in found.evidence.values())


def test_the_named_hostile_inputs_all_answer() -> None:
    for text in inputs(20_000).values():
        for function in functions().values():
            function(text)


def test_a_date_followed_by_thousands_of_unusual_spaces() -> None:
    assert parse_date("1. 1." + "\u3000" * 2000) is None  # no year: not a complete date
    assert parse_date("1. 1. 2027" + "\u2003" * 2000) == DateValue.of(2027, 1, 1)
    assert parse_date("30.\u30005.\u20032027\u00a0\u2009\u202f14:00") == DateValue.of(2027, 5, 30, 14, 0)


def test_every_unicode_space_folds_into_one() -> None:
    assert normalize_spaces("a\u3000\u2003\u2002\u205f\u00a0\t\r\n b") == "a b"


def test_windows_and_money_still_read_after_the_rewrite() -> None:
    window = parse_window("Příjem žádostí od 7.\u00a07. do 30.\u20039.\u30002026 do 12:00")
    assert window.start == DateValue.of(2026, 7, 7) and window.end == DateValue.of(2026, 9, 30, 12, 0)
    assert parse_czk("alokace 1\u00a0798\u00a0341\u00a0944\u00a0Kč") == 1_798_341_944


def test_classification_of_a_long_exclusion_list_keeps_its_meaning() -> None:
    assert classify_applicants_with_evidence("krome obce; " * 10_000).codes == []
    assert classify_applicants_with_evidence("Oprávnění žadatelé: obce. " + "x " * 50_000).codes == ["obec"]


def test_rsk_allocation_reads_the_amount_in_the_same_sentence_only() -> None:
    assert allocation_text("Alokace výzvy činí 150 mil. Kč pro celý kraj.") == "150 mil. Kč"
    assert allocation_text("Alokace je velká. Projekt stojí 5 mil. Kč.") is None
    assert allocation_text("alokace " + "1 " * 8_000) is None
    assert classify_areas_with_evidence("Sociální bydlení " * 5_000).codes == ["bydleni"]
