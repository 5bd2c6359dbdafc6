"""Every page of the Streamlit app, run by Streamlit's own test runner against the demo database."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlmodel import select
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from tests.conftest import Cli, SetEnv
from tracker.clock import PRAGUE
from tracker.settings import PROJECT_ROOT
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CallChange, Intention, ScrapeRun
from tracker.text.display import escape_markdown

APP = str(PROJECT_ROOT / "app.py")
VALID = {
    "i_title": "Sociální bydlení Frýdlant", "i_org": "Město Frýdlant", "i_ico": "00262781",
    "i_budget": "30 000 000", "i_cofin": "10", "i_contact": "starosta@frydlant.cz",
}


def run(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def unescaped(markdown: str) -> str:
    """Markdown as a reader sees it: the app escapes every text it did not write itself."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "text", "warning", "error", "success", "info", "code")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def codes(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["Kód"])


def fill_intention(at: AppTest, prefix: str = "i", button: str = "Uložit záměr", **overrides: object) -> AppTest:
    values: dict[str, object] = {**VALID, "i_type": "obec", "i_areas": ["bydleni"], "i_start": "1. 6. 2027",
                                 "i_end": "30. 6. 2029", **overrides}
    for key, value in values.items():
        key = prefix + key[1:]
        if key.endswith("_type"):
            at.selectbox(key=key).set_value(value)
        elif key.endswith(("_areas", "_programmes")):
            at.multiselect(key=key).set_value(value)
        else:
            at.text_input(key=key).set_value(value)
    next(b for b in at.button if b.label == button).click()
    return at.run()


def field_messages(at: AppTest) -> dict[str, str]:
    """Each form message with the key of the field whose column it stands in, right under it."""
    found = {}
    for column in at.columns:
        fields = [w.key for kind in ("text_input", "selectbox", "multiselect") for w in getattr(column, kind)]
        messages = [m.value for m in column.markdown if m.value.startswith(":red[")]
        if len(fields) == 1 and messages:
            found[fields[0]] = "\n".join(messages)
    return found


def red(message: str) -> str:
    return f":red[{escape_markdown(message)}]"


def stored_intentions() -> list[Intention]:
    with session_scope() as session:
        return list(session.exec(select(Intention)))


# --- Výzvy ----------------------------------------------------------------------------------------


