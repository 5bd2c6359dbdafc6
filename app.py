"""Výzvy — the Streamlit app. Run with `streamlit run app.py` (or `tracker up`)."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from tracker.settings import SettingsError
from ui.common import czech_controls, setup

log = logging.getLogger("tracker.app")
UNEXPECTED = ("Něco se pokazilo a stránku se nepodařilo zobrazit. Podrobnosti chyby jsou zapsány v logu aplikace; "
              "zkuste to prosím znovu, a pokud se chyba opakuje, obraťte se na správce.")

# No traceback in the browser, whatever config.toml the app was started with (it logs them instead).
st.set_option("client.showErrorDetails", "none")
# The icon is a local file: a Material icon or an emoji would be fetched from a CDN by the browser.
st.set_page_config(page_title="Výzvy – RSK Libereckého kraje", page_icon=str(Path(__file__).parent / "ui" / "icon.png"),
                   layout="wide")
czech_controls()

# Text labels only: page icons would load an icon font from the internet.
PAGES = [
    st.Page("ui/prehled.py", title="Přehled", default=True),
    st.Page("ui/vyzvy.py", title="Výzvy"),
    st.Page("ui/zamery.py", title="Záměry"),
    st.Page("ui/shody.py", title="Shody"),
    st.Page("ui/kalendar.py", title="Kalendář"),
    st.Page("ui/zdroje.py", title="Zdroje"),
    st.Page("ui/odber.py", title="Odběr"),
]

try:
    setup()
    st.navigation(PAGES, position="top").run()
except SettingsError as exc:
    st.error(f"Chybné nastavení: {exc}")
except Exception:  # noqa: BLE001 — the last line of defence; st.stop() and reruns are not Exceptions
    log.exception("the app failed to show a page")
    st.error(UNEXPECTED)
