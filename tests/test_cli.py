"""The `tracker` command-line contract: JSON shapes, filters, exit codes, all-or-nothing import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import Cli, SetEnv

MOBILE_TEAM = ["intentions", "add", "--json", "--title", "Krajský mobilní tým", "--organization", "Liberecký kraj",
               "--ico", "70891508", "--applicant-type", "kraj", "--area", "socialni-sluzby", "--budget", "21174960",
               "--cofinancing", "10", "--start", "2023-01-01", "--end", "2025-12-31", "--program", "OPZ+",
               "--partner", "TUL", "--partner", "síť MAS", "--partner", "Statutární město Liberec"]
CSV_HEADER = "title,organization,ico,applicant_type,areas,budget_czk,cofinancing_pct,start,end,description,program\n"


def test_classify_one_text_as_json(cli: Cli) -> None:
    assert cli.json("classify", "--json", "obce a NNO – sociální bydlení") == {
        "applicant_types": ["obec", "nno"], "areas": ["bydleni"],
        "evidence": {"applicant_types": {"obec": "obce a NNO", "nno": "obce a NNO"},
                     "areas": {"bydleni": "sociální bydlení"}}}


def test_classify_names_the_phrase_behind_each_code(cli: Cli) -> None:
    result = cli.json("classify", "--json", "Oprávnění žadatelé: kraje (kromě hl. m. Prahy), obce a jimi zřizované "
                      "organizace; realizátorem může být i NNO")
    assert result["applicant_types"] == ["obec", "kraj", "prispevkova-organizace"]
    assert result["evidence"]["applicant_types"] == {
        "obec": "obce a jimi zřizované organizace", "kraj": "kraje",
        "prispevkova-organizace": "obce a jimi zřizované organizace"}
    plain = cli("classify", "obce a jimi zřizované organizace")
    assert "  obec ← „obce a jimi zřizované organizace“" in plain.stdout.splitlines()


def test_classify_reads_one_text_per_line_from_stdin(cli: Cli) -> None:
    result = cli("classify", "--json", "-", input="obce\norganizace zřizované obcemi\n\n")
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"applicant_types": ["obec"], "areas": [], "evidence": {"applicant_types": {"obec": "obce"}, "areas": {}}},
        {"applicant_types": ["prispevkova-organizace"], "areas": [],
         "evidence": {"applicant_types": {"prispevkova-organizace": "organizace zřizované obcemi"}, "areas": {}}},
        {"applicant_types": [], "areas": [], "evidence": {"applicant_types": {}, "areas": {}}},
    ]


def test_add_prints_the_stored_intention_and_list_shows_it(cli: Cli) -> None:
    added = cli.json(*MOBILE_TEAM)
    assert added["id"] == 1 and added["budget_czk"] == 21_174_960 and added["stage"] == "zamer"
    assert added["partners"] == ["TUL", "síť MAS", "Statutární město Liberec"]
    assert [i["title"] for i in cli.json("intentions", "list", "--json")] == ["Krajský mobilní tým"]


def test_bad_input_exits_2_names_the_option_and_writes_nothing(cli: Cli) -> None:
    bad = [a if a != "70891508" else "70891507" for a in MOBILE_TEAM if a != "--json"]
    bad[bad.index("21174960")] = "1e1000"
    result = cli(*bad)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "error: --ico: 70891507 fails the IČO checksum" in result.stderr
    assert "error: --budget: " in result.stderr and "budget_czk" not in result.stderr
    assert cli.json("intentions", "list", "--json") == []


def test_json_commands_report_errors_as_json(cli: Cli) -> None:
    bad = [a if a != "70891508" else "70891507" for a in MOBILE_TEAM]
    result = cli(*bad)
    assert result.exit_code == 2 and result.stderr == ""
    error = json.loads(result.stdout)["error"]
    assert error["problems"] == [{"field": "--ico", "line": None, "message": "70891507 fails the IČO checksum",
                                  "message_cs": "IČO 70891507 nemá platný kontrolní součet."}]


def test_the_same_intention_added_twice_is_stored_with_a_warning(cli: Cli) -> None:
    first = cli(*MOBILE_TEAM)
    assert first.exit_code == 0 and "warning" not in first.stderr
    second = cli(*MOBILE_TEAM)
    assert second.exit_code == 0 and second.stderr == "warning: intention 1 has the same title and IČO\n"
    assert json.loads(second.stdout)["id"] == 2


def test_an_argument_is_named_as_the_user_typed_it(cli: Cli, tmp_path) -> None:
    cli.json(*MOBILE_TEAM)
    stage = cli("intentions", "stage", "1", "hotovo")
    assert stage.exit_code == 2 and stage.stderr.startswith("error: STAGE: ")
    written = cli("ical", "--out", str(tmp_path / "missing" / "x.ics"))
    assert written.exit_code == 2 and written.stderr.startswith("error: --out: cannot write ")


def test_unknown_filter_value_is_bad_input(cli: Cli) -> None:
    result = cli("calls", "--area", "vesmir")
    assert result.exit_code == 2 and "error: --area: unknown area 'vesmir'; use one of: " in result.stderr
    as_json = cli("calls", "--json", "--area", "vesmir", "--applicant-type", "obec")
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["problems"][0]["field"] == "--area"
    assert cli("changes", "--since", "yesterday").exit_code == 2


def test_csv_import_is_all_or_nothing_with_line_numbers(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "zamery.csv"
    path.write_text(CSV_HEADER
                    + "Sociální byty,Obec Hodkovice,00262978,obec,bydleni,5000000,15,2027-01-01,2028-12-31,,IROP\n"
                    + "Dluhová poradna,Spolek X,70891507,nno,dluhy,800000,0,2027-01-01,2027-12-31,,OPZ+\n"
                    + "Škola,ZŠ Y,70891508,skola,vzdelavani,-5,0,2027-01-01,2027-12-31,,\n", encoding="utf-8")
    result = cli("intentions", "import", str(path))
    assert result.exit_code == 2
    assert "line 3: ico" in result.stderr and "line 4: budget_czk" in result.stderr
    assert cli.json("intentions", "list", "--json") == []


def test_csv_import_then_export_round_trips_csv_and_xlsx(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "zamery.csv"
    path.write_text(CSV_HEADER.replace(",", ";")
                    + "Sociální byty;Obec Hodkovice;00262978;obec;bydleni;5000000;15;2027-01-01;2028-12-31;;IROP\n",
                    encoding="utf-8-sig")
    assert cli("intentions", "import", str(path)).exit_code == 0
    out_csv, out_xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    assert cli("intentions", "export", str(out_csv)).exit_code == 0
    assert cli("intentions", "export", str(out_xlsx)).exit_code == 0
    cli("intentions", "import", str(out_csv))
    titles = [i["title"] for i in cli.json("intentions", "list", "--json")]
    assert titles == ["Sociální byty", "Sociální byty"]
    sheet = load_workbook(out_xlsx).active
    assert [c.value for c in sheet[2]][:3] == ["Sociální byty", "Obec Hodkovice", "00262978"]
    assert cli("intentions", "export", str(tmp_path / "out.pdf")).exit_code == 2


def test_bad_today_setting_is_a_clear_error(cli: Cli, setenv: SetEnv) -> None:
    setenv("TRACKER_TODAY", "23. 11. 2026")
    result = cli("calls")
    assert result.exit_code == 2 and "TRACKER_TODAY must be YYYY-MM-DD" in result.stderr


def test_export_writes_calls_and_intentions_as_csv_and_xlsx(demo_cli: Cli, tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    result = demo_cli("export", "calls", str(tmp_path / "vyzvy.csv"))
    assert result.exit_code == 0 and result.stdout.startswith("exported 19 calls")
    rows = list(csv.DictReader((tmp_path / "vyzvy.csv").read_text(encoding="utf-8-sig").splitlines()))
    debt = next(r for r in rows if r["external_id"] == "03_25_095")
    assert (debt["closes_at"], debt["areas"], debt["allocation_czk"]) == (
        "2026-12-17T14:00:00+01:00", "dluhy;socialni-sluzby", "120000000")
    assert demo_cli("export", "intentions", str(tmp_path / "zamery.xlsx")).exit_code == 0
    assert load_workbook(tmp_path / "zamery.xlsx").active.title == "Záměry"
    bad = demo_cli("export", "vyzvy", str(tmp_path / "x.csv"))
    assert bad.exit_code == 2 and "use calls or intentions" in bad.stderr


def test_backup_copies_the_database_while_it_is_open(demo_cli: Cli, tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "backups" / "tracker.db"
    result = demo_cli("backup", str(target))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM call").fetchone() == (19,)
    again = demo_cli("backup", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr


def test_backup_of_postgresql_gives_the_pg_dump_advice(cli: Cli, setenv: SetEnv) -> None:
    setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://tracker@127.0.0.1:5999/vyzvy")
    result = cli("backup", "/tmp/never-written.dump")
    assert result.exit_code == 2 and "pg_dump" in result.stderr


def test_the_cli_starts_without_loading_matching_and_numpy() -> None:
    """Every command imports the CLI; only the commands that match pay for numpy (about 0.1 s)."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, tracker.cli; print(sorted({'numpy', 'tracker.intentions.matching'} & "
                               "set(sys.modules)))"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
