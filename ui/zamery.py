"""Záměry: the register of project intentions — add, edit, import, export, move through the pipeline.

Whoever saves an intention gets a private edit link (``?edit=<token>``, shown once; only its hash is
stored); the coordinator may edit any intention. The forms validate in their submit callbacks, so
every message is shown under the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from tracker import clock
from tracker.errors import UserError
from tracker.intentions.stages import NEXT_STAGES, STAGE_LABELS, move_stage, submission_doubt
from tracker.intentions.store import (
    APP_IMPORT_MAX_ROWS,
    CSV_NAMES,
    add_intention,
    delete_intention,
    export_bytes,
    get_intention,
    import_csv,
    intention_by_edit_token,
    issue_edit_token,
    list_intentions,
    read_upload,
    same_intentions,
    update_intention,
)
from tracker.intentions.validation import (
    DESCRIPTION_MAX,
    EMAIL_MAX,
    ORGANIZATION_MAX,
    PROGRAMMES,
    TITLE_MAX,
    validate_intention,
)
from tracker.storage.db import session_scope
from tracker.storage.models import Intention, Stage
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import format_czk, format_number
from tracker.text.display import escape_markdown
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS
from ui.common import (
    app_url,
    calls,
    coordinator_signed_in,
    field_error,
    is_coordinator,
    report_done,
    show_done,
)

# Widget key suffix → the validation field it feeds (the keys of the new-intention form start "i_").
FIELDS = {
    "title": "title", "org": "organization", "ico": "ico", "type": "applicant_type", "areas": "areas",
    "budget": "budget_czk", "cofin": "cofinancing_pct", "start": "start_date", "end": "end_date",
    "programmes": "programmes", "contact": "contact_email", "partners": "partners", "description": "description",
}
EMPTY = {"title": "", "org": "", "ico": "", "type": None, "areas": [], "budget": "", "cofin": "0", "start": "",
         "end": "", "programmes": [], "contact": "", "partners": "", "description": ""}

st.title("Projektové záměry")
show_done("zamery")


def czech_day(day: date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def intentions_table(rows: list[Intention]) -> pd.DataFrame:
    return pd.DataFrame({
        "Č.": [i.id for i in rows],
        "Název": [i.title for i in rows],
        "Organizace": [i.organization for i in rows],
        "Typ žadatele": [APPLICANT_LABELS.get(i.applicant_type, i.applicant_type) for i in rows],
        "Oblasti": [", ".join(AREA_LABELS.get(a, a) for a in i.areas) for i in rows],
        "Rozpočet": [format_czk(i.budget_czk) for i in rows],
        "Zahájení": [czech_day(i.start_date) for i in rows],
        "Fáze": [STAGE_LABELS.get(Stage(i.stage), i.stage) for i in rows],
    })


# --- the intention form (new and edit) ------------------------------------------------------------


def raw_values(prefix: str) -> dict[str, Any]:
    """What the form holds, as the validation reads it (dates are typed as ``1. 6. 2027``)."""
    state = st.session_state
    value = {suffix: state.get(f"{prefix}_{suffix}", default) for suffix, default in EMPTY.items()}
    return {
        "title": value["title"], "organization": value["org"], "ico": value["ico"],
        "applicant_type": value["type"] or "", "areas": value["areas"],
        "budget_czk": str(value["budget"]).replace("Kč", "").strip(),
        "cofinancing_pct": str(value["cofin"]).replace("%", ""), "start_date": value["start"],
        "end_date": value["end"], "programmes": value["programmes"],
        "partners": [p.strip() for p in str(value["partners"]).splitlines() if p.strip()],
        "contact_email": value["contact"], "description": value["description"],
    }


def load_into_form(prefix: str, intention: Intention) -> None:
    """Fill the edit form's widgets with a stored intention."""
    values = {
        "title": intention.title, "org": intention.organization, "ico": intention.ico,
        "type": intention.applicant_type, "areas": list(intention.areas),
        "budget": format_number(intention.budget_czk),
        "cofin": f"{intention.cofinancing_pct:g}", "start": czech_day(intention.start_date),
        "end": czech_day(intention.end_date),
        "programmes": list(intention.programmes),
        "contact": intention.contact_email or "", "partners": "\n".join(intention.partners),
        "description": intention.description,
    }
    for suffix, value in values.items():
        st.session_state[f"{prefix}_{suffix}"] = value
    st.session_state[f"{prefix}_errors"] = {}


def clear_form(prefix: str) -> None:
    for suffix, value in EMPTY.items():
        st.session_state[f"{prefix}_{suffix}"] = value


