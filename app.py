"""Výzvy — the Streamlit app. Run with `streamlit run app.py` (or `tracker up`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tracker.settings import SettingsError
from ui.common import czech_controls, setup

# The icon is a local file: a Material icon or an emoji would be fetched from a CDN by the browser.
st.set_page_config(page_title="Výzvy – RSK Libereckého kraje", page_icon=str(Path(__file__).parent / "ui" / "icon.png"),
                   layout="wide")
czech_controls()

try:
    setup()
except SettingsError as exc:
    st.error(f"Chybné nastavení: {exc}")
    st.stop()

# Text labels only: page icons would load an icon font from the internet.
navigation = st.navigation([
    st.Page("ui/prehled.py", title="Přehled", default=True),
    st.Page("ui/vyzvy.py", title="Výzvy"),
    st.Page("ui/zamery.py", title="Záměry"),
    st.Page("ui/shody.py", title="Shody"),
    st.Page("ui/kalendar.py", title="Kalendář"),
    st.Page("ui/zdroje.py", title="Zdroje"),
], position="top")
navigation.run()
