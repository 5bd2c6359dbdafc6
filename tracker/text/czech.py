"""Pure parsers and formatters for Czech dates, money and IČO as they appear on call pages.

Every date comes back as a :class:`DateValue`: a Prague-aware instant plus the precision the
text really gave (an exact time, a day, a month or a quarter). Nothing here raises on odd
input; a text without a recognisable value gives ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from tracker.clock import PRAGUE


class Precision(StrEnum):
    DATETIME = "datetime"
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    NONE = "none"


@dataclass(frozen=True, order=True)
class DateValue:
    """A point in Prague time and how precisely the source stated it."""

    when: datetime
    precision: Precision

    @classmethod
    def of(cls, year: int, month: int, day: int = 1, hour: int | None = None,
           minute: int = 0, precision: Precision | None = None) -> DateValue:
        if precision is None:
            precision = Precision.DAY if hour is None else Precision.DATETIME
        when = datetime(year, month, day, hour or 0, minute, tzinfo=PRAGUE)
        return cls(when, precision)

    @property
    def end(self) -> datetime:
        """The first instant after the period the value stands for (a deadline's last moment)."""
        w = self.when
        if self.precision is Precision.DATETIME:
            return w
        if self.precision is Precision.DAY:
            nxt = w.date() + timedelta(days=1)
        elif self.precision is Precision.MONTH:
            nxt = _add_months(w.date().replace(day=1), 1)
        else:
            nxt = _add_months(w.date().replace(day=1), 3)
        return datetime(nxt.year, nxt.month, nxt.day, tzinfo=PRAGUE)

    def iso(self) -> str:
        """ISO 8601 at the stated precision: ``2027-03-31T12:00:00+02:00``, ``2027-06-30``,
        ``2027-06`` or ``2027-Q2``."""
        w = self.when
        if self.precision is Precision.DATETIME:
            return w.isoformat()
        if self.precision is Precision.DAY:
            return w.date().isoformat()
        if self.precision is Precision.MONTH:
            return f"{w.year:04d}-{w.month:02d}"
        return f"{w.year:04d}-Q{(w.month - 1) // 3 + 1}"

    @classmethod
    def from_iso(cls, text: str) -> DateValue | None:
        """The inverse of :meth:`iso`; ``None`` for anything else."""
        try:
            if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
                return cls.of(int(m[1]), (int(m[2]) - 1) * 3 + 1, precision=Precision.QUARTER)
            if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
                return cls.of(int(m[1]), int(m[2]), precision=Precision.MONTH)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = date.fromisoformat(text)
                return cls.of(day.year, day.month, day.day)
            return cls(datetime.fromisoformat(text).astimezone(PRAGUE), Precision.DATETIME)
        except ValueError:
            return None

    def czech(self) -> str:
        """Czech display form: ``30. 5. 2027 12:00``, ``30. 5. 2027``, ``květen 2027``,
        ``2. čtvrtletí 2027``."""
        w = self.when
        if self.precision in (Precision.DATETIME, Precision.DAY):
            return date_czech(w, time=self.precision is Precision.DATETIME)
        if self.precision is Precision.MONTH:
            return f"{MONTHS_NOMINATIVE[w.month - 1]} {w.year}"
        return f"{(w.month - 1) // 3 + 1}. čtvrtletí {w.year}"


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    return date(d.year + index // 12, index % 12 + 1, 1)


MONTHS_NOMINATIVE = (
    "leden", "únor", "březen", "duben", "květen", "červen",
    "červenec", "srpen", "září", "říjen", "listopad", "prosinec",
)
# Every case a month name takes in call texts, mapped to its number.
_MONTH_FORMS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        ("leden", "ledna", "lednu"),
        ("únor", "února", "únoru"),
        ("březen", "března", "březnu"),
        ("duben", "dubna", "dubnu"),
        ("květen", "května", "květnu"),
        ("červen", "června", "červnu"),
        ("červenec", "července", "červenci"),
        ("srpen", "srpna", "srpnu"),
        ("září",),
        ("říjen", "října", "říjnu"),
        ("listopad", "listopadu"),
        ("prosinec", "prosince", "prosinci"),
    ),
    start=1,
):
    for _form in _forms:
        _MONTH_FORMS[_form] = _number
_MONTH_ALT = "|".join(sorted(_MONTH_FORMS, key=len, reverse=True))
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_SPACES = re.compile(r"\s+")  # every Unicode space: NBSP, em, ideographic, tabs, line breaks
MAX_TEXT = 20_000  # characters a date or money parser reads; a value sits in the first few hundred
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")

