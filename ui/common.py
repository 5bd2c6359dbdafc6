"""What every page shares: cached reads, the filter widgets, freshness, the coordinator check."""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
import streamlit as st

from tracker import clock
from tracker.auth import password_guard
from tracker.calls.filters import SEARCH_MAX, CallFilter
from tracker.calls.queries import select_calls
from tracker.calls.view import CallView
from tracker.intentions.store import APP_IMPORT_MAX_BYTES
from tracker.settings import get_settings
from tracker.sources.registry import SOURCE_CODES, source_label
from tracker.storage.db import init_db, session_scope
from tracker.storage.models import Call, CallChange, CallCorrection, Intention, IntentionMatch, ScrapeRun, StageChange
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.display import escape_markdown
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, STATE_LABELS

STATES = tuple(STATE_LABELS)
DEFAULT_STATES = ("open", "planned", "unknown")
ANY = "Všechny"


@st.cache_resource
def _schema_ready(database_url: str) -> bool:
    init_db(database_url)
    return True


def report_done(page: str, message: str) -> None:
    """Draw the page again so that it shows a saved change, and say what was done at its top
    (:func:`show_done`). Never returns."""
    st.session_state[f"{page}_flash"] = message
    st.rerun()


def show_done(page: str) -> None:
    """The message of :func:`report_done`, once."""
    if f"{page}_flash" in st.session_state:
        st.success(st.session_state.pop(f"{page}_flash"))


def setup() -> None:
    """Make sure the schema exists (once per database and process)."""
    _schema_ready(get_settings().database_url)


