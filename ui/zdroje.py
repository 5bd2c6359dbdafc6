"""Zdroje: the last runs per source with counts and errors, and a coordinator's "update now"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.sources.crawling import run_crawl
from tracker.sources.health import FAILURES_TO_ALARM, recent_runs, source_health
from tracker.sources.registry import SOURCE_CODES, SOURCES, source_label
from tracker.storage.db import session_scope
from tracker.storage.models import ScrapeRun
from tracker.text.display import ago, escape_markdown
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
        "kB": [round(r.bytes_received / 1024, 1) for r in runs],
        "Ukázková data": ["ano" if r.from_samples else "" for r in runs],
        "Chyba": [r.error or "" for r in runs],
    })


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
        st.dataframe(runs_table(runs), hide_index=True, width="stretch")
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
                                              if r.ok else f"selhalo – {escape_markdown(r.error or '')}"))