def test_the_calls_page_lists_open_and_planned_calls_by_default(demo_db) -> None:
    at = run("ui/vyzvy.py")
    assert "Nalezeno výzev: 14" in texts(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Zdroj", "Kód", "Název", "Stav", "Uzávěrka", "Zbývá", "Alokace", "Oblasti"]
    debt = table[table["Kód"] == "03_25_095"].iloc[0]
    assert (debt["Uzávěrka"], debt["Zbývá"], debt["Alokace"]) == ("17. 12. 2026 14:00", "zbývá 24 dní",
                                                                  "120 000 000 Kč")
    assert debt["Stav"] == "otevřená"
    assert table[table["Kód"] == "IROP-105"].iloc[0]["Alokace"] == "1 798 341 944 Kč"


def test_filters_find_the_calls_open_to_a_municipality_in_housing(demo_db) -> None:
    at = run("ui/vyzvy.py")
    at.multiselect(key="f_areas").set_value(["bydleni"]).run()
    at.multiselect(key="f_types").set_value(["obec"]).run()
    assert codes(at) == {"IROP-105", "rsk-902", "rsk-904", "03_26_112", "IROP-127"}
    assert "http://127.0.0.1:8502/calendar.ics?applicant_type=obec&area=bydleni" in [c.value for c in at.code]
    at.multiselect(key="f_states").set_value(["open"]).run()
    assert codes(at) == {"IROP-105", "rsk-902"}
    assert "applicant_type=obec&area=bydleni&state=open" in texts(at)


def test_search_ignores_case_and_diacritics_and_states_reach_closed_calls(demo_db) -> None:
    at = run("ui/vyzvy.py")
    at.text_input(key="f_text").set_value("DLUHOVE PORADENSTVI").run()
    assert codes(at) == {"03_25_095"}
    at.text_input(key="f_text").set_value("").run()
    at.multiselect(key="f_states").set_value(["closed", "cancelled"]).run()
    assert codes(at) == {"rsk-905", "03_24_060", "IROP-98", "03_26_115", "IROP-111"}


def test_a_deadline_bound_that_is_no_date_is_reported_and_the_other_bound_still_holds(demo_db) -> None:
    at = run("ui/vyzvy.py")
    at.text_input(key="f_from").set_value("1. 1. 2027").run()
    after_new_year = codes(at)
    assert after_new_year and len(after_new_year) < 14
    at.text_input(key="f_to").set_value("30. 2. 2027").run()
    assert "Do: zadejte datum, např. 1. 12. 2026." in [unescaped(e.value) for e in at.error]
    assert codes(at) == after_new_year
    assert "closes_from=2027-01-01" in texts(at)


def test_the_calls_page_says_the_data_are_bundled_samples(demo_db) -> None:
    at = run("ui/vyzvy.py")
    warnings = " ".join(w.value for w in at.warning)
    assert "Ukázková data: výzvy zdrojů OPZ+, IROP, RSK LK pocházejí z ukázkových stránek" in warnings
    assert "OPZ+: aktualizováno právě teď" in texts(at)


def test_a_call_detail_shows_dates_applicants_and_change_history(demo_db) -> None:
    with session_scope() as session:
        call = session.exec(select(Call).where(Call.external_id == "03_25_095")).one()
        session.add(CallChange(call_id=call.id, field="closes", old_value="2026-12-17T14:00:00+01:00",
                               new_value="2027-06-30T14:00:00+02:00",
                               detected_at=datetime(2026, 11, 20, 9, tzinfo=PRAGUE)))
    at = run("ui/vyzvy.py", call="opzplus:03_25_095")  # the call's own address
    shown = texts(at)
    assert "uzávěrka posunuta z 17. 12. 2026 14:00 na 30. 6. 2027 14:00" in shown
    assert "**Uzávěrka:** 17\\. 12\\. 2026 14\\:00 (přesný čas)" in shown
    assert "**OPZ\\+ · 03\\_25\\_095** · otevřená" in shown  # the programme is the source: said once
    assert "Rozpoznané typy žadatelů:** obec, nestátní nezisková organizace, příspěvková organizace" in shown
    assert "Oblasti:** dluhy, sociální služby" in shown
    assert "Podle čeho:" in shown and "obec ← „" in shown  # the phrase behind each code, escaped
    assert "/vyzvy?call=opzplus:03_25_095" in [c.value for c in at.code]
    assert not at.dataframe  # the detail stands alone; the way back restores the list
    next(b for b in at.button if b.label == "← Zpět na seznam výzev").click().run()
    assert "Nalezeno výzev: 14" in texts(at) and "call" not in at.query_params


def test_the_coordinator_corrects_a_calls_codes_in_its_detail(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = run("ui/vyzvy.py", call="opzplus:03_25_095")
    with session_scope() as session:
        call_id = session.exec(select(Call.id).where(Call.external_id == "03_25_095")).one()
    at.text_input(key=f"pw_codes_{call_id}").set_value("tajne-heslo").run()
    at.multiselect(key=f"codes_types_{call_id}").set_value(["kraj"])
    at.multiselect(key=f"codes_areas_{call_id}").set_value(["dluhy", "rodina"])
    next(b for b in at.button if b.label == "Uložit opravu").click().run()
    assert not at.exception, at.exception
    assert "Kódy výzvy byly upraveny ručně; shody se záměry jsou přepočítané." in [s.value for s in at.success]
    with session_scope() as session:
        call = session.get(Call, call_id)
        assert (call.applicant_types, call.areas) == (["kraj"], ["dluhy", "rodina"])
    shown = texts(at)  # the same page, drawn again with the saved codes
    assert "Rozpoznané typy žadatelů:** kraj (upraveno ručně)" in shown
    assert "kraj ← upraveno ručně" in shown
    assert ("typy žadatelů (upraveno ručně): místo „obec, nestátní nezisková organizace, příspěvková "
            "organizace“ nyní „kraj“") in shown


def test_the_coordinator_undoes_a_correction_in_the_calls_detail(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    Cli().json("calls", "set-codes", "opzplus:03_25_095", "--area", "rodina", "--json")
    at = run("ui/vyzvy.py", call="opzplus:03_25_095")
    with session_scope() as session:
        call_id = session.exec(select(Call.id).where(Call.external_id == "03_25_095")).one()
    at.text_input(key=f"pw_codes_{call_id}").set_value("tajne-heslo").run()
    next(b for b in at.button if b.label == "Vrátit kódy rozpoznané z textu výzvy").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Ruční oprava je zrušená") for s in at.success)
    assert "Oblasti:** dluhy, sociální služby" in texts(at) and "upraveno ručně" not in texts(at).split("Historie")[0]
    assert Cli().json("calls", "corrections", "--json") == []
    assert not [b for b in at.button if b.label == "Vrátit kódy rozpoznané z textu výzvy"]


def test_a_correction_of_one_list_leaves_the_other_to_the_classifier(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = run("ui/vyzvy.py", call="opzplus:03_25_095")
    with session_scope() as session:
        call_id = session.exec(select(Call.id).where(Call.external_id == "03_25_095")).one()
    at.text_input(key=f"pw_codes_{call_id}").set_value("tajne-heslo").run()
    next(b for b in at.button if b.label == "Uložit opravu").click().run()
    assert "Typy žadatelů ani oblasti se nezměnily; není co uložit." in [i.value for i in at.info]
    at.multiselect(key=f"codes_areas_{call_id}").set_value(["dluhy"])
    next(b for b in at.button if b.label == "Uložit opravu").click().run()
    corrections = Cli().json("calls", "corrections", "--json")
    assert [(c["call"], c["applicant_types"]["corrected"], c["areas"]["corrected"]) for c in corrections] == [
        ("opzplus:03_25_095", False, True)]
    shown = texts(at)
    assert "Oblasti:** dluhy (upraveno ručně)" in shown
    assert "obec ← „" in shown  # the applicant types keep the classifier's evidence


def test_clicking_a_row_opens_that_calls_address(demo_db) -> None:
    at = run("ui/vyzvy.py")
    row = list(at.dataframe[0].value["Kód"]).index("IROP-105")
    at.session_state["calls_table_0"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert at.query_params["call"] == "irop:IROP-105"
    assert "Sociální bydlení II" in [s.value for s in at.subheader][0]


@pytest.mark.parametrize(("ref", "message"), [
    ("irop:IROP-999", "Výzva irop:IROP-999 v databázi není."),
    ("nowhere:1", "Výzvu zadejte jako ZDROJ:KÓD"),
])
def test_an_unknown_call_address_says_so(demo_db, ref: str, message: str) -> None:
    at = run("ui/vyzvy.py", call=ref)
    assert message in at.error[0].value.replace("\\", "")  # shown as text: Markdown escaped

# --- Záměry ---------------------------------------------------------------------------------------


def test_the_form_saves_a_valid_intention_and_lists_it(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    assert [s.value for s in at.success] == [
        "Záměr č. 1 „Sociální bydlení Frýdlant“ byl uložen. Jeho shody najdete na stránce Shody."]
    [stored] = stored_intentions()
    assert (stored.budget_czk, stored.cofinancing_pct, stored.areas) == (30_000_000, 10.0, ["bydleni"])
    assert "Sociální bydlení Frýdlant" in set(at.dataframe[0].value["Název"])


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"i_ico": "12345678"}, "i_ico", "IČO 12345678 nemá platný kontrolní součet."),
    ({"i_ico": "123"}, "i_ico", "IČO musí mít 8 číslic."),
    ({"i_budget": "hodně"}, "i_budget", "Rozpočet musí být číslo v Kč (nejvýše 1 000 000 000 000 Kč)."),
    ({"i_budget": "1e1000000"}, "i_budget", "Rozpočet musí být číslo v Kč (nejvýše 1 000 000 000 000 Kč)."),
    ({"i_budget": "1e13"}, "i_budget", "Rozpočet může být nejvýše 1 000 000 000 000 Kč."),
    ({"i_cofin": "150"}, "i_cofin", "Spolufinancování musí být číslo od 0 do 100 %."),
    ({"i_areas": []}, "i_areas", "Vyberte alespoň jednu oblast."),
    ({"i_start": "31. 2. 2027"}, "i_start", "Zadejte platné datum zahájení, např. 1. 6. 2027."),
    ({"i_end": "1. 1. 2027"}, "i_end", "Ukončení nesmí být před zahájením."),
    ({"i_contact": "starosta@"}, "i_contact", "Zadejte platnou e-mailovou adresu."),
])
def test_the_form_puts_each_czech_message_under_its_field_and_saves_nothing(demo_db, overrides, field,
                                                                           message) -> None:
    at = fill_intention(run("ui/zamery.py"), **overrides)
    assert [e.value for e in at.error] == ["Záměr nebyl uložen. Opravte prosím označená pole."]
    assert field_messages(at) == {field: red(message)}
    assert stored_intentions() == []


def test_a_missing_title_is_named_under_the_title(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"), i_title="")
    assert [m.value for m in at.markdown if m.value.startswith(":red[")] == [red("Vyplňte název záměru.")]
    assert stored_intentions() == []


def test_saving_shows_a_private_edit_link_once_and_it_opens_the_intention_for_editing(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    link = next(c.value for c in at.code if "/zamery?edit=" in c.value)
    token = link.split("edit=", 1)[1]
    [stored] = stored_intentions()
    assert len(token) >= 32 and stored.edit_token_hash and token not in stored.edit_token_hash
    assert at.text_input(key="i_title").value == ""  # the form is empty for the next intention

    at = run("ui/zamery.py", edit=token)
    assert at.text_input(key="e_title").value == "Sociální bydlení Frýdlant"
    assert (at.text_input(key="e_start").value, at.text_input(key="e_budget").value) == ("1. 6. 2027", "30 000 000")
    at.text_input(key="e_budget").set_value("hodně")
    next(b for b in at.button if b.label == "Uložit změny").click().run()
    assert field_messages(at) == {"e_budget": red("Rozpočet musí být číslo v Kč (nejvýše 1 000 000 000 000 Kč).")}
    at.text_input(key="e_budget").set_value("32 500 000")
    at.text_input(key="e_title").set_value("Sociální bydlení Frýdlant II")
    next(b for b in at.button if b.label == "Uložit změny").click().run()
    assert "Změny záměru č. 1 „Sociální bydlení Frýdlant II“ byly uloženy." in [s.value for s in at.success]
    [stored] = stored_intentions()
    assert (stored.title, stored.budget_czk, stored.stage) == ("Sociální bydlení Frýdlant II", 32_500_000, "zamer")
    assert not any("/zamery?edit=" in c.value for c in at.code)  # the link is never shown again


def test_the_same_intention_entered_twice_is_saved_with_a_warning(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    assert not at.warning
    at = fill_intention(at, i_title="SOCIÁLNÍ bydlení frýdlant")
    assert [w.value for w in at.warning] == ["Stejný název a IČO už má záměr č. 1. Jde-li o tentýž záměr, "
                                             "požádejte koordinátora, ať jeden z nich smaže."]
    assert len(stored_intentions()) == 2


def test_editing_keeps_programmes_typed_elsewhere_and_names_a_known_one_as_listed(demo_db) -> None:
    from tracker.intentions.store import get_intention, issue_edit_token

    added = Cli().json("intentions", "add", "--json", "--title", "Mobilní tým", "--organization", "Liberecký kraj",
                       "--ico", "70891508", "--applicant-type", "kraj", "--area", "socialni-sluzby", "--budget",
                       "21174960", "--cofinancing", "10", "--start", "2027-01-01", "--end", "2028-12-31",
                       "--program", "opz+", "--program", "Nadace VIA")
    with session_scope() as session:
        token = issue_edit_token(session, get_intention(session, added["id"]))
    at = run("ui/zamery.py", edit=token)
    assert at.multiselect(key="e_programmes").value == ["OPZ+", "Nadace VIA"]
    assert at.text_input(key="e_budget").value == "21 174 960"
    next(b for b in at.button if b.label == "Uložit změny").click().run()
    assert stored_intentions()[0].programmes == ["OPZ+", "Nadace VIA"]


@pytest.mark.parametrize("token", ["neplatny-odkaz", "x" * 500])
def test_a_wrong_edit_link_opens_nothing(demo_db, token: str) -> None:
    fill_intention(run("ui/zamery.py"))
    at = run("ui/zamery.py", edit=token)
    assert "Odkaz pro úpravu záměru neplatí. Požádejte koordinátora o úpravu." in [e.value for e in at.error]
    assert not [t for t in at.text_input if t.key and t.key.startswith("e_")]


def test_the_coordinator_edits_any_intention(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = fill_intention(run("ui/zamery.py"))
    assert not [t for t in at.text_input if t.key == "e_title"]  # the edit form is the coordinator's
    at.text_input(key="pw_zamery").set_value("tajne-heslo").run()
    at.text_input(key="e_org").set_value("Město Frýdlant v Čechách")
    next(b for b in at.button if b.label == "Uložit změny").click().run()
    assert stored_intentions()[0].organization == "Město Frýdlant v Čechách"


def test_stage_changes_ask_for_the_coordinators_password(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = fill_intention(run("ui/zamery.py"))
    at.text_input(key="pw_zamery").set_value("spatne").run()
    assert "Nesprávné heslo koordinátora." in [e.value for e in at.error]
    at.text_input(key="pw_zamery").set_value("tajne-heslo").run()
    at.selectbox(key="stage_to").set_value("priprava").run()
    next(b for b in at.button if b.label == "Změnit fázi").click().run()
    assert "Záměr č. 1 je nyní ve fázi „příprava“." in [s.value for s in at.success]
    assert stored_intentions()[0].stage == "priprava"
    assert at.dataframe[0].value.iloc[0]["Fáze"] == "příprava"  # the list shows it at once


# --- Shody, Kalendář, Zdroje ------------------------------------------------------------------------


def test_matches_appear_for_an_intention_with_reasons_and_its_calendar_link(demo_db) -> None:
    fill_intention(run("ui/zamery.py"))
    at = run("ui/shody.py")
    table = at.dataframe[0].value
    assert table.iloc[0]["Výzva"].startswith("RSK LK rsk-904")
    assert "oprávněný žadatel: obec; oblast: bydlení" in table.iloc[0]["Důvody"]
    assert any("IROP-105: uzávěrka dříve, než bude záměr připraven" in unescaped(w.value) for w in at.warning)
    assert "http://127.0.0.1:8502/calendar.ics?intention=1" in texts(at)
    assert "webcal://127.0.0.1:8502/calendar.ics?intention=1" in texts(at)


def chart_labels(at: AppTest) -> set[str]:
    """The texts the calendar chart writes on itself (its datasets' "Popisek" column)."""
    labels: set[str] = set()
    for dataset in at.get("vega_lite_chart")[0].proto.datasets:
        frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
        labels |= set(frame.get("Popisek", []))
    return labels


def test_the_calendar_marks_today_and_names_each_intentions_start(demo_db) -> None:
    fill_intention(run("ui/zamery.py"))
    assert chart_labels(run("ui/kalendar.py")) == {"dnes 23. 11.", "Sociální bydlení Frýdlant (1. 6.)"}


def test_the_calendar_page_charts_windows_and_gives_the_filtered_feed_url(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_PUBLIC_FEED_URL", "https://vyzvy.rsk-lk.cz")
    at = run("ui/kalendar.py")
    at.multiselect(key="f_areas").set_value(["bydleni"]).run()
    assert len(at.get("vega_lite_chart")) == 1
    shown = texts(at)
    assert "https://vyzvy.rsk-lk.cz/calendar.ics?area=bydleni" in shown
    assert "webcal://vyzvy.rsk-lk.cz/calendar.ics?area=bydleni" in shown


def test_the_sources_page_shows_runs_and_keeps_update_now_for_the_coordinator(demo_db) -> None:
    at = run("ui/zdroje.py")
    assert len(at.dataframe) == 3
    first = at.dataframe[0].value.iloc[0]
    assert (first["Výsledek"], first["Nalezeno"], first["Ukázková data"]) == ("v pořádku", 8, "ano")
    assert first["Přeneseno"] == "22,5 kB"  # a decimal comma
    assert "Akce koordinátora nejsou zapnuté" in texts(at)
    assert not [b for b in at.button if b.label == "Aktualizovat nyní"]


def test_the_sources_page_explains_a_failure_in_czech_with_the_detail_folded_away(demo_db) -> None:
    error = "http://127.0.0.1:9/cs/vyzvy-2021-2027/vyzvy/120vyzvairop: HTTP 503"
    with session_scope() as session:
        session.add(ScrapeRun(source="irop", started_at=datetime(2026, 11, 23, 6, 20, tzinfo=PRAGUE),
                              finished_at=datetime(2026, 11, 23, 6, 21, tzinfo=PRAGUE), outcome="failed", error=error))
    at = run("ui/zdroje.py")
    irop = at.dataframe[1].value
    explained = "Web zdroje hlásil chybu serveru (HTTP 503); zkusí se to znovu při další aktualizaci."
    assert (irop.iloc[0]["Výsledek"], irop.iloc[0]["Příčina selhání"]) == ("selhalo", explained)
    assert "HTTP 503" not in " ".join(irop.columns)
    [folded] = at.expander
    assert folded.label == f"Selhání 23. 11. 2026 6:20: {explained}"
    assert [c.value for c in folded.code] == [error]


def test_the_sources_page_counts_the_pages_a_partial_run_missed_and_lists_them_folded_away(demo_db) -> None:
    missed = ["http://127.0.0.1:9/vyzva-112-opz-plus", "http://127.0.0.1:9/vyzva-115-opz-plus"]
    with session_scope() as session:
        session.add(ScrapeRun(source="opzplus", started_at=datetime(2026, 11, 23, 7, 5, tzinfo=PRAGUE),
                              finished_at=datetime(2026, 11, 23, 7, 6, tzinfo=PRAGUE), outcome="partial",
                              failed_urls=missed))
    at = run("ui/zdroje.py")
    stale, runs = at.dataframe[0].value, at.dataframe[1].value
    assert list(stale["Stránka"]) == missed  # their calls stay as an earlier run read them
    assert (runs.iloc[0]["Výsledek"], runs.iloc[0]["Nenačtené stránky"]) == ("částečně", 2)
    [folded] = at.expander
    assert folded.label == "Běh 23. 11. 2026 7:05 nenačetl 2 stránky"
    assert [c.value for c in folded.code] == ["\n".join(missed)]
    assert "Datum je pevně nastaveno na 23. 11. 2026 (proměnná TRACKER_TODAY)" in texts(at)


CSV_HEADER = "title,organization,ico,applicant_type,areas,budget_czk,cofinancing_pct,start,end\n"


def import_csv(text: str) -> AppTest:
    at = run("ui/zamery.py")
    at.file_uploader(key="import_csv").set_value(("zamery.csv", text.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Importovat").click()
    return at.run()


def test_csv_import_is_all_or_nothing_with_czech_line_errors(demo_db) -> None:
    at = import_csv(CSV_HEADER + "Poradna,Spolek,25755277,nno,dluhy,3000000,0,2027-03-01,2028-12-31\n"
                    "Škola,ZŠ,00831352,skola,vzdelavani,-5,0,2027-01-01,2027-12-31\n")
    assert [unescaped(e.value) for e in at.error] == ["Nic nebylo importováno. Chyby v souboru:",
                                                      "Řádek 3, sloupec budget_czk: Rozpočet nesmí být záporný."]
    assert stored_intentions() == []
    at = import_csv(CSV_HEADER + "Poradna,Spolek,25755277,nno,dluhy,3000000,0,2027-03-01,2028-12-31\n")
    assert [s.value for s in at.success] == ["Importováno záměrů: 1."]
    assert [i.title for i in stored_intentions()] == ["Poradna"]


def test_intentions_export_as_csv_and_xlsx(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Stáhnout CSV", "Stáhnout XLSX"]