def data_version() -> tuple[Any, ...]:
    """Changes whenever a crawl or an edit changed something the pages show (one cheap query). It names
    its database first: two databases at the same counts are not the same data (the caches it keys
    live as long as the process)."""
    query = sa.select(
        sa.select(sa.func.count(Call.id)).scalar_subquery(),
        sa.select(sa.func.max(Call.last_seen)).scalar_subquery(),
        sa.select(sa.func.max(ScrapeRun.id)).scalar_subquery(),
        sa.select(sa.func.max(ScrapeRun.finished_at)).scalar_subquery(),
        sa.select(sa.func.count(Intention.id)).scalar_subquery(),
        sa.select(sa.func.max(Intention.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(StageChange.id)).scalar_subquery(),
        sa.select(sa.func.max(IntentionMatch.computed_at)).scalar_subquery(),
        sa.select(sa.func.max(CallCorrection.corrected_at)).scalar_subquery(),
        sa.select(sa.func.count(CallCorrection.id)).scalar_subquery(),
        sa.select(sa.func.max(CallChange.id)).scalar_subquery(),
    )
    with session_scope() as session:
        return (get_settings().database_url, *session.connection().execute(query).one())


@st.cache_data(show_spinner=False, max_entries=4)
def load_calls(version: tuple[Any, ...], today: str) -> list[CallView]:
    """Every stored call as of today, soonest deadline first."""
    with session_scope() as session:
        return select_calls(session, CallFilter(), clock.now())


def calls() -> list[CallView]:
    return load_calls(data_version(), clock.today().isoformat())


def feed_filter(flt: CallFilter) -> CallFilter:
    """The calendar for the page's filters: the default states are the page's view, not a feed filter."""
    return flt.without_states() if set(flt.states) == set(DEFAULT_STATES) else flt


def filter_widgets(*, with_states: bool = True, with_text: bool = True, **more: Any) -> CallFilter:
    """The shared filters (their values persist across pages through the session state)."""
    columns = st.columns(4 if with_states else 3)
    sources = columns[0].multiselect("Zdroj", SOURCE_CODES, format_func=source_label, key="f_sources",
                                     placeholder=ANY, select_all=False)
    areas = columns[1].multiselect("Oblast", AREA_CODES, format_func=AREA_LABELS.get, key="f_areas",
                                   placeholder=ANY, select_all=False)
    types = columns[2].multiselect("Typ žadatele", APPLICANT_CODES, format_func=APPLICANT_LABELS.get,
                                   key="f_types", placeholder=ANY, select_all=False)
    states: list[str] = []
    if with_states:
        if "f_states" not in st.session_state:
            st.session_state["f_states"] = list(DEFAULT_STATES)
        states = columns[3].multiselect("Stav", STATES, format_func=STATE_LABELS.get, key="f_states",
                                        placeholder=ANY, select_all=False)
    text = st.text_input("Hledat v názvu a oprávněných žadatelích", key="f_text", max_chars=SEARCH_MAX) \
        if with_text else ""
    return CallFilter(sources=tuple(sources), areas=tuple(areas), applicant_types=tuple(types), states=tuple(states),
                      search=text or "", **more)


def feed_urls(flt: CallFilter) -> tuple[str, str]:
    """The subscription address for a filter, as http(s) and as webcal."""
    query = flt.query_string()
    url = f"{get_settings().feed_base_url}/calendar.ics" + (f"?{query}" if query else "")
    return url, "webcal://" + url.split("://", 1)[1]


def show_feed_urls(flt: CallFilter) -> None:
    url, webcal = feed_urls(flt)
    st.caption("Odběr kalendáře uzávěrek pro tyto filtry (vložte adresu do kalendáře):")
    st.code(url, language=None)
    st.code(webcal, language=None)
    subscribe_button(flt)


SUBSCRIBE_PAGE = "ui/odber.py"
PREFILL_KEY = "odber_prefill"


def subscribe_button(flt: CallFilter) -> None:
    """"Odebírat e-mailem": open the page Odběr with this filter filled in."""
    if st.button("Odebírat e-mailem", key=f"subscribe_{flt.key}", icon=":material/mail:"):
        st.session_state[PREFILL_KEY] = flt.query_string()
        st.switch_page(SUBSCRIBE_PAGE)


def coordinator_signed_in() -> bool:
    """Whether this session has given the coordinator's password."""
    return bool(get_settings().admin_password) and bool(st.session_state.get("coordinator"))


def _check_password(key: str) -> None:
    """Once per entered password (the widget's on_change): wait, compare, count, and clear the field."""
    guard = password_guard()
    given = st.session_state.get(f"pw_{key}") or ""
    if guard is None or not given:
        return
    failures = int(st.session_state.get("coordinator_failures", 0))
    time.sleep(guard.delay_before(failures))  # this session's brake; the guard's lock-out is everyone's
    attempt = guard.check(given)
    st.session_state[f"pw_{key}"] = ""
    if attempt.ok:
        st.session_state["coordinator"] = True
        st.session_state["coordinator_failures"] = 0
        return
    st.session_state["coordinator_failures"] = failures + 1
    st.session_state["coordinator_refusal"] = (
        "Příliš mnoho nesprávných pokusů o heslo koordinátora. Přihlášení je zablokováno ještě "
        f"{max(1, math.ceil(attempt.retry_after_s / 60))} min." if attempt.locked else "Nesprávné heslo koordinátora.")


def is_coordinator(key: str) -> bool:
    """Ask for the coordinator's password (TRACKER_ADMIN_PASSWORD); True once it was given."""
    if not get_settings().admin_password:
        st.info("Akce koordinátora nejsou zapnuté: nastavte proměnnou TRACKER_ADMIN_PASSWORD.")
        return False
    if coordinator_signed_in():
        return True
    st.text_input("Heslo koordinátora", type="password", key=f"pw_{key}", on_change=_check_password, args=(key,))
    refusal = st.session_state.pop("coordinator_refusal", None)
    if refusal:
        st.error(refusal)
    return coordinator_signed_in()


def now() -> datetime:
    return clock.now()


def app_url(page: str, **params: str) -> str:
    """A link to one of the app's pages at the address the browser reaches the app by
    (``http://127.0.0.1:8501/zamery?edit=…``; just the path where that is unknown)."""
    parts = urlsplit(st.context.url or "")
    prefix = str(st.get_option("server.baseUrlPath") or "").strip("/")
    base = (f"{parts.scheme}://{parts.netloc}" if parts.netloc else "") + (f"/{prefix}" if prefix else "")
    query = urlencode(params, safe=":")
    return f"{base}/{page}" + (f"?{query}" if query else "")


def field_error(message: str | None) -> None:
    """A form's message under the field it is about (nothing when the field is fine)."""
    if message:
        st.markdown(f":red[{escape_markdown(message)}]")


# Streamlit has no translations; where its own words cannot be configured, CSS puts Czech ones in
# their place (the file uploader's button and limit line). Everything else is set per widget:
# multiselects without "Select all", dates typed as "1. 6. 2027" into text fields.
CZECH_CSS = """
[data-testid="stFileUploaderDropzone"] button { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button * { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "Vybrat soubor"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] * { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"]::after {
  content: "nebo soubor přetáhněte sem (nejvýše UPLOAD_LIMIT)"; font-size: 0.875rem; opacity: 0.7;
}
""".replace("UPLOAD_LIMIT", f"{APP_IMPORT_MAX_BYTES // 1_000_000} MB")  # the app's one upload: intentions


def czech_controls() -> None:
    st.html(f"<style>{CZECH_CSS}</style>")
