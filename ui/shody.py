"""Shody: the calls an intention can apply to, best first, with the reasons."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.calls.filters import CallFilter
from tracker.intentions.matching import (
    FLAG_NOT_READY,
    FLAG_OVER_ALLOCATION,
    FLAG_VERIFY,
    CallIndex,
    IntentionFacts,
    Match,
)
from tracker.intentions.store import list_intentions
from tracker.sources.registry import source_label
from tracker.storage.db import session_scope
from tracker.text.display import escape_markdown, state_badge, when_text
from ui.common import data_version, now, show_feed_urls

st.title("Shody záměrů s výzvami")


@st.cache_resource(max_entries=2, show_spinner=False)
def call_index(version: tuple, today: str) -> CallIndex:
    with session_scope() as session:
        return CallIndex.from_session(session, now())


def matches_table(matches: list[Match]) -> pd.DataFrame:
    return pd.DataFrame({
        "Skóre": [m.score for m in matches],
        "Výzva": [f"{source_label(m.call.source)} {m.call.external_id} – {m.call.title}"
                  for m in matches],
        "Stav": [state_badge(m.call.state.value) for m in matches],
        "Uzávěrka": [when_text(m.call.closes) for m in matches],
        "Důvody": ["; ".join(m.reasons) for m in matches],
    })


with session_scope() as session:
    intentions = list_intentions(session)
if not intentions:
    st.info("Zatím nebyl zadán žádný záměr. Přidejte ho na stránce Záměry.")
    st.stop()

chosen = st.selectbox("Záměr", intentions, format_func=lambda i: f"{i.id} – {i.title} ({i.organization})",
                      index=len(intentions) - 1, key="match_intention")
index = call_index(data_version(), now().date().isoformat())
matches = index.match(IntentionFacts.of(chosen))
if not matches:
    st.warning("Pro tento záměr teď není otevřená ani plánovaná výzva, do které by se mohl přihlásit.")
else:
    st.markdown(f"**Nalezeno vhodných výzev: {len(matches)}**")
    st.dataframe(matches_table(matches), hide_index=True, width="stretch")
    for m in matches[:5]:
        warnings = []
        if FLAG_VERIFY in m.flags:
            warnings.append("ověřte oprávněnost ručně")
        if FLAG_NOT_READY in m.flags:
            warnings.append("uzávěrka dříve, než bude záměr připraven")
        if FLAG_OVER_ALLOCATION in m.flags:
            warnings.append("rozpočet převyšuje alokaci výzvy")
        if warnings:
            st.warning(f"{escape_markdown(m.call.external_id)}: {', '.join(warnings)}")
    st.subheader("Proč tyto výzvy")
    for m in matches:
        # scraped title and id: shown as text, never as links, images or emphasis
        with st.expander(f"{m.score} – {source_label(m.call.source)} {escape_markdown(m.call.external_id)}: "
                         f"{escape_markdown(m.call.title)}"):
            st.text("\n".join(f"• {reason}" for reason in m.reasons))
st.subheader("Kalendář tohoto záměru")
show_feed_urls(CallFilter(intention_id=chosen.id))
