"""Shody: the calls an intention can apply to, best first, with the reasons; "not for us" hides a call
for this intention (with a reason) until it changes, and "Skryté" lists what was hidden."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from tracker.calls.filters import CallFilter
from tracker.errors import UserError
from tracker.intentions.dismissals import NOTE_MAX, REASONS, dismiss, dismissed_by_intention, list_dismissed, restore
from tracker.intentions.matching import (
    FLAG_CHANGED_AFTER_DISMISSAL,
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
from tracker.text.czech import date_czech
from tracker.text.display import escape_markdown, state_badge, when_text
from ui.common import data_version, now, report_done, show_done, show_feed_urls

st.title("Shody záměrů s výzvami")


@st.cache_resource(max_entries=2, show_spinner=False)
def call_index(version: tuple, today: str) -> CallIndex:
    with session_scope() as session:
        return CallIndex.from_session(session, now())


# Widths (px) for 1400 px: the reasons take the rest and wrap in rows tall enough to hold them.
COLUMNS = {
    "Skóre": st.column_config.NumberColumn("Skóre", width=56),
    "Výzva": st.column_config.TextColumn("Výzva", width=300),
    "Stav": st.column_config.TextColumn("Stav", width=84),
    "Uzávěrka": st.column_config.TextColumn("Uzávěrka", width=150),
    "Důvody": st.column_config.TextColumn("Důvody", width=600),
}
REASON_CHARS_PER_LINE = 85  # at 600 px
LINE_PX = 21


def matches_table(matches: list[Match]) -> pd.DataFrame:
    return pd.DataFrame({
        "Skóre": [m.score for m in matches],
        "Výzva": [f"{source_label(m.call.source)} {m.call.external_id} – {m.call.title}"
                  for m in matches],
        "Stav": [state_badge(m.call.state.value) for m in matches],
        "Uzávěrka": [when_text(m.call.closes) for m in matches],
        "Důvody": ["; ".join(m.reasons) for m in matches],
    })


def row_height(frame: pd.DataFrame) -> int:
    """Tall enough for the longest reasons (and title) to wrap whole; over 64 px lets cells wrap."""
    lines = max([1, *(len(text) // REASON_CHARS_PER_LINE + 1 for text in frame["Důvody"]),
                 *(len(text) // 40 + 1 for text in frame["Výzva"])])
    return max(66, min(200, 14 + LINE_PX * lines))


with session_scope() as session:
    intentions = list_intentions(session)
if not intentions:
    st.info("Zatím nebyl zadán žádný záměr. Přidejte ho na stránce Záměry.")
    st.stop()

chosen = st.selectbox("Záměr", intentions, format_func=lambda i: f"{i.id} – {i.title} ({i.organization})",
                      index=len(intentions) - 1, key="match_intention")
show_done("shody")
index = call_index(data_version(), now().date().isoformat())
with session_scope() as session:
    dismissed = dismissed_by_intention(session, [chosen.id]).get(chosen.id, {})
matches = index.match(IntentionFacts.of(chosen), dismissed)
if not matches:
    st.warning("Pro tento záměr teď není otevřená ani plánovaná výzva, do které by se mohl přihlásit.")
else:
    st.markdown(f"**Nalezeno vhodných výzev: {len(matches)}**")
    frame = matches_table(matches)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=COLUMNS, row_height=row_height(frame),
                 height="content")
    for m in matches[:5]:
        warnings = []
        if FLAG_VERIFY in m.flags:
            warnings.append("ověřte oprávněnost ručně")
        if FLAG_NOT_READY in m.flags:
            warnings.append("uzávěrka dříve, než bude záměr připraven")
        if FLAG_OVER_ALLOCATION in m.flags:
            warnings.append("rozpočet převyšuje alokaci výzvy")
        if FLAG_CHANGED_AFTER_DISMISSAL in m.flags:
            warnings.append("skrytá výzva se změnila, a proto je znovu nabídnuta")
        if warnings:
            st.warning(f"{escape_markdown(m.call.external_id)}: {', '.join(warnings)}")
    st.subheader("Proč tyto výzvy")
    for m in matches:
        # scraped title and id: shown as text, never as links, images or emphasis
        with st.expander(f"{m.score} – {source_label(m.call.source)} {escape_markdown(m.call.external_id)}: "
                         f"{escape_markdown(m.call.title)}"):
            st.text("\n".join(f"• {reason}" for reason in m.reasons))
    st.subheader("Nehodí se nám")
    st.caption("Skrytá výzva zmizí ze shod, z kalendáře i z e-mailů tohoto záměru. Vrátí se sama, jen když se "
               "podstatně změní (nové období příjmu, vyšší alokace); obnovit ji můžete níže v části Skryté.")
    with st.form("dismiss"):
        refs = {m.call.ref: m.call for m in matches}
        # nothing chosen until the user chooses: a stray click must not hide the best match for a made-up reason
        ref = st.selectbox("Výzva", list(refs), key="dismiss_call", index=None, placeholder="Vyberte výzvu",
                           format_func=lambda r: f"{source_label(refs[r].source)} {refs[r].external_id} – "
                                                 f"{refs[r].title}")
        reason = st.selectbox("Proč se nehodí", list(REASONS), format_func=REASONS.get, key="dismiss_reason",
                              index=None, placeholder="Vyberte důvod")
        note = st.text_input("Poznámka (u jiného důvodu povinná)", max_chars=NOTE_MAX, key="dismiss_note")
        if st.form_submit_button("Skrýt výzvu pro tento záměr"):
            try:
                if ref is None or reason is None:
                    raise UserError("choose a call and a reason", "Vyberte výzvu i důvod, proč se nehodí.")
                with session_scope() as session:
                    dismiss(session, chosen.id, ref, reason, note, now())
            except UserError as exc:
                st.error(exc.cs)
            else:
                report_done("shody", f"Výzva {refs[ref].external_id} je pro tento záměr skrytá.")

with session_scope() as session:
    hidden = list_dismissed(session, chosen.id, now())
st.subheader(f"Skryté ({len(hidden)})")
if not hidden:
    st.caption("U tohoto záměru nejsou skryté žádné výzvy.")
for row in hidden:
    call = row["call"]
    ref = f"{call['source']}:{call['external_id']}"
    with st.expander(escape_markdown(f"{source_label(call['source'])} {call['external_id']}: {call['title']}")):
        reason_line = f"Důvod: {row['reason_cs']}" + (f" – {row['note']}" if row["note"] else "")
        when = datetime.fromisoformat(row["dismissed_at"])
        st.text(f"{reason_line}\nSkryto: {date_czech(when)}")
        if row["changed_since"]:
            st.warning(f"Od skrytí se změnila, proto je znovu mezi shodami: {row['changed_since']}")
        if st.button("Obnovit", key=f"restore_{ref}"):
            with session_scope() as session:
                restore(session, chosen.id, ref, now())
            report_done("shody", f"Výzva {call['external_id']} je zase mezi shodami.")
st.subheader("Kalendář tohoto záměru")
show_feed_urls(CallFilter(intention_id=chosen.id))
