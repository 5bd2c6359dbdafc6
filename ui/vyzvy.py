"""Výzvy: every stored call, filtered; a call's detail with its dates, applicants and history."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from tracker.calls.corrections import correct_codes
from tracker.calls.queries import query_changes
from tracker.calls.view import CallView
from tracker.errors import UserError
from tracker.sources.health import all_health
from tracker.sources.registry import source_label
from tracker.storage.db import session_scope
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import format_czk
from tracker.text.display import (
    PRECISION_LABELS,
    ago,
    change_sentence,
    days_left,
    escape_markdown,
    evidence_line,
    pages_czech,
    state_badge,
    when_text,
)
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS
from ui.common import calls, feed_filter, filter_widgets, is_coordinator, now, show_feed_urls

st.title("Výzvy")


def freshness() -> None:
    moment = now()
    with session_scope() as session:
        health = all_health(session)
    parts = []
    for h in health:
        label = source_label(h.source)
        parts.append(f"{label}: aktualizováno {ago(h.updated_at, moment)}")
        if h.last_run is not None and h.last_run.outcome == "failed":
            st.warning(f"Poslední aktualizace zdroje {label} selhala ({ago(h.last_run.finished_at, moment)}); "
                       "zobrazují se data z předchozí úspěšné aktualizace.")
        elif h.stale:
            st.warning(f"Poslední aktualizace zdroje {label} proběhla jen částečně (nepodařilo se načíst "
                       f"{pages_czech(len(h.stale))}); u výzev z nich se zobrazují dřívější údaje. "
                       "Podrobnosti na stránce Zdroje.")
    samples = [source_label(h.source) for h in health if h.from_samples]
    if samples:
        st.warning(f"Ukázková data: výzvy zdrojů {', '.join(samples)} pocházejí z ukázkových stránek přiložených "
                   "k aplikaci, ne z živého webu. Upozornění zmizí po první úspěšné živé aktualizaci.")
    st.caption(" · ".join(parts))


def table(rows: list[CallView]) -> pd.DataFrame:
    moment = now()
    return pd.DataFrame({
        "Zdroj": [source_label(r.source) for r in rows],
        "Kód": [r.external_id for r in rows],
        "Název": [r.title for r in rows],
        "Stav": [state_badge(r.state) for r in rows],
        "Uzávěrka": [when_text(r.closes) if r.closes else ("do vyčerpání" if r.until_exhausted else "neuvedeno")
                     for r in rows],
        "Zbývá": [days_left(r.closes, moment) if r.state in ("open", "planned") else "" for r in rows],
        "Alokace": [format_czk(r.allocation_czk) for r in rows],
        "Oblasti": [", ".join(AREA_LABELS.get(a, a) for a in r.areas) for r in rows],
    })


def detail(row: CallView) -> None:
    st.subheader(escape_markdown(row.title))
    st.markdown(f"**{escape_markdown(source_label(row.source))} · "
                f"{escape_markdown(row.external_id)} · {escape_markdown(row.programme)}** · {state_badge(row.state)}")
    left, right = st.columns(2)
    with left:
        for label, value in (("Zahájení příjmu", row.opens), ("Uzávěrka", row.closes)):
            precision = f" ({PRECISION_LABELS[value.precision]})" if value else ""
            st.markdown(f"**{label}:** {escape_markdown(when_text(value))}{precision}")
        if row.until_exhausted:
            st.markdown("**Příjem:** do vyčerpání alokace")
        st.markdown(f"**Alokace:** {format_czk(row.allocation_czk)}")
        remaining = days_left(row.closes, now())
        if remaining and row.state in ("open", "planned"):
            st.markdown(f"**Do uzávěrky:** {remaining}")
    with right:
        st.markdown("**Oprávnění žadatelé (text výzvy):**")
        st.text(row.eligible_applicants or "neuvedeno")
        recognised = ", ".join(APPLICANT_LABELS.get(t, t) for t in row.applicant_types)
        manual = " (upraveno ručně)"
        st.markdown(f"**Rozpoznané typy žadatelů:** {recognised or 'nerozpoznány – ověřte ručně'}"
                    f"{manual if row.corrected('applicant_types') else ''}")
        st.markdown(f"**Oblasti:** {', '.join(AREA_LABELS.get(a, a) for a in row.areas) or 'nerozpoznány'}"
                    f"{manual if row.corrected('areas') else ''}")
        evidence(row)
    links = st.columns(3)
    if row.url.startswith(("http://", "https://")):
        links[0].link_button("Stránka výzvy", row.url)
    if row.documents_url and row.documents_url.startswith(("http://", "https://")):
        links[1].link_button("Dokumentace", row.documents_url)
    if row.source_url and row.source_url.startswith(("http://", "https://")) and row.source_url != row.url:
        links[2].link_button("Zdroj údajů", row.source_url)
    if not row.listed:
        st.info("Výzva už se na webu zdroje neobjevuje; zobrazují se poslední známé údaje.")
    correction_form(row)
    with session_scope() as session:
        history = query_changes(session, call_id=row.id)
    st.markdown("**Historie změn**")
    if not history:
        st.caption("Od prvního načtení se výzva nezměnila.")
    for change, _ in history:
        day = change.detected_at.strftime("%-d. %-m. %Y") if change.detected_at else ""
        st.text(f"{day}: {change_sentence(change.field, change.old_value, change.new_value)}")


def evidence(row: CallView) -> None:
    """For every code, the phrase of the call's text that produced it."""
    lines = [evidence_line(code, phrase) for kind in ("applicant_types", "areas")
             for code, phrase in row.evidence.get(kind, {}).items()]
    if lines:
        st.markdown("**Podle čeho:**  \n" + "  \n".join(lines))


def correction_form(row: CallView) -> None:
    """The coordinator fixes the codes by hand; kept over every re-crawl, matches recomputed at once."""
    with st.expander("Opravit typy žadatelů a oblasti"):
        if not is_coordinator(f"codes_{row.id}"):
            return
        with st.form(f"codes_form_{row.id}"):
            types = st.multiselect("Typy žadatelů", APPLICANT_CODES, default=list(row.applicant_types),
                                   format_func=APPLICANT_LABELS.get, key=f"codes_types_{row.id}")
            areas = st.multiselect("Oblasti", AREA_CODES, default=list(row.areas), format_func=AREA_LABELS.get,
                                   key=f"codes_areas_{row.id}")
            if not st.form_submit_button("Uložit opravu"):
                return
        try:
            with session_scope() as session:
                correct_codes(session, row.source, row.external_id, now(), types, areas)
        except UserError as exc:
            st.error(exc.cs)
            return
        st.success("Kódy výzvy byly upraveny ručně; shody se záměry jsou přepočítané.")


freshness()
flt = filter_widgets()
with st.expander("Uzávěrka v rozmezí"):
    bounds = st.columns(2)
    closes_from = bounds[0].date_input("Od", value=None, format="DD.MM.YYYY", key="f_from")
    closes_to = bounds[1].date_input("Do", value=None, format="DD.MM.YYYY", key="f_to")
try:
    flt = replace(flt, closes_from=closes_from, closes_to=closes_to)
except UserError as exc:
    st.error(exc.cs)
found = [call for call in calls() if flt.matches(call)]
st.markdown(f"**Nalezeno výzev: {len(found)}**")
st.dataframe(table(found), hide_index=True, width="stretch")
show_feed_urls(feed_filter(flt))

if found:
    chosen = st.selectbox("Detail výzvy", found, format_func=lambda r: r.label, index=None,
                          placeholder="Vyberte výzvu…", key="detail")
    if chosen is not None:
        detail(chosen)
