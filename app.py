"""Výzvy — the Streamlit app. Run with `streamlit run app.py` (or `tracker up`)."""

from __future__ import annotations

import logging

import streamlit as st

from tracker.settings import SettingsError
from ui.common import setup

log = logging.getLogger("tracker.app")
UNEXPECTED = ("Něco se pokazilo a stránku se nepodařilo zobrazit. Podrobnosti chyby jsou zapsány v logu aplikace; "
              "zkuste to prosím znovu, a pokud se chyba opakuje, obraťte se na správce.")

# No traceback in the browser, whatever config.toml the app was started with (it logs them instead).
st.set_option("client.showErrorDetails", "none")
st.set_page_config(page_title="Výzvy – RSK Libereckého kraje", page_icon=":material/calendar_month:", layout="wide")

PAGES = [
    st.Page("ui/vyzvy.py", title="Výzvy", icon=":material/list_alt:", default=True),
    st.Page("ui/zamery.py", title="Záměry", icon=":material/folder_open:"),
    st.Page("ui/shody.py", title="Shody", icon=":material/target:"),
    st.Page("ui/kalendar.py", title="Kalendář", icon=":material/calendar_month:"),
    st.Page("ui/zdroje.py", title="Zdroje", icon=":material/sync:"),
    st.Page("ui/odber.py", title="Odběr", icon=":material/mail:"),
]

try:
    setup()
    st.navigation(PAGES).run()
except SettingsError as exc:
    st.error(f"Chybné nastavení: {exc}")
except Exception:  # noqa: BLE001 — the last line of defence; st.stop() and reruns are not Exceptions
    log.exception("the app failed to show a page")
    st.error(UNEXPECTED)
