"""Výzvy: every stored call, filtered; a call's detail with its dates, applicants and history.

A click on a table row opens the call's detail, which has its own address (``?call=SOURCE:ID``)
to share; the list comes back with its filters as they were.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from tracker.calls.corrections import correct_codes, reset_codes
from tracker.calls.queries import query_changes
from tracker.calls.view import CallView
from tracker.errors import UserError
from tracker.intentions.stages import parse_call_ref
from tracker.intentions.validation import parse_day
from tracker.sources.health import all_health
from tracker.sources.registry import source_label
from tracker.storage.db import session_scope
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import Precision, date_czech, format_czk
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
from ui.common import (
    app_url,
    calls,
    feed_filter,
    filter_widgets,
    is_coordinator,
    now,
    report_done,
    show_done,
    show_feed_urls,
)

# Widths (px) that fit the table into 1400 px without sideways scrolling; a long title is cut in the
# list and shown whole in the detail.
COLUMNS = {
    "Zdroj": st.column_config.TextColumn("Zdroj", width=58),
    "Kód": st.column_config.TextColumn("Kód", width=90),
    "Název": st.column_config.TextColumn("Název", width=340),
    "Stav": st.column_config.TextColumn("Stav", width=80),
    "Uzávěrka": st.column_config.TextColumn("Uzávěrka", width=150),
    "Zbývá": st.column_config.TextColumn("Zbývá", width=112),
    "Alokace": st.column_config.TextColumn("Alokace", width=126, alignment="right"),
    "Oblasti": st.column_config.TextColumn("Oblasti", width=210),
}

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
    named = [source_label(row.source), row.external_id]
    if row.programme and row.programme != named[0]:  # "OPZ+ · 03_26_108", not "OPZ+ · 03_26_108 · OPZ+"
        named.append(row.programme)
    st.markdown(f"**{' · '.join(escape_markdown(part) for part in named)}** · {state_badge(row.state)}")
    left, right = st.columns(2)
    with left:
        for label, value in (("Zahájení příjmu", row.opens), ("Uzávěrka", row.closes)):
            # a month or a quarter already reads "(orientačně)"; an exact time says so
            precision = f" ({PRECISION_LABELS[value.precision]})" if value and value.precision is Precision.DATETIME \
                else ""
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
        day = date_czech(change.detected_at) if change.detected_at else ""
        st.text(f"{day}: {change_sentence(change.field, change.old_value, change.new_value)}")


LIST_STATE = ("f_sources", "f_areas", "f_types", "f_states", "f_text", "f_from", "f_to")


def evidence(row: CallView) -> None:
    """For every code, the phrase of the call's text that produced it."""
    labels = {"applicant_types": APPLICANT_LABELS, "areas": AREA_LABELS}
    lines = [evidence_line(labels[kind].get(code, code), phrase) for kind in ("applicant_types", "areas")
             for code, phrase in row.evidence.get(kind, {}).items()]
    if lines:
        st.markdown("**Podle čeho:**  \n" + "  \n".join(lines))


