"""The one source of "now" and "today": ``TRACKER_TODAY`` pins them for tests and demos."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tracker.settings import get_settings

PRAGUE = ZoneInfo("Europe/Prague")


def today() -> date:
    """Today's date in Prague, or ``TRACKER_TODAY`` when set."""
    pinned = get_settings().today
    return pinned if pinned is not None else datetime.now(PRAGUE).date()


def now() -> datetime:
    """The current instant (Prague-aware); with ``TRACKER_TODAY`` the start of that day."""
    pinned = get_settings().today
    if pinned is not None:
        return datetime.combine(pinned, time(0, 0), tzinfo=PRAGUE)
    return datetime.now(PRAGUE)
