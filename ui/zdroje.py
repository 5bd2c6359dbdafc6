"""Zdroje: the last runs per source with counts and errors, and a coordinator's "update now"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.sources.crawling import run_crawl
from tracker.sources.health import FAILURES_TO_ALARM, recent_runs, source_health
from tracker.sources.registry import SOURCE_CODES, SOURCES, source_label
from tracker.storage.db import session_scope
from tracker.storage.models import ScrapeRun
from tracker.text.display import ago, explain_failure, size_czech
from ui.common import is_coordinator, now

st.title("Zdroje dat")
_named = [f"{s.label} ({s.site})" for s in SOURCES]
st.caption(f"{', '.join(_named[:-1])} a {_named[-1]} se aktualizují automaticky podle plánu.")


def runs_table(runs: list[ScrapeRun]) -> pd.DataFrame:
    outcome = {"ok": "v pořádku", "failed": "selhalo", None: "probíhá"}
    return pd.DataFrame({
        "Začátek": [r.started_at.strftime("%-d. %-m. %Y %H:%M") if r.started_at else "" for r in runs],
        "Výsledek": [outcome.get(r.outcome, r.outcome) for r in runs],
        "Nalezeno": [r.found for r in runs],
        "Nové": [r.new for r in runs],
        "Změněné": [r.changed for r in runs],
        "Chybějící": [r.missing for r in runs],
        "Stránek": [r.pages for r in runs],
        "Beze změny (304)": [r.not_modified for r in runs],
        "Přeneseno": [size_czech(r.bytes_received) for r in runs],
        "Ukázková data": ["ano" if r.from_samples else "" for r in runs],
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
    "Příčina selhání": st.column_config.TextColumn("Příčina selhání", width=330),
}


def failure_details(runs: list[ScrapeRun]) -> None:
    """Each failed run's technical message, folded away under its Czech explanation."""
    for run in runs:
        if run.outcome != "failed":
            continue
        started = run.started_at.strftime("%-d. %-m. %Y %H:%M") if run.started_at else ""
        with st.expander(f"Selhání {started}: {explain_failure(run.error)}"):
            st.caption("Technické podrobnosti pro správce (anglicky, jak je zapsal crawler):")
            st.code(run.error or "", language=None, wrap_lines=True)


moment = now()
with session_scope() as session:
    overview = [(source, source_health(session, source), recent_runs(session, source)) for source in SOURCE_CODES]
for source, health, runs in overview:
    label = source_label(source)
    st.subheader(label)
    st.caption(f"Poslední úspěšná aktualizace: {ago(health.updated_at, moment)}")
    if health.alarming:
        st.error(f"Zdroj {label}: {health.failures_in_a_row} neúspěšných aktualizací za sebou "
                 f"(upozorňujeme od {FAILURES_TO_ALARM}). Web zdroje se mohl změnit; viz README, "
                 "oddíl o opravě spideru po změně webu.")
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
if is_coordinator("zdroje") and st.button("Aktualizovat nyní"):
    with st.status("Načítám zdroje…", expanded=True) as status:
        results = []
        for source in SOURCE_CODES:
            st.write(f"{source_label(source)}…")
            results.append(run_crawl(source))
        failed = [r for r in results if not r.ok]
        status.update(label="Hotovo" if not failed else "Některé zdroje se nepodařilo načíst",
                      state="complete" if not failed else "error")
    for r in results:
        (st.success if r.ok else st.error)(
            f"{source_label(r.source)}: " + (f"nalezeno {r.found}, nových {r.new}, změněných {r.changed}"
                                              if r.ok else f"selhalo – {r.error}"))
