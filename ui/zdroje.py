"""Zdroje: the last runs per source with counts and errors, and a coordinator's "update now".

"Aktualizovat nyní" only asks the scheduler (``tracker schedule`` / ``tracker up``, another
process) to crawl now and returns at once; the progress is read from the runs table."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from tracker.settings import get_settings
from tracker.sources.crawling import recent_requests, request_crawl
from tracker.sources.health import FAILURES_TO_ALARM, recent_runs, source_health
from tracker.sources.registry import SOURCE_CODES, SOURCES, source_label
from tracker.storage.db import session_scope
from tracker.storage.models import ScrapeRun
from tracker.text.czech import date_czech
from tracker.text.display import ago, explain_failure, pages_czech, size_czech
from ui.common import is_coordinator, now

SCHEDULER_LATE_S = 60  # a request not taken by then: the scheduler is probably not running
OUTCOMES = {"ok": "v pořádku", "partial": "částečně", "failed": "selhalo", None: "probíhá"}

st.title("Zdroje dat")
_named = [f"{s.label} ({s.site})" for s in SOURCES]
st.caption(f"{', '.join(_named[:-1])} a {_named[-1]} se aktualizují automaticky podle plánu.")
if (pinned := get_settings().today) is not None:
    st.info(f"Datum je pevně nastaveno na {date_czech(pinned)} (proměnná TRACKER_TODAY): všechny časy běhů se "
            "proto zapisují jako půlnoc tohoto dne.")


def _time(moment: datetime | None, seconds: bool = False) -> str:
    return date_czech(moment, time=True, seconds=seconds) if moment else ""


def runs_table(runs: list[ScrapeRun]) -> pd.DataFrame:
    return pd.DataFrame({
        "Začátek": [_time(r.started_at) for r in runs],
        "Výsledek": [OUTCOMES.get(r.outcome, r.outcome) for r in runs],
        "Nalezeno": [r.found for r in runs],
        "Nové": [r.new for r in runs],
        "Změněné": [r.changed for r in runs],
        "Chybějící": [r.missing for r in runs],
        "Stránek": [r.pages for r in runs],
        "Beze změny (304)": [r.not_modified for r in runs],
        "Přeneseno": [size_czech(r.bytes_received) for r in runs],
        "Ukázková data": ["ano" if r.from_samples else "" for r in runs],
        "Nenačtené stránky": [len(r.failed_urls) for r in runs],
        "Příčina selhání": [explain_failure(r.error) if r.outcome == "failed" else "" for r in runs],
    })


# The reason wraps in rows tall enough for it; the table fits 1400 px.
RUN_COLUMNS = {
    "Začátek": st.column_config.TextColumn("Začátek", width=130),
    "Výsledek": st.column_config.TextColumn("Výsledek", width=84),
    **{name: st.column_config.NumberColumn(name, width=width) for name, width in (
        ("Nalezeno", 76), ("Nové", 52), ("Změněné", 72), ("Chybějící", 72), ("Stránek", 64),
        ("Beze změny (304)", 124))},
    "Přeneseno": st.column_config.TextColumn("Přeneseno", width=84, alignment="right"),
    "Ukázková data": st.column_config.TextColumn("Ukázková data", width=106),
    "Nenačtené stránky": st.column_config.NumberColumn("Nenačtené stránky", width=124),
    "Příčina selhání": st.column_config.TextColumn("Příčina selhání", width=330),
}


def failure_details(runs: list[ScrapeRun]) -> None:
    """Each failed run's technical message folded away under its Czech explanation, and the pages a
    partial run could not read, one per line."""
    for run in runs:
        if run.outcome == "failed":
            with st.expander(f"Selhání {_time(run.started_at)}: {explain_failure(run.error)}"):
                st.caption("Technické podrobnosti pro správce (anglicky, jak je zapsal crawler):")
                st.code(run.error or "", language=None, wrap_lines=True)
        elif run.failed_urls:
            with st.expander(f"Běh {_time(run.started_at)} nenačetl {pages_czech(len(run.failed_urls))}"):
                st.code("\n".join(run.failed_urls), language=None, wrap_lines=True)


def stale_table(stale: dict[str, datetime | None]) -> pd.DataFrame:
    return pd.DataFrame({
        "Stránka": list(stale),
        "Data z": [_time(when) if when else "neznámo" for when in stale.values()],
    })


moment = now()
real_now = datetime.now(UTC)
with session_scope() as session:
    overview = [(source, source_health(session, source), recent_runs(session, source),
                 recent_requests(session, source)) for source in SOURCE_CODES]
for source, health, runs, requests in overview:
    label = source_label(source)
    st.subheader(label)
    st.caption(f"Poslední aktualizace: {ago(health.updated_at, moment)}")
    if runs and runs[0].outcome is None:
        st.info(f"Aktualizace zdroje {label} právě probíhá (od {_time(runs[0].started_at)}).")
    waiting = [r for r in requests if r.taken_at is None]
    if waiting:
        asked = waiting[0].requested_at
        st.info(f"Aktualizace vyžádána v {_time(asked, seconds=True)}, čeká na plánovač.")
        if asked is not None and (real_now - asked).total_seconds() > SCHEDULER_LATE_S:
            st.warning("Plánovač požadavek zatím nepřevzal. Běží `tracker up` nebo `tracker schedule`?")
    if health.alarming:
        st.error(f"Zdroj {label}: {health.failures_in_a_row} neúspěšných aktualizací za sebou "
                 f"(upozorňujeme od {FAILURES_TO_ALARM}). Web zdroje se mohl změnit; viz README, "
                 "oddíl o opravě spideru po změně webu.")
    if health.stale:
        st.warning(f"Poslední aktualizace zdroje {label} proběhla jen částečně: nepodařilo se načíst "
                   f"{pages_czech(len(health.stale))}. Výzvy z nich zůstávají, jak byly načteny dříve; "
                   "při příští aktualizaci se tyto stránky načtou jako první.")
        st.dataframe(stale_table(health.stale), hide_index=True, width="stretch")
    if health.from_samples:
        st.warning(f"Data zdroje {label} jsou z ukázkových stránek, ne z živého webu.")
    if runs:
        failed = any(r.outcome == "failed" for r in runs)
        st.dataframe(runs_table(runs), hide_index=True, width="stretch", column_config=RUN_COLUMNS,
                     row_height=66 if failed else None)
        failure_details(runs)
    else:
        st.caption("Zdroj zatím nebyl načten.")

st.subheader("Aktualizovat nyní")
st.caption("Aktualizaci spustí plánovač (`tracker up` nebo `tracker schedule`) během několika sekund; "
           "průběh ukazují tabulky výše.")
if st.session_state.get("crawl_requested"):
    st.success("Aktualizace všech zdrojů je vyžádána. Stav zobrazíte tlačítkem „Obnovit“.")
if is_coordinator("zdroje") and st.button("Aktualizovat nyní"):
    for source in SOURCE_CODES:
        request_crawl(source)
    st.session_state["crawl_requested"] = True
    st.rerun()
st.button("Obnovit")  # a click reruns the page, which reads the runs again
