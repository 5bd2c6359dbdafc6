"""A small, fast iCalendar (RFC 5545) writer: content lines, escaping and folding.

The feed has to write ten thousand events in well under a second, which the general-purpose
``icalendar`` package cannot do; it is used instead to read our output back in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
MAX_OCTETS = 75

# Europe/Prague under the EU rules in force since 1996 (last Sunday of March and of October).
PRAGUE_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Prague",
    "X-LIC-LOCATION:Europe/Prague",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


# RFC 5545 3.3.11: TEXT allows HTAB but no other control character (line breaks are escaped as \n).
_TEXT_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# No control character but HTAB may stand in a content line: a CR or LF would end it and start another.
_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks; other control characters dropped."""
    value = _TEXT_FORBIDDEN.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def uri(value: str) -> str:
    """A URI value (not escaped, RFC 5545 3.3.13) without control characters."""
    return _LINE_FORBIDDEN.sub("", value)


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line, never inside a UTF-8 character."""
    if len(line) <= MAX_OCTETS // 4 or len(line.encode()) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc_stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(at: datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%S")


def day_stamp(day: date) -> str:
    return day.strftime("%Y%m%d")


def duration(delta: timedelta) -> str:
    """``-P7D``, ``-PT12H``: a whole number of days or hours (all the alarms need)."""
    sign = "-" if delta < timedelta(0) else ""
    seconds = abs(int(delta.total_seconds()))
    if seconds % 86400 == 0:
        return f"{sign}P{seconds // 86400}D"
    return f"{sign}PT{seconds // 3600}H" if seconds % 3600 == 0 else f"{sign}PT{seconds}S"


def serialize(lines: Iterable[str]) -> bytes:
    """Join already-built content lines into an iCalendar byte stream.

    Whatever a caller forgot to escape, no control character (but HTAB) reaches the stream: one scan
    of the whole text, and only when it finds one are the lines cleaned one by one."""
    lines = list(lines)
    if _LINE_FORBIDDEN.search("".join(lines)):
        lines = [_LINE_FORBIDDEN.sub("", line) for line in lines]
    return "".join(fold(line) + CRLF for line in lines).encode()


def component(name: str, lines: Iterable[str]) -> Iterator[str]:
    yield f"BEGIN:{name}"
    yield from lines
    yield f"END:{name}"