# "14:00" anywhere after a date; "14.00" only when nothing date-like follows it.
_TIME = (
    r"(?: ?,? ?(?:(?:od|do|v|ve) )?(?P<hour>[01]?\d|2[0-3])(?: ?: ?|\.)(?P<minute>[0-5]\d)"
    r"(?!\d|\. ?\d)(?: ?hod\.?)?)?"
)
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "numeric",
        re.compile(
            r"(?<![\d/])(?P<day>[0-3]?\d)\. ?(?P<month>[01]?\d)\.(?: ?(?P<year>(?:19|20|21)\d\d)(?!\d))?"
            + _TIME,
            re.IGNORECASE,
        ),
    ),
    (
        "named",
        re.compile(
            r"(?<!\d)(?P<day>[0-3]?\d)\. ?(?P<monthname>" + _MONTH_ALT + r")\b(?: (?P<year>(?:19|20|21)\d\d)(?!\d))?"
            + _TIME,
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?:\bQ ?(?P<q1>[1-4]) ?/? ?|(?<!\d)(?P<q2>[1-4]) ?\. ?(?:čtvrtletí|ctvrtleti|Q) ?"
            r"|\b(?P<q3>IV|I{1,3})\. ?(?:čtvrtletí|ctvrtleti) ?)(?P<year>(?:19|20|21)\d\d)(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "month_slash",
        re.compile(r"(?<![\d.])(?P<month>0?[1-9]|1[0-2]) ?/ ?(?P<year>(?:19|20|21)\d\d)(?!\d)"),
    ),
    (
        "month_named",
        re.compile(r"\b(?P<monthname>" + _MONTH_ALT + r") (?P<year>(?:19|20|21)\d\d)(?!\d)", re.IGNORECASE),
    ),
]
_UNTIL_EXHAUSTED = re.compile(r"do vyčerpání(?: (?:finanční )?alokace)?", re.IGNORECASE)


def normalize_spaces(text: str) -> str:
    """Fold the many spaces and dashes of web pages into plain ones (every run of any Unicode
    whitespace becomes one space), so that the patterns below never meet more than one space."""
    return _SPACES.sub(" ", _DASHES.sub("-", text)).strip()


@dataclass(frozen=True)
class _Token:
    start: int
    stop: int
    year: int | None
    month: int
    day: int
    hour: int | None
    minute: int
    precision: Precision

    def value(self, year: int | None = None) -> DateValue | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return DateValue.of(y, self.month, self.day, self.hour, self.minute, self.precision)
        except ValueError:
            return None


def _tokens(text: str) -> list[_Token]:
    """Every date in ``text``; an earlier pattern wins where two overlap (linear: a taken-character map)."""
    found: list[_Token] = []
    taken = bytearray(len(text))
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if taken.find(1, m.start(), m.end()) != -1:
                continue
            token = _token_from_match(kind, m)
            if token is None:
                continue
            found.append(token)
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda t: t.start)


