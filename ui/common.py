"""What every page shares: cached reads, the filter widgets, freshness, the coordinator check."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import streamlit as st
from sqlmodel import select

from tracker import clock
from tracker.calls.view import call_dates, derive_state
from tracker.feeds.events import FeedFilter
from tracker.settings import get_settings
from tracker.storage.db import init_db, session_scope
from tracker.storage.models import Call, Intention, IntentionMatch, ScrapeRun, Source, StageChange
from tracker.text.classify import APPLICANT_CODES, AREA_CODES, fold
from tracker.text.czech import DateValue
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, SOURCE_LABELS, STATE_LABELS

SOURCES = tuple(s.value for s in Source)
STATES = tuple(STATE_LABELS)
DEFAULT_STATES = ("open", "planned", "unknown")
ANY = "Všechny"


@st.cache_resource
def _schema_ready(database_url: str) -> bool:
    init_db(database_url)
    return True


def setup() -> None:
    """Make sure the schema exists (once per database and process)."""
    _schema_ready(get_settings().database_url)


def data_version() -> tuple[Any, ...]:
    """Changes whenever a crawl or an edit changed something the pages show (one cheap query)."""
    query = sa.select(
        sa.select(sa.func.count(Call.id)).scalar_subquery(),
        sa.select(sa.func.max(Call.last_seen)).scalar_subquery(),
        sa.select(sa.func.max(ScrapeRun.id)).scalar_subquery(),
        sa.select(sa.func.max(ScrapeRun.finished_at)).scalar_subquery(),
        sa.select(sa.func.count(Intention.id)).scalar_subquery(),
        sa.select(sa.func.max(Intention.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(StageChange.id)).scalar_subquery(),
        sa.select(sa.func.max(IntentionMatch.computed_at)).scalar_subquery(),
    )
    with session_scope() as session:
        return tuple(session.connection().execute(query).one())


@dataclass(frozen=True)
class CallRow:
    id: int
    source: str
    external_id: str
    programme: str
    title: str
    state: str
    opens: DateValue | None
    closes: DateValue | None
    until_exhausted: bool
    allocation_czk: int | None
    eligible_applicants: str
    applicant_types: tuple[str, ...]
    areas: tuple[str, ...]
    url: str
    documents_url: str | None
    source_url: str | None
    listed: bool
    search: str

    @property
    def label(self) -> str:
        return f"{SOURCE_LABELS.get(self.source, self.source)} {self.external_id} – {self.title}"


@st.cache_data(show_spinner=False, max_entries=4)
def load_calls(version: tuple[Any, ...], today: str) -> list[CallRow]:
    """Every stored call, soonest deadline first, with its state at today's date."""
    now = clock.now()
    with session_scope() as session:
        calls = session.exec(select(Call).order_by(Call.closes_at.is_(None), Call.closes_at, Call.source,
                                                   Call.external_id)).all()
        rows = []
        for c in calls:
            _, opens, closes = call_dates(c)
            rows.append(CallRow(
                id=c.id or 0, source=c.source, external_id=c.external_id, programme=c.programme, title=c.title,
                state=derive_state(c.status_word, opens, closes, now).value, opens=opens, closes=closes,
                until_exhausted=c.until_exhausted, allocation_czk=c.allocation_czk,
                eligible_applicants=c.eligible_applicants, applicant_types=tuple(c.applicant_types),
                areas=tuple(c.areas), url=c.url, documents_url=c.documents_url, source_url=c.source_url,
                listed=c.listed, search=fold(f"{c.title} {c.eligible_applicants}"),
            ))
    return rows


def calls() -> list[CallRow]:
    return load_calls(data_version(), clock.today().isoformat())


@dataclass(frozen=True)
class CallFilter:
    sources: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    text: str = ""
    closes_from: Any = None
    closes_to: Any = None

    def apply(self, rows: list[CallRow]) -> list[CallRow]:
        needle = fold(self.text) if self.text.strip() else ""
        result = []
        for row in rows:
            if self.sources and row.source not in self.sources:
                continue
            if self.states and row.state not in self.states:
                continue
            if self.areas and not set(self.areas) & set(row.areas):
                continue
            if self.applicant_types and not set(self.applicant_types) & set(row.applicant_types):
                continue
            if needle and needle not in row.search:
                continue
            if self.closes_from or self.closes_to:
                if row.closes is None:
                    continue
                day = row.closes.when.date()
                if (self.closes_from and day < self.closes_from) or (self.closes_to and day > self.closes_to):
                    continue
            result.append(row)
        return result

    def feed_filter(self) -> FeedFilter:
        """The calendar for these filters; the page's default states are a view, not a feed filter."""
        states = () if set(self.states) == set(DEFAULT_STATES) else self.states
        return FeedFilter(sources=self.sources, areas=self.areas, applicant_types=self.applicant_types,
                          states=states)


def filter_widgets(*, with_states: bool = True, with_text: bool = True) -> CallFilter:
    """The shared filters (their values persist across pages through the session state)."""
    columns = st.columns(4 if with_states else 3)
    sources = columns[0].multiselect("Zdroj", SOURCES, format_func=SOURCE_LABELS.get, key="f_sources",
                                     placeholder=ANY)
    areas = columns[1].multiselect("Oblast", AREA_CODES, format_func=AREA_LABELS.get, key="f_areas",
                                   placeholder=ANY)
    types = columns[2].multiselect("Typ žadatele", APPLICANT_CODES, format_func=APPLICANT_LABELS.get,
                                   key="f_types", placeholder=ANY)
    states: list[str] = []
    if with_states:
        if "f_states" not in st.session_state:
            st.session_state["f_states"] = list(DEFAULT_STATES)
        states = columns[3].multiselect("Stav", STATES, format_func=STATE_LABELS.get, key="f_states",
                                        placeholder=ANY)
    text = st.text_input("Hledat v názvu a oprávněných žadatelích", key="f_text") if with_text else ""
    return CallFilter(tuple(sources), tuple(areas), tuple(types), tuple(states), text or "")


def feed_urls(flt: FeedFilter) -> tuple[str, str]:
    """The subscription address for a filter, as http(s) and as webcal."""
    query = flt.query_string()
    url = f"{get_settings().feed_base_url}/calendar.ics" + (f"?{query}" if query else "")
    return url, "webcal://" + url.split("://", 1)[1]


def show_feed_urls(flt: FeedFilter) -> None:
    url, webcal = feed_urls(flt)
    st.caption("Odběr kalendáře uzávěrek pro tyto filtry (vložte adresu do kalendáře):")
    st.code(url, language=None)
    st.code(webcal, language=None)


def is_coordinator(key: str) -> bool:
    """Ask for the coordinator's password (TRACKER_ADMIN_PASSWORD); True once it was given."""
    password = get_settings().admin_password
    if not password:
        st.info("Akce koordinátora nejsou zapnuté: nastavte proměnnou TRACKER_ADMIN_PASSWORD.")
        return False
    if st.session_state.get("coordinator"):
        return True
    given = st.text_input("Heslo koordinátora", type="password", key=f"pw_{key}")
    if not given:
        return False
    if hmac.compare_digest(given.encode(), password.encode()):
        st.session_state["coordinator"] = True
        return True
    st.error("Nesprávné heslo koordinátora.")
    return False


def now() -> datetime:
    return clock.now()
