"""Defaults and exposure (issue "Nothing a flaky site or a stranger does can freeze, fool, stall or leak
the tracker", section 4): what the tracker shows, to whom, and where it listens by default."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.conftest import Cli, SetEnv, free_port, wait_until_up
from tracker.intentions.store import export_bytes, list_intentions
from tracker.settings import PROJECT_ROOT
from tracker.storage.db import session_scope
from tracker.storage.models import Intention

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "správné-heslo-koordinátora"
INTENTION = ["intentions", "add", "--title", "Sociální bydlení Frýdlant", "--organization", "Město Frýdlant",
             "--ico", "00262781", "--applicant-type", "obec", "--area", "bydleni", "--budget", "30000000",
             "--start", "2027-06-01", "--end", "2029-06-30", "--contact", "starosta@frydlant.cz"]


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page(name).run()
    assert not at.exception, at.exception
    return at


def shown(elements) -> list[str]:  # noqa: ANN001
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in elements]


# --- where the app listens ------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]  # little-endian 32-bit words
                found.add(".".join(map(str, words[0])) if len(raw) == 4 else b"".join(words).hex())
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_streamlit_run_app_py_listens_on_loopback_only(db: Path) -> None:
    """`streamlit run app.py` as the README says it (from the checkout, no address given)."""
    port = free_port()
    log = (db / "streamlit.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                               cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", process, (db / "streamlit.log").read_text)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


# --- the coordinator's password -------------------------------------------------------------------


def try_password(at: AppTest, password: str) -> AppTest:
    at.text_input(key="pw_zamery").set_value(password).run()
    assert not at.exception, at.exception
    return at


def test_wrong_passwords_lock_sign_in_even_for_the_right_one_and_are_logged(
        db: Path, setenv: SetEnv, caplog: pytest.LogCaptureFixture) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", PASSWORD)
    setenv("TRACKER_ADMIN_MAX_FAILURES", "3")
    Cli()(*INTENTION)
    at = page("ui/zamery.py")
    with caplog.at_level(logging.WARNING, logger="tracker.auth"):
        for guess in ("heslo", "admin", "123456"):  # this session waits 0, 1 and 2 s before them
            try_password(at, guess)
            assert "Nesprávné heslo koordinátora." in shown(at.error) or "Příliš mnoho" in " ".join(shown(at.error))
        try_password(at, PASSWORD)
        assert shown(at.error) == ["Příliš mnoho nesprávných pokusů o heslo koordinátora. Přihlášení je zablokováno "
                                   "ještě 15 min."]
        assert not [b for b in at.button if b.label == "Změnit fázi"]
        # another session (another browser, a script) is locked out as well
        other = try_password(page("ui/zamery.py"), PASSWORD)
        assert "Příliš mnoho" in shown(other.error)[0] and not [b for b in other.button if b.label == "Změnit fázi"]
    failures = [r.getMessage() for r in caplog.records if r.name == "tracker.auth"]
    assert failures[:3] == [f"wrong coordinator password ({n} failure(s) within 15 min)" for n in (1, 2, 3)]
    assert "coordinator sign-in locked for 15 min after 3 wrong passwords" in failures
    assert sum("refused: locked out" in f for f in failures) == 2
    assert not any(PASSWORD in f or "123456" in f for f in failures)


def test_the_right_password_signs_in_and_a_wrong_one_is_checked_once(db: Path, setenv: SetEnv,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", PASSWORD + "-2")
    Cli()(*INTENTION)
    at = page("ui/zamery.py")
    with caplog.at_level(logging.WARNING, logger="tracker.auth"):
        try_password(at, "spatne")
        at.run()  # any later rerun (another widget) does not count the same wrong password again
        at.run()
    assert [r.getMessage() for r in caplog.records if r.name == "tracker.auth"] == [
        "wrong coordinator password (1 failure(s) within 15 min)"]
    try_password(at, PASSWORD + "-2")
    assert [b for b in at.button if b.label == "Změnit fázi"]


# --- no traceback reaches the browser ---------------------------------------------------------------


def test_an_unexpected_error_shows_a_czech_message_and_logs_the_details(
        db: Path, setenv: SetEnv, caplog: pytest.LogCaptureFixture) -> None:
    broken = db / "poskozena.db"
    broken.write_bytes(b"this is not a SQLite database, but a file damaged by a full disk" * 100)
    setenv("TRACKER_DATABASE_URL", f"sqlite:///{broken}")
    with caplog.at_level(logging.ERROR, logger="tracker.app"):
        at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert shown(at.error) == ["Něco se pokazilo a stránku se nepodařilo zobrazit. Podrobnosti chyby jsou zapsány "
                               "v logu aplikace; zkuste to prosím znovu, a pokud se chyba opakuje, obraťte se na "
                               "správce."]
    [record] = [r for r in caplog.records if r.name == "tracker.app"]
    assert record.exc_info and "file is not a database" in str(record.exc_info[1])


def test_the_app_is_configured_to_show_no_error_details() -> None:
    result = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert re.search(r'^showErrorDetails = "none"$', result.stdout, re.MULTILINE), result.stdout[-2000:]
    assert 'st.set_option("client.showErrorDetails", "none")' in Path(APP).read_text(encoding="utf-8")


# --- tracker init never prints the database password ------------------------------------------------


def test_init_prints_the_database_url_without_its_password(environment: Path, request: pytest.FixtureRequest,
                                                           setenv: SetEnv) -> None:
    pg = request.getfixturevalue("pg_server")
    url = pg.create_database("init_password").replace("postgres@", "postgres:tajne-heslo-db@")
    setenv("TRACKER_DATABASE_URL", url)
    result = Cli()("init")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"database ready: {url.replace('tajne-heslo-db', '***')}\n"
    assert "tajne-heslo-db" not in result.output


def test_init_that_cannot_connect_does_not_print_the_password(environment: Path, setenv: SetEnv) -> None:
    setenv("TRACKER_DATABASE_URL", f"postgresql+psycopg://tracker:tajne-heslo-db@127.0.0.1:{free_port()}/vyzvy")
    result = Cli()("init")
    assert result.exit_code == 1 and "error: OperationalError" in result.stderr
    assert "tajne-heslo-db" not in result.output


# --- files only their owner can read ------------------------------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_backups_and_exports_are_readable_by_their_owner_only(environment: Path, setenv: SetEnv,
                                                                       tmp_path: Path) -> None:
    database = tmp_path / "private" / "tracker.db"
    setenv("TRACKER_DATABASE_URL", f"sqlite:///{database}")
    cli = Cli()
    with umask(0o022):  # the usual umask: 0644 files
        assert cli("init").exit_code == 0
        cli.json(*INTENTION, "--json")  # the engine keeps its connections open: -wal and -shm exist now
        for name in ("tracker.db", "tracker.db-wal", "tracker.db-shm"):
            assert mode(database.with_name(name)) == 0o600, name
        outputs = [tmp_path / "zaloha.db", tmp_path / "zamery.csv", tmp_path / "vyzvy.xlsx", tmp_path / "vyzvy.ics"]
        (tmp_path / "zamery.csv").write_text("stará verze", encoding="utf-8")  # an existing file is replaced
        os.chmod(tmp_path / "zamery.csv", 0o644)
        assert cli("backup", str(outputs[0])).exit_code == 0
        assert cli("intentions", "export", str(outputs[1])).exit_code == 0
        assert cli("export", "calls", str(outputs[2])).exit_code == 0
        assert cli("ical", "--out", str(outputs[3])).exit_code == 0
    assert {path.name: mode(path) for path in outputs} == {path.name: 0o600 for path in outputs}
    with sqlite3.connect(outputs[0]) as copy:
        assert copy.execute("SELECT title FROM intention").fetchall() == [("Sociální bydlení Frýdlant",)]
    assert "starosta@frydlant.cz" in outputs[1].read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob(".*partial"))


# --- contacts only for the coordinator --------------------------------------------------------------


def test_anonymous_exports_leave_out_ico_and_e_mail() -> None:
    intention = Intention(title="Byty", organization="Obec", ico="00262781", applicant_type="obec", areas=["bydleni"],
                          budget_czk=1, cofinancing_pct=0, start_date=date(2027, 1, 1), end_date=date(2027, 12, 31),
                          contact_email="starosta@frydlant.cz")
    anonymous = export_bytes([intention], "csv", with_contacts=False).decode("utf-8-sig")
    assert "00262781" not in anonymous and "starosta@" not in anonymous
    assert next(csv.reader(io.StringIO(anonymous))) == [
        "title", "organization", "applicant_type", "areas", "budget_czk", "cofinancing_pct", "start", "end",
        "description", "program", "partners", "stage"]
    sheet = load_workbook(io.BytesIO(export_bytes([intention], "xlsx", with_contacts=False))).active
    assert "00262781" not in {str(c.value) for row in sheet.iter_rows() for c in row}
    full = export_bytes([intention], "csv", with_contacts=True).decode("utf-8-sig")
    assert "00262781" in full and "starosta@frydlant.cz" in full


def test_the_zamery_page_exports_contacts_only_after_the_coordinators_password(db: Path, setenv: SetEnv) -> None:
    setenv("TRACKER_ADMIN_PASSWORD", PASSWORD + "-3")
    Cli()(*INTENTION)
    note = "Kontakty (IČO a e-mail) obsahuje export jen pro koordinátora."
    at = page("ui/zamery.py")
    assert note in shown(at.caption)
    assert [b.label for b in at.get("download_button")] == ["Stáhnout CSV", "Stáhnout XLSX"]
    try_password(at, PASSWORD + "-3")
    assert note not in shown(at.caption)
    with session_scope() as session:
        assert [i.contact_email for i in list_intentions(session)] == ["starosta@frydlant.cz"]


# --- a CSV with a duplicated column -------------------------------------------------------------------

DUPLICATED = ("title,organization,ico,applicant_type,areas,budget_czk,cofinancing_pct,start,end,budget_czk\n"
              "Byty,Obec Hodkovice,00262978,obec,bydleni,5000000,15,2027-01-01,2028-12-31,5\n")


def test_the_cli_refuses_a_csv_with_a_duplicated_column_naming_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "zamery.csv"
    path.write_text(DUPLICATED, encoding="utf-8")
    result = cli("intentions", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: line 1: file: column(s) 'budget_czk' appear more than once in "
                                          "the header", "error: nothing was imported"]
    assert cli.json("intentions", "list", "--json") == []


def test_the_app_refuses_a_csv_with_a_duplicated_column_in_czech(db: Path) -> None:
    at = page("ui/zamery.py")
    at.file_uploader(key="import_csv").set_value(("zamery.csv", DUPLICATED.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Importovat").click()
    at.run()
    assert shown(at.error) == ["Nic nebylo importováno. Chyby v souboru:",
                               "Řádek 1: Sloupec „budget_czk“ je v záhlaví vícekrát."]
    with session_scope() as session:
        assert list(session.exec(select(Intention))) == []
