"""Every page of the Streamlit app, run by Streamlit's own test runner against the demo database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.conftest import SetEnv
from tracker.clock import PRAGUE
from tracker.settings import PROJECT_ROOT
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CallChange, Intention

APP = str(PROJECT_ROOT / "app.py")
VALID = {
    "i_title": "Sociální bydlení Frýdlant", "i_org": "Město Frýdlant", "i_ico": "00262781",
    "i_budget": "30 000 000", "i_cofin": "10", "i_contact": "starosta@frydlant.cz",
}


def run(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "text", "warning", "error", "success", "info", "code")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def codes(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["Kód"])


def fill_intention(at: AppTest, **overrides: object) -> AppTest:
    values: dict[str, object] = {**VALID, "i_type": "obec", "i_areas": ["bydleni"],
                                 "i_start": date(2027, 6, 1), "i_end": date(2029, 6, 30), **overrides}
    for key, value in values.items():
        if key in ("i_type",):
            at.selectbox(key=key).set_value(value)
        elif key in ("i_areas", "i_programmes"):
            at.multiselect(key=key).set_value(value)
        elif key in ("i_start", "i_end"):
            at.date_input(key=key).set_value(value)
        else:
            at.text_input(key=key).set_value(value)
    next(b for b in at.button if b.label == "Uložit záměr").click()
    return at.run()


def stored_intentions() -> list[Intention]:
    with session_scope() as session:
        return list(session.exec(select(Intention)))


# --- Výzvy ----------------------------------------------------------------------------------------


def test_the_main_page_lists_open_and_planned_calls_by_default(demo_db) -> None:
    at = run()
    assert "Nalezeno výzev: 14" in texts(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Zdroj", "Kód", "Název", "Stav", "Uzávěrka", "Zbývá", "Alokace", "Oblasti"]
    debt = table[table["Kód"] == "03_25_095"].iloc[0]
    assert (debt["Uzávěrka"], debt["Zbývá"], debt["Alokace"]) == ("17. 12. 2026 14:00", "zbývá 24 dní",
                                                                  "120 000 000 Kč")
    assert debt["Stav"] == "otevřená"
    assert table[table["Kód"] == "IROP-105"].iloc[0]["Alokace"] == "1 798 341 944 Kč"


def test_filters_find_the_calls_open_to_a_municipality_in_housing(demo_db) -> None:
    at = run()
    at.multiselect(key="f_areas").set_value(["bydleni"]).run()
    at.multiselect(key="f_types").set_value(["obec"]).run()
    assert codes(at) == {"IROP-105", "rsk-902", "rsk-904", "03_26_112", "IROP-127"}
    assert "http://127.0.0.1:8502/calendar.ics?applicant_type=obec&area=bydleni" in [c.value for c in at.code]
    at.multiselect(key="f_states").set_value(["open"]).run()
    assert codes(at) == {"IROP-105", "rsk-902"}
    assert "applicant_type=obec&area=bydleni&state=open" in texts(at)


def test_search_ignores_case_and_diacritics_and_states_reach_closed_calls(demo_db) -> None:
    at = run()
    at.text_input(key="f_text").set_value("DLUHOVE PORADENSTVI").run()
    assert codes(at) == {"03_25_095"}
    at.text_input(key="f_text").set_value("").run()
    at.multiselect(key="f_states").set_value(["closed", "cancelled"]).run()
    assert codes(at) == {"rsk-905", "03_24_060", "IROP-98", "03_26_115", "IROP-111"}


def test_the_main_page_says_the_data_are_bundled_samples(demo_db) -> None:
    warnings = " ".join(w.value for w in run().warning)
    assert "Ukázková data: výzvy zdrojů OPZ+, IROP, RSK LK pocházejí z ukázkových stránek" in warnings
    assert "OPZ+: aktualizováno právě teď" in texts(run())


def test_a_call_detail_shows_dates_applicants_and_change_history(demo_db) -> None:
    with session_scope() as session:
        call = session.exec(select(Call).where(Call.external_id == "03_25_095")).one()
        session.add(CallChange(call_id=call.id, field="closes", old_value="2026-12-17T14:00:00+01:00",
                               new_value="2027-06-30T14:00:00+02:00",
                               detected_at=datetime(2026, 11, 20, 9, tzinfo=PRAGUE)))
    at = run()
    detail = at.selectbox(key="detail")
    detail.select_index(next(i for i, row in enumerate(detail.options) if "03_25_095" in row)).run()
    shown = texts(at)
    assert "uzávěrka posunuta z 17. 12. 2026 14:00 na 30. 6. 2027 14:00" in shown
    assert "**Uzávěrka:** 17\\. 12\\. 2026 14\\:00 (přesný čas)" in shown
    assert "Rozpoznané typy žadatelů:** obec, nestátní nezisková organizace, příspěvková organizace" in shown
    assert "Oblasti:** dluhy, sociální služby" in shown
    assert "Podle čeho:" in shown and "obec ← „" in shown  # the phrase behind each code, escaped


def test_the_coordinator_corrects_a_calls_codes_in_its_detail(demo_db, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = run()
    detail = at.selectbox(key="detail")
    detail.select_index(next(i for i, row in enumerate(detail.options) if "03_25_095" in row)).run()
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
    at = run()
    detail = at.selectbox(key="detail")
    detail.select_index(next(i for i, row in enumerate(detail.options) if "03_25_095" in row)).run()
    shown = texts(at)
    assert "Rozpoznané typy žadatelů:** kraj (upraveno ručně)" in shown
    assert "kraj ← upraveno ručně" in shown and "typy žadatelů (upraveno ručně) změněn(o)" in shown


# --- Záměry ---------------------------------------------------------------------------------------


def test_the_form_saves_a_valid_intention_and_lists_it(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    assert [s.value for s in at.success] == [
        "Záměr č. 1 „Sociální bydlení Frýdlant“ byl uložen. Jeho shody najdete na stránce Shody."]
    [stored] = stored_intentions()
    assert (stored.budget_czk, stored.cofinancing_pct, stored.areas) == (30_000_000, 10.0, ["bydleni"])
    assert "Sociální bydlení Frýdlant" in set(at.dataframe[0].value["Název"])


@pytest.mark.parametrize(("overrides", "message"), [
    ({"i_title": ""}, "Název: Vyplňte název záměru."),
    ({"i_ico": "12345678"}, "IČO: IČO 12345678 nemá platný kontrolní součet."),
    ({"i_ico": "123"}, "IČO: IČO musí mít 8 číslic."),
    ({"i_budget": "hodně"}, "Rozpočet: Rozpočet musí být číslo v Kč (nejvýše 1 000 000 000 000 Kč)."),
    ({"i_budget": "1e1000000"}, "Rozpočet: Rozpočet musí být číslo v Kč (nejvýše 1 000 000 000 000 Kč)."),
    ({"i_budget": "1e13"}, "Rozpočet: Rozpočet může být nejvýše 1 000 000 000 000 Kč."),
    ({"i_cofin": "150"}, "Spolufinancování: Spolufinancování musí být mezi 0 a 100 %."),
    ({"i_areas": []}, "Oblasti: Vyberte alespoň jednu oblast."),
    ({"i_end": date(2027, 1, 1)}, "Ukončení: Ukončení nesmí být před zahájením."),
    ({"i_contact": "starosta@"}, "Kontakt: Zadejte platnou e-mailovou adresu."),
])
def test_the_form_refuses_bad_input_with_its_czech_message_and_saves_nothing(demo_db, overrides, message) -> None:
    at = fill_intention(run("ui/zamery.py"), **overrides)
    errors = [e.value for e in at.error]
    assert errors[0] == "Záměr nebyl uložen. Opravte prosím:"
    assert message in errors
    assert stored_intentions() == []


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


# --- Shody, Kalendář, Zdroje ------------------------------------------------------------------------


def test_matches_appear_for_an_intention_with_reasons_and_its_calendar_link(demo_db) -> None:
    fill_intention(run("ui/zamery.py"))
    at = run("ui/shody.py")
    table = at.dataframe[0].value
    assert table.iloc[0]["Výzva"].startswith("RSK LK rsk-904")
    assert "oprávněný žadatel: obec; oblast: bydlení" in table.iloc[0]["Důvody"]
    assert any("IROP-105: uzávěrka dříve, než bude záměr připraven" in w.value for w in at.warning)
    assert "http://127.0.0.1:8502/calendar.ics?intention=1" in texts(at)
    assert "webcal://127.0.0.1:8502/calendar.ics?intention=1" in texts(at)


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
    assert "Akce koordinátora nejsou zapnuté" in texts(at)
    assert not [b for b in at.button if b.label == "Aktualizovat nyní"]


CSV_HEADER = "title,organization,ico,applicant_type,areas,budget_czk,cofinancing_pct,start,end\n"


def import_csv(text: str) -> AppTest:
    at = run("ui/zamery.py")
    at.file_uploader(key="import_csv").set_value(("zamery.csv", text.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Importovat").click()
    return at.run()


def test_csv_import_is_all_or_nothing_with_czech_line_errors(demo_db) -> None:
    at = import_csv(CSV_HEADER + "Poradna,Spolek,25755277,nno,dluhy,3000000,0,2027-03-01,2028-12-31\n"
                    "Škola,ZŠ,00831352,skola,vzdelavani,-5,0,2027-01-01,2027-12-31\n")
    assert [e.value for e in at.error] == ["Nic nebylo importováno. Chyby v souboru:",
                                           "Řádek 3: Rozpočet: Rozpočet nesmí být záporný."]
    assert stored_intentions() == []
    at = import_csv(CSV_HEADER + "Poradna,Spolek,25755277,nno,dluhy,3000000,0,2027-03-01,2028-12-31\n")
    assert [s.value for s in at.success] == ["Importováno záměrů: 1."]
    assert [i.title for i in stored_intentions()] == ["Poradna"]


def test_intentions_export_as_csv_and_xlsx(demo_db) -> None:
    at = fill_intention(run("ui/zamery.py"))
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Stáhnout CSV", "Stáhnout XLSX"]
