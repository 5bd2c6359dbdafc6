"""Záměry: the register of project intentions — add, import, export, move through the pipeline."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from tracker import clock
from tracker.errors import UserError
from tracker.intentions.stages import NEXT_STAGES, STAGE_LABELS, move_stage
from tracker.intentions.store import (
    APP_IMPORT_MAX_ROWS,
    add_intention,
    delete_intention,
    export_bytes,
    import_csv,
    list_intentions,
    read_upload,
)
from tracker.intentions.validation import (
    DESCRIPTION_MAX,
    EMAIL_MAX,
    ORGANIZATION_MAX,
    TITLE_MAX,
    validate_intention,
)
from tracker.storage.db import session_scope
from tracker.storage.models import Intention, Stage
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import format_czk
from tracker.text.display import escape_markdown
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS
from ui.common import calls, coordinator_signed_in, is_coordinator

PROGRAMMES = ("OPZ+", "IROP", "MAS/CLLD", "ITI", "Liberecký kraj", "OP JAK")
FIELD_LABELS = {
    "title": "Název", "organization": "Organizace", "ico": "IČO", "applicant_type": "Typ žadatele",
    "areas": "Oblasti", "budget_czk": "Rozpočet", "cofinancing_pct": "Spolufinancování",
    "start_date": "Zahájení", "end_date": "Ukončení", "contact_email": "Kontakt", "stage": "Fáze",
    "programmes": "Programy", "partners": "Partneři", "description": "Popis", "file": "Soubor",
}

st.title("Projektové záměry")


def intentions_table(rows: list[Intention]) -> pd.DataFrame:
    return pd.DataFrame({
        "Č.": [i.id for i in rows],
        "Název": [i.title for i in rows],
        "Organizace": [i.organization for i in rows],
        "Typ žadatele": [APPLICANT_LABELS.get(i.applicant_type, i.applicant_type) for i in rows],
        "Oblasti": [", ".join(AREA_LABELS.get(a, a) for a in i.areas) for i in rows],
        "Rozpočet": [format_czk(i.budget_czk) for i in rows],
        "Zahájení": [f"{i.start_date.day}. {i.start_date.month}. {i.start_date.year}" for i in rows],
        "Fáze": [STAGE_LABELS.get(Stage(i.stage), i.stage) for i in rows],
    })


def show_errors(error: UserError) -> None:
    for problem in error.problems:
        where = f"Řádek {problem.line}: " if problem.line is not None else ""
        field = f"{FIELD_LABELS.get(problem.field, problem.field)}: " if problem.field else ""
        st.error(f"{where}{field}{escape_markdown(problem.cs)}")  # messages may quote the file


def add_form() -> None:
    with st.form("add_intention", clear_on_submit=False):
        st.subheader("Nový záměr")
        title = st.text_input("Název záměru", key="i_title", max_chars=TITLE_MAX)
        left, right = st.columns(2)
        organization = left.text_input("Organizace (žadatel)", key="i_org", max_chars=ORGANIZATION_MAX)
        ico = right.text_input("IČO", key="i_ico")
        applicant_type = left.selectbox("Typ žadatele", APPLICANT_CODES, format_func=APPLICANT_LABELS.get,
                                        index=None, placeholder="Vyberte…", key="i_type")
        areas = right.multiselect("Oblasti", AREA_CODES, format_func=AREA_LABELS.get, key="i_areas",
                                   placeholder="Vyberte…")
        budget = left.text_input("Rozpočet (Kč)", placeholder="např. 21 174 960", key="i_budget")
        cofinancing = right.text_input("Spolufinancování (%)", value="0", key="i_cofin")
        start = left.date_input("Zahájení", value=None, format="DD.MM.YYYY", key="i_start")
        end = right.date_input("Ukončení", value=None, format="DD.MM.YYYY", key="i_end")
        programmes = left.multiselect("Preferované programy", PROGRAMMES, key="i_programmes",
                                    placeholder="Vyberte…")
        contact = right.text_input("Kontaktní e-mail", key="i_contact", max_chars=EMAIL_MAX)
        partners = st.text_area("Partneři (každý na samostatný řádek)", key="i_partners")
        description = st.text_area("Popis", key="i_description", max_chars=DESCRIPTION_MAX)
        submitted = st.form_submit_button("Uložit záměr")
    if not submitted:
        return
    raw = {
        "title": title, "organization": organization, "ico": ico, "applicant_type": applicant_type or "",
        "areas": areas, "budget_czk": budget.replace("Kč", "").strip(), "cofinancing_pct": cofinancing.replace("%", ""),
        "start_date": start.isoformat() if isinstance(start, date) else "",
        "end_date": end.isoformat() if isinstance(end, date) else "",
        "programmes": programmes, "partners": [p.strip() for p in partners.splitlines() if p.strip()],
        "contact_email": contact, "description": description,
    }
    try:
        data = validate_intention(raw)
    except UserError as exc:
        st.error("Záměr nebyl uložen. Opravte prosím:")
        show_errors(exc)
        return
    with session_scope() as session:
        stored = add_intention(session, data)
        intention_id, stored_title = stored.id, stored.title
    st.success(f"Záměr č. {intention_id} „{escape_markdown(stored_title)}“ byl uložen. "
               "Jeho shody najdete na stránce Shody.")


def import_section() -> None:
    st.subheader("Import z CSV")
    coordinator = coordinator_signed_in()
    st.caption("Sloupce: title, organization, ico, applicant_type, areas, budget_czk, cofinancing_pct, start, end; "
               "volitelně description, program, partners, contact, stage. Uloží se všechny řádky, nebo žádný. "
               f"Najednou nejvýše {APP_IMPORT_MAX_ROWS} záměrů (1 MB)"
               + ("." if coordinator else "; importované záměry začínají ve fázi „záměr“ (jinou fázi ze souboru "
                  "převezme jen koordinátor)."))
    upload = st.file_uploader("Soubor CSV", type=["csv"], key="import_csv")
    if upload is None or not st.button("Importovat"):
        return
    try:  # both limits are checked before anything is validated or written
        imported = import_csv(read_upload(upload.getvalue()), max_rows=APP_IMPORT_MAX_ROWS, keep_stages=coordinator)
    except UserError as exc:
        st.error("Nic nebylo importováno. Chyby v souboru:")
        show_errors(exc)
        return
    st.success(f"Importováno záměrů: {len(imported.ids)}.")
    if imported.stages_reset:
        st.info(f"Fáze ze souboru nebyla převzata u {imported.stages_reset} záměrů: bez hesla koordinátora "
                "začíná každý importovaný záměr ve fázi „záměr“.")


def export_section(rows: list[Intention]) -> None:
    st.subheader("Export pro jednání pracovní skupiny")
    contacts = coordinator_signed_in()
    if not contacts:
        st.caption("Kontakty (IČO a e-mail) obsahuje export jen pro koordinátora.")
    left, right = st.columns(2)
    left.download_button("Stáhnout CSV", export_bytes(rows, "csv", with_contacts=contacts), file_name="zamery.csv",
                         mime="text/csv")
    right.download_button("Stáhnout XLSX", export_bytes(rows, "xlsx", with_contacts=contacts),
                          file_name="zamery.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def coordinator_section(rows: list[Intention]) -> None:
    st.subheader("Změna fáze a správa záměrů")
    st.caption("Měnit fázi, přiřazovat výzvy a mazat záměry může koordinátor.")
    if not rows or not is_coordinator("zamery"):
        return
    chosen = st.selectbox("Záměr", rows, format_func=lambda i: f"{i.id} – {i.title}", key="stage_intention")
    options = NEXT_STAGES[chosen.stage]
    if options:
        stage = st.selectbox("Nová fáze", options, format_func=lambda s: STAGE_LABELS[Stage(s)], key="stage_to")
        call_rows = [r for r in calls() if r.state in ("open", "planned")]
        call = st.selectbox("Vybraná výzva (nepovinné)", call_rows, format_func=lambda r: r.label, index=None,
                            key="stage_call", placeholder="Bez výzvy")
        if st.button("Změnit fázi"):
            try:
                with session_scope() as session:
                    move_stage(session, chosen.id or 0, stage, clock.now(),
                               (call.source, call.external_id) if call else None)
            except UserError as exc:
                st.error(escape_markdown(exc.cs))
            else:
                st.success(f"Záměr č. {chosen.id} je nyní ve fázi „{STAGE_LABELS[Stage(stage)]}“.")
    else:
        st.caption("Záměr je ukončen; fázi už nelze měnit.")
    if st.button("Smazat záměr", type="secondary"):
        with session_scope() as session:
            delete_intention(session, chosen.id or 0)
        st.success(f"Záměr č. {chosen.id} byl smazán.")


add_form()
with session_scope() as session:
    intentions = list_intentions(session)
st.subheader(f"Seznam záměrů ({len(intentions)})")
if intentions:
    st.dataframe(intentions_table(intentions), hide_index=True, width="stretch")
else:
    st.caption("Zatím nebyl zadán žádný záměr.")
coordinator_section(intentions)
import_section()
export_section(intentions)
