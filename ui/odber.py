"""Odběr: subscribe to an e-mail digest of new and changed calls (a filter, or an intention's matches);
the coordinator sees and removes every subscription."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from tracker.calls.filters import CallFilter
from tracker.errors import UserError
from tracker.intentions.store import list_intentions
from tracker.settings import SettingsError, get_settings
from tracker.storage.db import session_scope
from tracker.subscriptions.digest import CLOSING_SOON_DAYS
from tracker.subscriptions.mail import EMAIL_MAX, MailError
from tracker.subscriptions.store import (
    RHYTHMS,
    add_subscription,
    filter_summary,
    list_subscriptions,
    remove_subscription,
    subscription_to_dict,
)
from tracker.text.czech import date_czech
from ui.common import (
    DEFAULT_STATES,
    PREFILL_KEY,
    feed_filter,
    filter_widgets,
    is_coordinator,
    now,
    report_done,
    show_done,
)

BY_FILTER, BY_INTENTION = "Výzvy podle filtrů", "Shody záměru"


def czech_time(iso: str | None) -> str:
    return date_czech(datetime.fromisoformat(iso), time=True) if iso else "zatím nic"


st.title("Odběr novinek e-mailem")
st.markdown(
    "Jednou denně (nebo každé pondělí) vám pošleme přehled **nových výzev**, **změn** (posunuté uzávěrky, "
    f"změněné alokace, zrušené výzvy) a výzev, kterým **končí příjem do {CLOSING_SOON_DAYS} dní**. Když se nic "
    "nezmění, nepošleme nic. Odběr potvrdíte odkazem v e-mailu a kdykoli ho zrušíte jedním kliknutím.")


def apply_prefill() -> None:
    """The filter of an "Odebírat e-mailem" button, put into this page's widgets (once)."""
    query = st.session_state.pop(PREFILL_KEY, None)
    if query is None:
        return
    try:
        flt = CallFilter.from_query_string(query)
    except UserError:
        return
    if flt.intention_id is not None:
        st.session_state["odber_mode"] = BY_INTENTION
        st.session_state["odber_intention"] = flt.intention_id
        return
    st.session_state["odber_mode"] = BY_FILTER
    st.session_state["f_sources"] = list(flt.sources)
    st.session_state["f_areas"] = list(flt.areas)
    st.session_state["f_types"] = list(flt.applicant_types)
    st.session_state["f_states"] = list(flt.states) or list(DEFAULT_STATES)
    st.session_state["f_text"] = flt.search


apply_prefill()
with session_scope() as session:
    intentions = {i.id: i for i in list_intentions(session)}
mode = st.radio("Co odebírat", [BY_FILTER, BY_INTENTION], key="odber_mode", horizontal=True)
title = None
if mode == BY_INTENTION:
    if not intentions:
        st.info("Zatím nebyl zadán žádný záměr. Přidejte ho na stránce Záměry.")
        st.stop()
    if st.session_state.get("odber_intention") not in intentions:
        st.session_state["odber_intention"] = next(iter(intentions))
    chosen = st.selectbox("Záměr", list(intentions), key="odber_intention",
                          format_func=lambda i: f"{i} – {intentions[i].title} ({intentions[i].organization})")
    flt, title = CallFilter(intention_id=chosen), intentions[chosen].title
else:
    try:
        flt = feed_filter(filter_widgets())
    except UserError as exc:
        st.error(exc.cs)
        st.stop()
st.caption(f"Budete dostávat: {filter_summary(flt, title)}")

smtp_ready = bool(get_settings().smtp_url)
if not smtp_ready:
    st.warning("Odesílání e-mailů zatím není nastavené (TRACKER_SMTP_URL); obraťte se na koordinátora.")
with st.form("odber"):
    email = st.text_input("Váš e-mail", max_chars=EMAIL_MAX, key="odber_email", placeholder="starosta@obec.cz")
    rhythm = st.radio("Jak často", list(RHYTHMS), format_func=RHYTHMS.get, key="odber_rhythm", horizontal=True)
    submitted = st.form_submit_button("Objednat odběr", disabled=not smtp_ready)
if submitted:
    try:
        with session_scope() as session:
            _, sent = add_subscription(session, email, flt, rhythm, now())
    except SettingsError:
        st.error("Odesílání e-mailů není správně nastavené; obraťte se na koordinátora.")
    except UserError as exc:
        st.error(exc.cs)
    except MailError:
        st.error("E-mail s potvrzením se teď nepodařilo odeslat. Zkuste to prosím později.")
    else:
        st.success("Zkontrolujte svou schránku: poslali jsme vám e-mail s odkazem, kterým odběr potvrdíte."
                   if sent else "Tento odběr už máte objednaný; e-mail s potvrzením jsme poslali nedávno.")

with st.expander("Všechny odběry (koordinátor)"):
    show_done("odber")
    if is_coordinator("odber"):
        with session_scope() as session:
            rows = [subscription_to_dict(session, sub) for sub in list_subscriptions(session)]
        if not rows:
            st.info("Zatím nikdo nic neodebírá.")
        else:
            st.dataframe(pd.DataFrame({
                "Č.": [r["id"] for r in rows],
                "E-mail": [r["email"] for r in rows],
                "Filtr": [r["filter_cs"] for r in rows],
                "Jak často": [RHYTHMS.get(r["every"], r["every"]) for r in rows],
                "Potvrzeno": ["ano" if r["confirmed"] else "čeká" for r in rows],
                "Naposledy odesláno": [czech_time(r["last_sent_at"]) for r in rows],
            }), hide_index=True, width="stretch")
            by_id = {r["id"]: r for r in rows}
            doomed = st.selectbox("Odběr", list(by_id), key="odber_remove",
                                  format_func=lambda i: f"{i} – {by_id[i]['email']} ({by_id[i]['filter_cs']})")
            if st.button("Zrušit vybraný odběr"):
                with session_scope() as session:
                    remove_subscription(session, doomed)
                report_done("odber", f"Odběr č. {doomed} ({by_id[doomed]['email']}) je zrušený.")