def validated(prefix: str) -> Any:
    """The form's intention, or ``None`` with each problem stored for its field."""
    try:
        data = validate_intention(raw_values(prefix))
    except UserError as exc:
        st.session_state[f"{prefix}_errors"] = {p.field or "": p.cs for p in exc.problems}
        return None
    st.session_state[f"{prefix}_errors"] = {}
    return data


def intention_fields(prefix: str) -> None:
    """The form's widgets in rows, each with its message (if any) right under it."""
    errors: dict[str, str] = st.session_state.get(f"{prefix}_errors", {})

    def under(suffix: str) -> None:
        field_error(errors.get(FIELDS[suffix]))

    st.text_input("Název záměru", key=f"{prefix}_title", max_chars=TITLE_MAX)
    under("title")
    rows: list[tuple[Callable[[], Any], str, Callable[[], Any], str]] = [
        (lambda: st.text_input("Organizace (žadatel)", key=f"{prefix}_org", max_chars=ORGANIZATION_MAX), "org",
         lambda: st.text_input("IČO", key=f"{prefix}_ico"), "ico"),
        (lambda: st.selectbox("Typ žadatele", APPLICANT_CODES, format_func=APPLICANT_LABELS.get, index=None,
                              placeholder="Vyberte…", key=f"{prefix}_type"), "type",
         lambda: st.multiselect("Oblasti", AREA_CODES, format_func=AREA_LABELS.get, key=f"{prefix}_areas",
                                placeholder="Vyberte…", select_all=False), "areas"),
        (lambda: st.text_input("Rozpočet (Kč)", placeholder="např. 21 174 960", key=f"{prefix}_budget"), "budget",
         lambda: st.text_input("Spolufinancování (%)", key=f"{prefix}_cofin"), "cofin"),
        (lambda: st.text_input("Zahájení", placeholder="např. 1. 6. 2027", key=f"{prefix}_start"), "start",
         lambda: st.text_input("Ukončení", placeholder="např. 30. 6. 2029", key=f"{prefix}_end"), "end"),
        # a programme typed elsewhere (CLI, import) stays among the choices, so that saving keeps it
        (lambda: st.multiselect("Preferované programy", [*PROGRAMMES, *(
            p for p in st.session_state.get(f"{prefix}_programmes", ()) if p not in PROGRAMMES)],
                                key=f"{prefix}_programmes",
                                placeholder="Vyberte…", select_all=False), "programmes",
         lambda: st.text_input("Kontaktní e-mail", key=f"{prefix}_contact", max_chars=EMAIL_MAX), "contact"),
    ]
    for left_widget, left_key, right_widget, right_key in rows:
        left, right = st.columns(2)
        with left:
            left_widget()
            under(left_key)
        with right:
            right_widget()
            under(right_key)
    st.text_area("Partneři (každý na samostatný řádek)", key=f"{prefix}_partners")
    under("partners")
    st.text_area("Popis", key=f"{prefix}_description", max_chars=DESCRIPTION_MAX)


def save_new() -> None:
    data = validated("i")
    st.session_state["i_saved"] = None
    if data is None:
        return
    with session_scope() as session:
        same = same_intentions(session, data)
        stored = add_intention(session, data)
        token = issue_edit_token(session, stored)
        st.session_state["i_saved"] = (stored.id, stored.title, token, same)
    clear_form("i")


def add_form() -> None:
    for suffix, value in EMPTY.items():
        st.session_state.setdefault(f"i_{suffix}", value)
    with st.form("add_intention", clear_on_submit=False):
        st.subheader("Nový záměr")
        intention_fields("i")
        st.form_submit_button("Uložit záměr", on_click=save_new)
    if st.session_state.get("i_errors"):
        st.error("Záměr nebyl uložen. Opravte prosím označená pole.")
    saved = st.session_state.get("i_saved")
    if saved:
        intention_id, title, token, same = saved
        st.success(f"Záměr č. {intention_id} „{escape_markdown(title)}“ byl uložen. "
                   "Jeho shody najdete na stránce Shody.")
        if same:
            st.warning(f"Stejný název a IČO už má záměr č. {', '.join(map(str, same))}. Jde-li o tentýž záměr, "
                       "požádejte koordinátora, ať jeden z nich smaže.")
        st.info("Soukromý odkaz pro pozdější úpravy záměru. Uložte si ho, zobrazuje se jen teď:")
        st.code(app_url("zamery", edit=token), language=None)


def save_edit(intention_id: int, token: str | None) -> None:
    """Store the edit form; allowed with the intention's private link or as the coordinator."""
    with session_scope() as session:
        by_token = intention_by_edit_token(session, token) if token else None
    if not st.session_state.get("coordinator") and (by_token is None or by_token.id != intention_id):
        st.session_state["e_errors"] = {"": "Odkaz pro úpravu už neplatí."}
        return
    data = validated("e")
    st.session_state["e_saved"] = None
    if data is None:
        return
    try:
        with session_scope() as session:
            stored = update_intention(session, intention_id, data)
            st.session_state["e_saved"] = (stored.id, stored.title)
    except UserError as exc:
        st.session_state["e_errors"] = {"": exc.cs}