def correction_form(row: CallView) -> None:
    """The coordinator fixes the codes by hand; kept over every re-crawl, matches recomputed at once."""
    with st.expander("Opravit typy žadatelů a oblasti"):
        if not is_coordinator(f"codes_{row.id}"):
            return
        if (row.corrected("applicant_types") or row.corrected("areas")) and st.button(
                "Vrátit kódy rozpoznané z textu výzvy", key=f"codes_reset_{row.id}"):
            try:
                with session_scope() as session:
                    reset_codes(session, row.source, row.external_id, now())
            except UserError as exc:
                st.error(escape_markdown(exc.cs))
                return
            report_done("vyzvy", "Ruční oprava je zrušená: platí kódy rozpoznané z textu výzvy (při příští "
                                 "aktualizaci se přečtou znovu); shody jsou přepočítané.")
        with st.form(f"codes_form_{row.id}"):
            types = st.multiselect("Typy žadatelů", APPLICANT_CODES, default=list(row.applicant_types),
                                   format_func=APPLICANT_LABELS.get, key=f"codes_types_{row.id}")
            areas = st.multiselect("Oblasti", AREA_CODES, default=list(row.areas), format_func=AREA_LABELS.get,
                                   key=f"codes_areas_{row.id}")
            if not st.form_submit_button("Uložit opravu"):
                return
        # only a list the coordinator changed is corrected; the other stays the classifier's
        changed_types = None if set(types) == set(row.applicant_types) else types
        changed_areas = None if set(areas) == set(row.areas) else areas
        if changed_types is None and changed_areas is None:
            st.info("Typy žadatelů ani oblasti se nezměnily; není co uložit.")
            return
        try:
            with session_scope() as session:
                correct_codes(session, row.source, row.external_id, now(), changed_types, changed_areas)
        except UserError as exc:
            st.error(exc.cs)
            return
        report_done("vyzvy", "Kódy výzvy byly upraveny ručně; shody se záměry jsou přepočítané.")


def typed_day(text: str, label: str) -> date | None:
    if not text.strip():
        return None
    day = parse_day(text)
    if day is None:
        raise UserError(f"not a date: {text[:40]!r}", f"{label}: zadejte datum, např. 1. 12. 2026.", field="closes")
    return day


def close_detail() -> None:
    del st.query_params["call"]


def keep_filters() -> None:
    """Streamlit forgets a widget's value in a run that does not draw it; the detail keeps the list's
    filters (by storing them once more) so that the way back shows the list as it was."""
    for key in LIST_STATE:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def call_page(ref: str) -> None:
    """One call's detail at its own address, with the way back to the list."""
    keep_filters()
    st.button("← Zpět na seznam výzev", on_click=close_detail, key="back_to_list")
    show_done("vyzvy")
    try:
        parse_call_ref(ref)
    except UserError as exc:
        st.error(escape_markdown(exc.cs))
        return
    found = next((call for call in calls() if call.ref == ref), None)
    if found is None:
        st.error(f"Výzva {escape_markdown(ref[:80])} v databázi není.")
        return
    detail(found)
    st.caption("Odkaz na tuto výzvu ke sdílení:")
    st.code(app_url("vyzvy", call=found.ref), language=None)


def call_list() -> None:
    freshness()
    flt = filter_widgets()
    with st.expander("Uzávěrka v rozmezí"):
        bounds = st.columns(2)
        closes_from = bounds[0].text_input("Od", placeholder="např. 1. 12. 2026", key="f_from")
        closes_to = bounds[1].text_input("Do", placeholder="např. 31. 3. 2027", key="f_to")
    for field, text, label in (("closes_from", closes_from, "Od"), ("closes_to", closes_to, "Do")):
        try:  # a bound that is not a date is reported and left out; the other still holds
            flt = replace(flt, **{field: typed_day(text, label)})
        except UserError as exc:
            st.error(escape_markdown(exc.cs))
    found = [call for call in calls() if flt.matches(call)]
    st.markdown(f"**Nalezeno výzev: {len(found)}**")
    st.caption("Klepnutím na řádek otevřete detail výzvy; každá výzva má vlastní odkaz ke sdílení.")
    generation = st.session_state.setdefault("calls_table", 0)  # a new table after each opened detail
    event = st.dataframe(table(found), hide_index=True, width="stretch", column_config=COLUMNS,
                         on_select="rerun", selection_mode="single-row", key=f"calls_table_{generation}")
    if event.selection.rows:
        st.session_state["calls_table"] = generation + 1
        st.query_params["call"] = found[event.selection.rows[0]].ref
        st.rerun()
    show_feed_urls(feed_filter(flt))


selected = st.query_params.get("call")
if selected:
    call_page(selected)
else:
    call_list()
