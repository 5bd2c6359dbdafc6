"""Výzvy — the Streamlit app. Run with `streamlit run app.py` (or `tracker up`)."""

from __future__ import annotations

import streamlit as st

from tracker.settings import SettingsError
from ui.common import setup

st.set_page_config(page_title="Výzvy – RSK Libereckého kraje", page_icon=":material/calendar_month:", layout="wide")

try:
    setup()
except SettingsError as exc:
    st.error(f"Chybné nastavení: {exc}")
    st.stop()

navigation = st.navigation([
    st.Page("ui/vyzvy.py", title="Výzvy", icon=":material/list_alt:", default=True),
    st.Page("ui/zamery.py", title="Záměry", icon=":material/folder_open:"),
    st.Page("ui/shody.py", title="Shody", icon=":material/target:"),
    st.Page("ui/kalendar.py", title="Kalendář", icon=":material/calendar_month:"),
    st.Page("ui/zdroje.py", title="Zdroje", icon=":material/sync:"),
    st.Page("ui/odber.py", title="Odběr", icon=":material/mail:"),
])
navigation.run()