def _token_from_match(kind: str, m: re.Match[str]) -> _Token | None:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if kind in ("numeric", "named"):
        month = int(g["month"]) if kind == "numeric" else _MONTH_FORMS[g["monthname"].lower()]
        day = int(g["day"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        hour = int(g["hour"]) if g.get("hour") else None
        minute = int(g["minute"]) if g.get("minute") else 0
        precision = Precision.DATETIME if hour is not None else Precision.DAY
        return _Token(m.start(), m.end(), year, month, day, hour, minute, precision)
    if kind == "quarter":
        quarter = int(g["q1"] or g["q2"] or 0) or _ROMAN[g["q3"].lower()]
        return _Token(m.start(), m.end(), year, 3 * quarter - 2, 1, None, 0, Precision.QUARTER)
    month = int(g["month"]) if kind == "month_slash" else _MONTH_FORMS[g["monthname"].lower()]
    return _Token(m.start(), m.end(), year, month, 1, None, 0, Precision.MONTH)


def parse_date(text: str | None) -> DateValue | None:
    """The first complete Czech date in ``text`` at the precision it gives, or ``None``."""
    if not text:
        return None
    for token in _tokens(normalize_spaces(text[:MAX_TEXT])):
        value = token.value()
        if value is not None:
            return value
    return None


@dataclass(frozen=True)
class Window:
    """An application window: its start, its end, and whether it runs until money runs out."""

    start: DateValue | None = None
    end: DateValue | None = None
    until_exhausted: bool = False


_END_WORDS = re.compile(r"(?:\bdo|nejpozději|uzávěrk\w*|ukončení\w*|termín\w*) ?(?:dne|je|:)? ?$", re.IGNORECASE)


def parse_window(text: str | None) -> Window:
    """Read a window such as ``od 4. 1. 2019 od 8:00 do 31. 5. 2019 do 12:00``,
    ``30. 4. 2026 - 17. 12. 2026``, ``5/2024-4/2025`` or ``do 3. 2. 2027``.

    A start without a year takes the end's year (``od 7. 7. do 30. 9. 2026``); a lone date
    after "do" is an end, any other lone date a start.
    """
    if not text:
        return Window()
    flat = normalize_spaces(text[:MAX_TEXT])
    exhausted = bool(_UNTIL_EXHAUSTED.search(flat))
    tokens = _tokens(flat)
    if not tokens:
        return Window(until_exhausted=exhausted)
    if len(tokens) == 1:
        value = tokens[0].value()
        if _END_WORDS.search(flat[: tokens[0].start]):
            return Window(end=value, until_exhausted=exhausted)
        return Window(start=value, until_exhausted=exhausted)
    first, second = tokens[0], tokens[1]
    end = second.value()
    start_year = first.year
    if start_year is None and end is not None:
        start_year = end.when.year - (1 if (first.month, first.day) > (end.when.month, end.when.day) else 0)
    return Window(start=first.value(start_year), end=end, until_exhausted=exhausted)


# --- money -------------------------------------------------------------------------------

_MULTIPLIERS = (
    (re.compile(r"^(?:mld|miliard)", re.IGNORECASE), 1_000_000_000),
    (re.compile(r"^(?:mil|milion)", re.IGNORECASE), 1_000_000),
    (re.compile(r"^(?:tis)", re.IGNORECASE), 1_000),
)
_MONEY = re.compile(
    r"(?<![\d,])(?P<int>\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(?P<frac>\d+|-{1,2}))?"
    r"(?: ?(?P<unit>mld\.?|miliard[ay]?|mil\.?|milion[uůy]?|tis\.?|tisíc))?"
    r" ?(?P<currency>Kč|CZK|korun\w*)?",
    re.IGNORECASE,
)


def parse_czk(text: str | None, *, assume_czk: bool = False, multiplier: int = 1) -> int | None:
    """The first CZK amount in ``text`` as whole crowns.

    ``21 174 960 Kč``, ``1,798 mld. Kč``, ``150 mil. Kč``, ``100 000 000,- CZK``. Without
    ``assume_czk`` a number counts only when a currency or a unit such as "mil." follows;
    ``multiplier`` applies to numbers from a column headed e.g. "(mil. Kč)".
    """
    if not text:
        return None
    flat = normalize_spaces(text[:MAX_TEXT])
    for m in _MONEY.finditer(flat):
        unit, currency = m.group("unit"), m.group("currency")
        if not (assume_czk or currency or unit):
            continue
        digits = re.sub(r"[ .]", "", m.group("int"))
        frac = m.group("frac") or ""
        if frac.startswith("-"):
            frac = ""
        try:
            amount = Decimal(digits + ("." + frac if frac else ""))
        except InvalidOperation:
            continue
        factor = multiplier
        if unit:
            factor = next(f for pattern, f in _MULTIPLIERS if pattern.match(unit))
        return int((amount * factor).to_integral_value())
    return None


def format_number(count: int) -> str:
    """``25000`` → ``25 000`` (Czech thousands separator)."""
    return f"{count:,}".replace(",", " ")


def date_czech(moment: date | datetime, *, time: bool = False, seconds: bool = False) -> str:
    """The one Czech form of a day, and of its time: ``30. 5. 2027``, ``30. 5. 2027 9:05`` (``9:05:07``)."""
    text = f"{moment.day}. {moment.month}. {moment.year}"
    if time:
        text += f" {moment.hour}:{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")
    return text


def format_czk(amount: int | None) -> str:
    """``21174960`` → ``21 174 960 Kč``; ``None`` → ``neuvedeno``."""
    if amount is None:
        return "neuvedeno"
    return format_number(amount) + " Kč"


def days_czech(count: int) -> str:
    """``1 den``, ``3 dny``, ``37 dní`` (the plural Czech counting needs)."""
    if count == 1:
        return "1 den"
    if 2 <= count <= 4:
        return f"{count} dny"
    return f"{count} dní"


# --- IČO ---------------------------------------------------------------------------------


def is_valid_ico(text: str | None) -> bool:
    """True for an 8-digit Czech company number whose mod-11 check digit is right."""
    if text is None or not re.fullmatch(r"\d{8}", text):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text[:7], range(8, 1, -1)))
    check = (11 - total % 11) % 10
    return check == int(text[7])
