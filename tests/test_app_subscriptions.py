"""The app's page Odběr, the "Odebírat e-mailem" buttons, and "not for us" on Shody (Streamlit's AppTest,
the demo database, a real SMTP server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.conftest import Cli, SetEnv, free_port
from tests.mailserver import MailServer, text_part
from tests.test_app import fill_intention, run, texts
from tracker.storage.db import session_scope
from tracker.storage.models import Dismissal, Subscription


@pytest.fixture
def mail(demo_db, setenv: SetEnv) -> Iterator[MailServer]:
    with MailServer(free_port()) as server:
        setenv("TRACKER_SMTP_URL", server.url)
        yield server


def stored_subscriptions() -> list[Subscription]:
    with session_scope() as session:
        return list(session.exec(select(Subscription)))


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def subscribe(at: AppTest, email: str) -> AppTest:
    at.text_input(key="odber_email").set_value(email)
    return click(at, "Objednat odběr")


def test_the_button_beside_a_feed_url_prefills_odber_and_the_confirmation_is_mailed(mail: MailServer) -> None:
    at = run("ui/vyzvy.py")
    at.multiselect(key="f_areas").set_value(["bydleni"]).run()
    at.multiselect(key="f_types").set_value(["obec"]).run()
    at = click(at, "Odebírat e-mailem")
    assert not at.exception, at.exception
    assert at.title[0].value == "Odběr novinek e-mailem"
    assert at.radio(key="odber_mode").value == "Výzvy podle filtrů"
    assert (at.multiselect(key="f_areas").value, at.multiselect(key="f_types").value) == (["bydleni"], ["obec"])
    assert "Budete dostávat: bydlení, obec" in texts(at)
    at.switch_page("ui/odber.py")  # AppTest reruns the page it was told to run, not the one a button switched to
    at = subscribe(at, "starosta@frydlant.cz")
    assert [s.value for s in at.success] == [
        "Zkontrolujte svou schránku: poslali jsme vám e-mail s odkazem, kterým odběr potvrdíte."]
    [sub] = stored_subscriptions()
    assert (sub.email, sub.filter_query, sub.rhythm, sub.confirmed) == (
        "starosta@frydlant.cz", "applicant_type=obec&area=bydleni", "daily", False)
    [message] = mail.messages
    assert message["To"] == "starosta@frydlant.cz"
    assert f"/subscriptions/confirm?token={sub.confirm_token}" in text_part(message)


def test_a_bad_address_gets_a_czech_error_and_nothing_is_stored(mail: MailServer) -> None:
    at = subscribe(run("ui/odber.py"), "starosta@frydlant")
    assert [e.value for e in at.error] == ["Zadejte platnou e-mailovou adresu, např. starosta@obec.cz."]
    assert stored_subscriptions() == [] and mail.messages == []


def test_without_smtp_the_page_says_so_and_cannot_subscribe(demo_db) -> None:
    at = run("ui/odber.py")
    assert any("Odesílání e-mailů zatím není nastavené" in w.value for w in at.warning)
    assert next(b for b in at.button if b.label == "Objednat odběr").disabled


def test_an_intentions_matches_can_be_subscribed_from_shody(mail: MailServer) -> None:
    fill_intention(run("ui/zamery.py"))
    at = click(run("ui/shody.py"), "Odebírat e-mailem")
    assert at.radio(key="odber_mode").value == "Shody záměru" and at.selectbox(key="odber_intention").value == 1
    assert "Budete dostávat: záměr Sociální bydlení Frýdlant" in texts(at)
    # AppTest keeps running the page it was told to open (Shody), not the one the button switched to.
    at.switch_page("ui/odber.py").run()
    assert at.selectbox(key="odber_intention").value == 1
    at.radio(key="odber_rhythm").set_value("weekly")
    subscribe(at, "starosta@frydlant.cz")
    assert [(s.filter_query, s.rhythm) for s in stored_subscriptions()] == [("intention=1", "weekly")]


def test_the_coordinator_sees_and_removes_every_subscription(mail: MailServer, setenv: SetEnv) -> None:
    cli = Cli()
    cli.json("subscriptions", "add", "--email", "a@obec.cz", "--area", "dluhy", "--confirmed", "--json")
    cli.json("subscriptions", "add", "--email", "b@obec.cz", "--source", "irop", "--every", "weekly", "--json")
    at = run("ui/odber.py")
    assert "Akce koordinátora nejsou zapnuté" in texts(at) and not at.dataframe
    setenv("TRACKER_ADMIN_PASSWORD", "tajne-heslo")
    at = run("ui/odber.py")
    at.text_input(key="pw_odber").set_value("tajne-heslo").run()
    table = at.dataframe[0].value
    assert list(table["E-mail"]) == ["a@obec.cz", "b@obec.cz"]
    assert list(table["Filtr"]) == ["dluhy", "IROP"] and list(table["Potvrzeno"]) == ["ano", "čeká"]
    assert list(table["Jak často"]) == ["denně", "týdně (v pondělí)"]
    at.selectbox(key="odber_remove").set_value(2).run()
    at = click(at, "Zrušit vybraný odběr")
    assert "Odběr č. 2 (b@obec.cz) je zrušený." in [s.value for s in at.success]
    assert [s.email for s in stored_subscriptions()] == ["a@obec.cz"]


def test_not_for_us_on_shody_hides_the_call_lists_it_under_skryte_and_restores_it(demo_db) -> None:
    fill_intention(run("ui/zamery.py"))
    at = run("ui/shody.py")
    codes = list(at.dataframe[0].value["Výzva"])
    assert codes[0].startswith("RSK LK rsk-904")
    at = click(at, "Skrýt výzvu pro tento záměr")  # nothing is chosen for the user
    assert [e.value for e in at.error] == ["Vyberte výzvu i důvod, proč se nehodí."]
    at.selectbox(key="dismiss_call").set_value("rsk:rsk-904")
    at.selectbox(key="dismiss_reason").set_value("jine")
    at = click(at, "Skrýt výzvu pro tento záměr")
    assert [e.value for e in at.error] == ["U jiného důvodu napište, proč se výzva nehodí."]
    at.selectbox(key="dismiss_reason").set_value("mala-alokace")
    at.text_input(key="dismiss_note").set_value("limit 2 mil. Kč nestačí")
    at = click(at, "Skrýt výzvu pro tento záměr")
    assert not at.exception, at.exception
    assert "Výzva rsk-904 je pro tento záměr skrytá." in [s.value for s in at.success]
    assert not any(v.startswith("RSK LK rsk-904") for v in at.dataframe[0].value["Výzva"])
    assert "Skryté (1)" in [h.value for h in at.subheader]
    assert "Důvod: alokace nebo limit na projekt jsou příliš malé – limit 2 mil. Kč nestačí" in texts(at)
    with session_scope() as session:
        [row] = session.exec(select(Dismissal)).all()
        assert (row.reason, row.note) == ("mala-alokace", "limit 2 mil. Kč nestačí")
    at = click(at, "Obnovit")
    assert "Výzva rsk-904 je zase mezi shodami." in [s.value for s in at.success]
    assert at.dataframe[0].value.iloc[0]["Výzva"].startswith("RSK LK rsk-904")
    assert "Skryté (0)" in [h.value for h in at.subheader]