def edit_form(intention: Intention, token: str | None) -> None:
    if st.session_state.get("e_loaded") != intention.id:
        load_into_form("e", intention)
        st.session_state["e_loaded"] = intention.id
        st.session_state["e_saved"] = None
    with st.form(f"edit_intention_{intention.id}"):
        st.subheader(f"Úprava záměru č. {intention.id}")
        intention_fields("e")
        st.form_submit_button("Uložit změny", on_click=save_edit, args=(intention.id, token))
    errors = st.session_state.get("e_errors", {})
    if errors:
        st.error(errors.get("") or "Změny nebyly uloženy. Opravte prosím označená pole.")
    saved = st.session_state.get("e_saved")
    if saved:
        st.success(f"Změny záměru č. {saved[0]} „{escape_markdown(saved[1])}“ byly uloženy.")


def edit_by_link(token: str) -> bool:
    """The edit form for the intention a private link opens; ``False`` when the link is not valid."""
    with session_scope() as session:
        intention = intention_by_edit_token(session, token)
        if intention is not None:
            session.expunge(intention)
    if intention is None:
        st.error("Odkaz pro úpravu záměru neplatí. Požádejte koordinátora o úpravu.")
        return False
    edit_form(intention, token)
    if st.button("Zavřít úpravu"):
        del st.query_params["edit"]
        st.rerun()
    return True


# --- import, export, the coordinator --------------------------------------------------------------


def show_import_errors(error: UserError) -> None:
    for problem in error.problems:
        where = []
        if problem.line is not None:
            where.append(f"řádek {problem.line}")
        if problem.field and problem.field != "file":
            where.append(f"sloupec {CSV_NAMES.get(problem.field, problem.field)}")
        prefix = ", ".join(where).capitalize()
        message = escape_markdown(problem.cs)  # messages may quote the file
        st.error(f"{prefix}: {message}" if prefix else message)


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
        show_import_errors(exc)
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


def coordinator_section(rows: list[Intention], *, editing: bool) -> None:
    st.subheader("Úpravy, změna fáze a správa záměrů")
    st.caption("Upravovat kterýkoli záměr, měnit fázi, přiřazovat výzvy a mazat záměry může koordinátor.")
    if not rows or not is_coordinator("zamery"):
        return
    chosen = st.selectbox("Záměr", rows, format_func=lambda i: f"{i.id} – {i.title}", key="stage_intention")
    if not editing:  # one edit form at a time (a private link's is open above)
        with st.expander("Upravit údaje záměru"):
            with session_scope() as session:
                current = get_intention(session, chosen.id or 0)
                session.expunge(current)
            edit_form(current, None)
    options = NEXT_STAGES[chosen.stage]
    if options:
        stage = st.selectbox("Nová fáze", options, format_func=lambda s: STAGE_LABELS[Stage(s)], key="stage_to")
        call_rows = [r for r in calls() if r.state in ("open", "planned")]
        call = st.selectbox("Vybraná výzva (nepovinné)", call_rows, format_func=lambda r: r.label, index=None,
                            key="stage_call", placeholder="Bez výzvy")
        if st.button("Změnit fázi"):
            try:
                with session_scope() as session:
                    moved = move_stage(session, chosen.id or 0, stage, clock.now(),
                                       (call.source, call.external_id) if call else None)
                    doubt = submission_doubt(session, moved, clock.now())
            except UserError as exc:
                st.error(escape_markdown(exc.cs))
            else:
                report_done("zamery", f"Záměr č. {chosen.id} je nyní ve fázi „{STAGE_LABELS[Stage(stage)]}“."
                            + (f" Pozor: {escape_markdown(doubt[1])}" if doubt else ""))
    else:
        st.caption("Záměr je ukončen; fázi už nelze měnit.")
    if st.button("Smazat záměr", type="secondary"):
        with session_scope() as session:
            delete_intention(session, chosen.id or 0)
        report_done("zamery", f"Záměr č. {chosen.id} byl smazán.")


edit_token = st.query_params.get("edit")
editing = bool(edit_token) and edit_by_link(edit_token)
if not editing:
    add_form()
with session_scope() as session:
    intentions = list_intentions(session)
st.subheader(f"Seznam záměrů ({len(intentions)})")
if intentions:
    st.dataframe(intentions_table(intentions), hide_index=True, width="stretch")
else:
    st.caption("Zatím nebyl zadán žádný záměr.")
coordinator_section(intentions, editing=editing)
import_section()
export_section(intentions)
