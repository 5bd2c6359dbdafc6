"""Czech dates, windows, money and IČO, as they appear on the three sites."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.clock import PRAGUE
from tracker.text.czech import (
    MONTHS_NOMINATIVE,
    DateValue,
    Precision,
    format_czk,
    is_valid_ico,
    parse_czk,
    parse_date,
    parse_window,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("30. 5. 2023", "2023-05-30"),
        ("30.05.2023 12:00", "2023-05-30T12:00:00+02:00"),
        ("30. 5. 2023, 12:00", "2023-05-30T12:00:00+02:00"),
        ("30. 9. 2026\u00a014:00", "2026-09-30T14:00:00+02:00"),
        ("17. 12. 2026 14:00", "2026-12-17T14:00:00+01:00"),
        ("1. listopadu 2015", "2015-11-01"),
        ("5/2024", "2024-05"),
        ("05/2026", "2026-05"),
        ("květen 2024", "2024-05"),
        ("v září 2027", "2027-09"),
        ("Q2 2024", "2024-Q2"),
        ("2. čtvrtletí 2024", "2024-Q2"),
        ("IV. čtvrtletí 2026", "2026-Q4"),
        ("Platnost do: 30. 6. 2027 14:00 hod.", "2027-06-30T14:00:00+02:00"),
    ],
)
def test_parse_date_keeps_the_stated_precision(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None and value.iso() == iso


@pytest.mark.parametrize("text", ["", "do vyčerpání alokace", "31. 2. 2026", "neuvedeno", "2026", "12.00 hod"])
def test_parse_date_gives_none_without_a_real_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "exhausted"),
    [
        ("od 4. 1. 2019 od 8:00 do 31. 5. 2019 do 12:00", "2019-01-04T08:00:00+01:00", "2019-05-31T12:00:00+02:00",
         False),
        ("30. 4. 2026 - 17. 12. 2026", "2026-04-30", "2026-12-17", False),
        ("30. 4. 2026 – 17. 12. 2026", "2026-04-30", "2026-12-17", False),
        ("5/2024-4/2025", "2024-05", "2025-04", False),
        ("Příjem žádostí probíhá od 7. 7. do 30. 9. 2026", "2026-07-07", "2026-09-30", False),
        ("od 15. 12. do 31. 1. 2027", "2026-12-15", "2027-01-31", False),
        ("O podporu je možné žádat do 3. 2. 2027", None, "2027-02-03", False),
        ("od 1. 3. 2027 do vyčerpání alokace", "2027-03-01", None, True),
        ("do vyčerpání alokace", None, None, True),
    ],
)
def test_parse_window(text: str, start: str | None, end: str | None, exhausted: bool) -> None:
    window = parse_window(text)
    assert (window.start.iso() if window.start else None) == start
    assert (window.end.iso() if window.end else None) == end
    assert window.until_exhausted is exhausted


def test_a_day_deadline_lasts_the_whole_day_and_a_month_the_whole_month() -> None:
    day = DateValue.of(2026, 12, 17)
    assert day.end == datetime(2026, 12, 18, tzinfo=PRAGUE)
    month = DateValue(datetime(2027, 12, 1, tzinfo=PRAGUE), Precision.MONTH)
    assert month.end == datetime(2028, 1, 1, tzinfo=PRAGUE)
    quarter = DateValue(datetime(2027, 10, 1, tzinfo=PRAGUE), Precision.QUARTER)
    assert quarter.end == datetime(2028, 1, 1, tzinfo=PRAGUE)


def test_czech_display_forms() -> None:
    assert DateValue.of(2027, 5, 30).czech() == "30. 5. 2027"
    assert DateValue.of(2027, 5, 30, 9, 5).czech() == "30. 5. 2027 9:05"
    assert DateValue(datetime(2027, 5, 1, tzinfo=PRAGUE), Precision.MONTH).czech() == "květen 2027"
    assert DateValue(datetime(2027, 4, 1, tzinfo=PRAGUE), Precision.QUARTER).czech() == "2. čtvrtletí 2027"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("21 174 960 Kč", 21_174_960),
        ("1 798 341 944 Kč", 1_798_341_944),
        ("1\u00a0798\u00a0341\u00a0944\u00a0Kč", 1_798_341_944),
        ("1,798 mld. Kč", 1_798_000_000),
        ("150 mil. Kč", 150_000_000),
        ("12,5 mil. Kč", 12_500_000),
        ("100 000 000,- CZK", 100_000_000),
        ("Alokace výzvy činí 0,5 mld. Kč.", 500_000_000),
        ("částka 2 500 000,00 Kč", 2_500_000),
    ],
)
def test_parse_czk(text: str, amount: int) -> None:
    assert parse_czk(text) == amount


def test_parse_czk_needs_a_currency_unless_told_the_column_is_czk() -> None:
    assert parse_czk("5 zaměstnanců") is None
    assert parse_czk("450 000 000", assume_czk=True) == 450_000_000
    assert parse_czk("250", assume_czk=True, multiplier=1_000_000) == 250_000_000


def test_format_czk() -> None:
    assert format_czk(21_174_960) == "21 174 960 Kč"
    assert format_czk(0) == "0 Kč"


def test_ico_checksum() -> None:
    assert is_valid_ico("70891508")
    assert not is_valid_ico("70891507")
    assert not is_valid_ico("7089150")
    assert not is_valid_ico("7089150a")
    assert is_valid_ico("00262978")  # Statutární město Liberec: leading zeros count


# --- properties --------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))


@given(moments, st.sampled_from(["{d}. {m}. {y} {H}:{M:02d}", "{d:02d}.{m:02d}.{y} {H:02d}:{M:02d}",
                                 "{d}. {m}. {y}, {H}:{M:02d}", "{d}. {m}. {y}\u00a0{H}:{M:02d}"]))
def test_any_formatted_datetime_reads_back(moment: datetime, pattern: str) -> None:
    text = pattern.format(d=moment.day, m=moment.month, y=moment.year, H=moment.hour, M=moment.minute)
    value = parse_date(text)
    assert value is not None
    assert value.precision is Precision.DATETIME
    assert value.when.replace(tzinfo=None) == moment


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=2000, max_value=2099))
def test_any_month_reads_back_at_month_precision(month: int, year: int) -> None:
    for text in (f"{month}/{year}", f"{MONTHS_NOMINATIVE[month - 1]} {year}"):
        value = parse_date(text)
        assert value is not None and value.precision is Precision.MONTH
        assert (value.when.year, value.when.month) == (year, month)


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_formatted_in_czech_reads_back(amount: int) -> None:
    assert parse_czk(format_czk(amount)) == amount


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    parse_date(text)
    parse_window(text)
    parse_czk(text)
    parse_czk(text, assume_czk=True)
    is_valid_ico(text)
