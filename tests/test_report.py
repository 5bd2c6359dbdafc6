"""The region's report: white spots, demand against allocation, schedule slips and the pipeline funnel.

The numbers are pinned on the seeds' intentions (the working group's minutes) plus three more, the
crawled sample calls and a short history of moved dates; `tracker report --json`, `--xlsx` (read back
with openpyxl) and the app's Přehled page must say the same.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.conftest import SAMPLES, SEEDS, Cli, add_seed
from tracker.clock import PRAGUE
from tracker.exports import CZK_FORMAT, DATE_FORMAT, DATETIME_FORMAT
from tracker.intentions.report import add_months, slip_days, white_spot_reason
from tracker.intentions.report_sheets import cell_text, report_sheets
from tracker.settings import PROJECT_ROOT
from tracker.sources.crawling import run_crawl
from tracker.sources.sample_site import SampleServer
from tracker.storage.db import session_scope
from tracker.storage.models import Call, CallChange, Intention
from tracker.text.czech import DateValue, Precision

# Three more intentions from the minutes: one whose only call closes before it is ready, one in an
# area no call covers, and one whose only call opens late in the year.
MORE = {
    "cyber": [
        "--title", "Kybernetická bezpečnost úřadu", "--organization", "Obec Hodkovice", "--ico", "00262404",
        "--applicant-type", "obec", "--area", "verejna-sprava", "--budget", "2 500 000", "--start", "2027-02-01",
        "--end", "2027-12-31",
    ],
    "cycle_path": [
        "--title", "Cyklostezka Odra–Nisa", "--organization", "Město Chrastava", "--ico", "00262871",
        "--applicant-type", "obec", "--area", "doprava", "--budget", "18000000", "--start", "2027-04-01",
        "--end", "2028-10-31", "--program", "IROP", "--stage", "priprava",
    ],
    "kindergarten": [
        "--title", "Mateřská škola svazku", "--organization", "Svazek obcí Podještědí", "--ico", "70947996",
        "--applicant-type", "dso", "--area", "vzdelavani", "--budget", "9000000", "--start", "2027-09-01",
        "--end", "2028-08-31", "--stage", "priprava",
    ],
}
# What the change history would hold after a year of crawls: one deadline extension per
# programme and plans (harmonogram months) that slipped.
HISTORY = [
    ("IROP-105", "closes", "2026-06-02T14:00:00+02:00", "2026-12-02T14:00:00+01:00", date(2026, 5, 28)),
    ("IROP-126", "opens", "2026-10", "2027-01-15T08:00:00+01:00", date(2026, 9, 15)),
    ("IROP-127", "opens", "2026-12", "2027-03", date(2026, 10, 1)),
    ("IROP-127", "closes", "2027-06", "2027-09", date(2026, 10, 1)),
    ("03_26_112", "opens", "2026-09", "2026-12-01T08:00:00+01:00", date(2026, 8, 20)),
    ("03_25_095", "closes", "2026-11-30T14:00:00+01:00", "2026-12-17T14:00:00+01:00", date(2026, 11, 10)),
]


def add_history() -> None:
    with session_scope() as session:
        for external_id, field, old, new, day in HISTORY:
            call = session.exec(select(Call).where(Call.external_id == external_id)).one()
            session.add(CallChange(call_id=call.id, field=field, old_value=old, new_value=new,
                                   detected_at=datetime(day.year, day.month, day.day, 9, tzinfo=PRAGUE)))


@pytest.fixture
def region(demo_cli: Cli) -> Cli:
    """Seven intentions (ids 1–4 the seeds, 5–7 :data:`MORE`), the mobile team submitted to the OPZ+
    mobile-team call, and the history of moved dates."""
    for seed in SEEDS:
        add_seed(demo_cli, seed)
    for options in MORE.values():
        demo_cli.json("intentions", "add", *options, "--json")
    demo_cli.json("intentions", "stage", "1", "podano", "--call", "opzplus:03_26_108", "--json")
    add_history()
    return demo_cli


def by_ref(report: dict) -> dict[str, dict]:
    return {f"{r['call']['source']}:{r['call']['external_id']}": r for r in report["demand"]}


# --- the numbers ------------------------------------------------------------------------------


def test_white_spots_are_the_intentions_no_call_helps_each_with_why(region: Cli) -> None:
    report = region.json("report", "--json")
    assert (report["today"], report["months"], report["horizon"]) == ("2026-11-23", 12, "2027-11-23")
    assert [(s["intention_id"], s["reason"], s["calls"]) for s in report["white_spots"]] == [
        (5, "jediná vhodná výzva končí před připraveností záměru", ["irop:IROP-120"]),
        (6, "žádná výzva pro oblast doprava a žadatele obec", []),
    ]
    spot = report["white_spots"][1]
    assert {k: spot[k] for k in ("title", "organization", "applicant_type", "areas", "budget_czk", "stage")} == {
        "title": "Cyklostezka Odra–Nisa", "organization": "Město Chrastava", "applicant_type": "obec",
        "areas": ["doprava"], "budget_czk": 18_000_000, "stage": "priprava"}
    assert report["white_spots_by_area"] == {"doprava": {"count": 1, "budget_czk": 18_000_000},
                                             "verejna-sprava": {"count": 1, "budget_czk": 2_500_000}}
    assert report["white_spots_by_applicant_type"] == {"obec": {"count": 2, "budget_czk": 20_500_000}}
    assert report["white_spots_by_programme"] == {"IROP": {"count": 1, "budget_czk": 18_000_000},
                                                  "neurčeno": {"count": 1, "budget_czk": 2_500_000}}


def test_a_shorter_horizon_makes_a_late_call_a_white_spot(region: Cli) -> None:
    report = region.json("report", "--json", "--months", "3")
    assert report["horizon"] == "2027-02-23"
    assert [(s["intention_id"], s["reason_code"], s["reason"]) for s in report["white_spots"]] == [
        (4, "after_horizon", "jediná vhodná výzva otevírá až po 3 měsících"),  # the school: IROP-128 only
        (5, "before_ready", "jediná vhodná výzva končí před připraveností záměru"),
        (6, "no_call", "žádná výzva pro oblast doprava a žadatele obec"),
        (7, "after_horizon", "jediná vhodná výzva otevírá až po 3 měsících"),
    ]


@pytest.mark.both_backends  # every part's queries, on PostgreSQL too
def test_demand_counts_each_calls_intentions_by_stage_against_its_allocation(region: Cli) -> None:
    demand = by_ref(region.json("report", "--json"))
    assert len(demand) == 14  # every open and planned call, soonest deadline first
    assert list(demand)[:3] == ["irop:IROP-105", "irop:IROP-120", "opzplus:03_25_095"]
    over = demand["rsk:rsk-902"]
    assert over["call"] == {"source": "rsk", "external_id": "rsk-902", "programme": "Liberecký kraj",
                            "title": "Dotační program Libereckého kraje 2.1 - Podpora sociálních služeb 2027",
                            "state": "open", "allocation_czk": 15_000_000, "opens_at": None,
                            "closes_at": "2027-02-03"}
    assert (over["count"], over["budget_czk"], over["ratio"], over["flags"]) == (1, 30_000_000, 2.0, ["nad-alokaci"])
    assert over["by_stage"] == {"zamer": {"count": 1, "budget_czk": 30_000_000}}
    chosen = demand["opzplus:03_26_108"]  # the mobile team was submitted to it
    assert [(i["intention_id"], i["stage"], i["chosen"]) for i in chosen["intentions"]] == [(1, "podano", True)]
    assert (chosen["budget_czk"], chosen["ratio"], chosen["flags"]) == (21_174_960, 0.1008, [])
    assert demand["opzplus:03_27_120"]["count"] == 0  # a chosen call takes the intention off the others
    schools = demand["irop:IROP-128"]
    assert schools["by_stage"] == {"zamer": {"count": 1, "budget_czk": 5_000_000},
                                   "priprava": {"count": 1, "budget_czk": 9_000_000}}
    assert (schools["ratio"], schools["flags"]) == (0.0156, ["pod-desetinou"])
    # The cyber-security call closes before the municipality's intention is ready: no demand.
    assert (demand["irop:IROP-120"]["count"], demand["irop:IROP-120"]["ratio"]) == (0, 0.0)
    assert demand["irop:IROP-120"]["flags"] == []  # no demand is no "below a tenth" warning
    assert (demand["rsk:rsk-904"]["ratio"], demand["rsk:rsk-904"]["flags"]) == (None, [])  # no allocation known
    report = region.json("report", "--json")
    assert [g["changes"] for g in report["slips"]["by_group"]] == [1, 3, 1, 1]
    assert report["funnel"]["by_stage"]["podano"] == {"count": 1, "budget_czk": 21_174_960}


def test_a_call_an_intention_dismissed_is_no_demand_of_it(region: Cli) -> None:
    schools = by_ref(region.json("report", "--json"))["irop:IROP-128"]
    seeking = {i["intention_id"] for i in schools["intentions"]}
    dismissing = min(seeking)
    region.json("intentions", "dismiss", str(dismissing), "irop:IROP-128", "--reason", "mala-alokace", "--json")
    after = by_ref(region.json("report", "--json"))["irop:IROP-128"]
    assert {i["intention_id"] for i in after["intentions"]} == seeking - {dismissing}  # as its matches leave it out
    assert after["count"] == schools["count"] - 1


def test_slips_say_how_often_and_how_far_dates_moved_and_when_plans_will_really_open(region: Cli) -> None:
    slips = region.json("report", "--json")["slips"]
    assert [(g["source"], g["programme"], g["phase"], g["calls"], g["moved_calls"], g["changes"], g["median_days"],
             g["max_days"]) for g in slips["by_group"]] == [
        ("irop", "IROP", "announced", 7, 1, 1, 183, 183),
        ("irop", "IROP", "planned", 7, 2, 3, 63, 76),
        ("opzplus", "OPZ+", "announced", 8, 1, 1, 17, 17),
        ("opzplus", "OPZ+", "planned", 8, 1, 1, 62, 62),
    ]
    assert slips["by_group"][1]["mean_days"] == 66.3
    expected = {e["external_id"]: e for e in slips["expected"]}
    assert len(expected) == 9  # every planned call
    assert expected["IROP-127"] == {
        "source": "irop", "external_id": "IROP-127", "title": "Sociální bydlení III.", "programme": "IROP",
        "published": {"opens": "2027-03", "closes": "2027-09"},
        "expected": {"opens": "2027-05-03", "closes": "2027-12-02"},
        "shift_days": 63, "basis": {"scope": "programme", "changes": 3},
    }
    assert (expected["03_27_120"]["expected"], expected["03_27_120"]["shift_days"]) == (
        {"opens": "2027-05-02", "closes": "2027-08-31"}, 62)
    assert expected["rsk-904"]["basis"] == {"scope": None, "changes": 0}  # no history: the plan as published
    assert expected["rsk-904"]["expected"] == {"opens": "2026-12-01", "closes": "2027-03-31"}


def test_barriers_count_why_calls_were_dismissed_per_call_and_programme(region: Cli, tmp_path) -> None:
    assert region.json("report", "--json")["barriers"] == {"total": 0, "by_reason": {}, "by_call": [],
                                                           "by_programme": {}}
    region.json("intentions", "dismiss", "3", "opzplus:03_25_095", "--reason", "spolufinancovani", "--json")
    region.json("intentions", "dismiss", "2", "irop:IROP-105", "--reason", "mala-alokace", "--json")
    region.json("intentions", "dismiss", "6", "irop:IROP-105", "--reason", "jine", "--note", "=1+1", "--json")
    target = tmp_path / "prehled.xlsx"
    barriers = region.json("report", "--json", "--xlsx", str(target))["barriers"]
    assert barriers["total"] == 3
    assert barriers["by_reason"] == {"spolufinancovani": 1, "mala-alokace": 1, "jine": 1}
    assert [(row["call"]["external_id"], row["dismissals"], row["reasons"]) for row in barriers["by_call"]] == [
        ("IROP-105", 2, {"mala-alokace": 1, "jine": 1}), ("03_25_095", 1, {"spolufinancovani": 1})]
    assert barriers["by_programme"] == {"IROP": {"mala-alokace": 1, "jine": 1}, "OPZ+": {"spolufinancovani": 1}}
    sheet = load_workbook(target)["Bariéry"]
    values = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert ("nezvládneme spolufinancování", 1) in [row[:2] for row in values]
    assert any(row[1] == "IROP-105" and row[3] == 2 for row in values)


def test_the_funnel_counts_intentions_and_budgets_per_stage_area_and_programme(region: Cli) -> None:
    funnel = region.json("report", "--json")["funnel"]
    assert {stage: (v["count"], v["budget_czk"]) for stage, v in funnel["by_stage"].items()} == {
        "zamer": (3, 37_500_000), "priprava": (3, 30_000_000), "podano": (1, 21_174_960),
        "schvaleno": (0, 0), "zamitnuto": (0, 0), "realizace": (0, 0), "ukonceno": (0, 0)}
    assert funnel["by_area"]["vzdelavani"] == {"zamer": {"count": 1, "budget_czk": 5_000_000},
                                               "priprava": {"count": 1, "budget_czk": 9_000_000}}
    assert funnel["by_programme"]["OPZ+"] == {"priprava": {"count": 1, "budget_czk": 3_000_000},
                                              "podano": {"count": 1, "budget_czk": 21_174_960}}
    assert funnel["by_programme"]["neurčeno"]["zamer"]["count"] == 3


def test_the_report_prints_a_summary_and_refuses_a_bad_horizon(region: Cli) -> None:
    result = region("report")
    assert result.exit_code == 0
    assert "white spots: 2 (20500000 CZK)" in result.stdout
    assert "  #6 Cyklostezka Odra–Nisa: žádná výzva pro oblast doprava a žadatele obec" in result.stdout
    for months in ("0", "121"):
        bad = region("report", "--months", months)
        assert bad.exit_code == 2 and f"error: --months: must be 1–120 months, got {months}" in bad.stderr
    bad = region("report", "--json", "--xlsx", "report.csv")
    assert bad.exit_code == 2 and '"field": "--xlsx"' in bad.stdout


# --- the same in the workbook and on the page --------------------------------------------------


def sheet_rows(ws, *headers: str) -> list[list]:
    """The data rows of the table whose header row starts with ``headers``."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if tuple(r[:len(headers)]) == headers) + 1
    end = next((i for i in range(start, len(rows)) if rows[i][0] is None), len(rows))
    return [r for r in rows[start:end]]


def test_the_workbook_holds_every_part_formatted_the_czech_way(region: Cli, tmp_path) -> None:
    target = tmp_path / "prehled.xlsx"
    report = region.json("report", "--json", "--xlsx", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Titulní list", "Bílá místa", "Poptávka a alokace", "Posuny termínů", "Bariéry",
                               "Záměry podle fází"]
    cover = book["Titulní list"]
    facts = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row[0]}
    assert facts["Datum"] == datetime(2026, 11, 23) and facts["Horizont"] == "12 měsíců (do 23. 11. 2027)"
    assert facts["Bílá místa"] == "2 záměry bez výzvy, rozpočet 20 500 000 Kč"  # the contents
    assert facts["Poptávka a alokace"] == "14 výzev, z toho 1 s poptávkou nad alokací"

    spots = book["Bílá místa"]
    rows = sheet_rows(spots, "Č.")
    assert [(r[0], r[1], r[6], r[7]) for r in rows] == [
        (s["intention_id"], s["title"], s["budget_czk"], s["reason"]) for s in report["white_spots"]]
    budget = next(c for c in spots["G"] if c.value == 18_000_000)
    assert budget.number_format == CZK_FORMAT == '#,##0 "Kč"'
    assert spots.column_dimensions["H"].width == 46 and spots["A2"].value.startswith("Záměry ve fázi záměr")

    demand = book["Poptávka a alokace"]
    rows = {r[1]: r for r in sheet_rows(demand, "Zdroj", "Kód")}
    assert rows["rsk-902"][5:9] == [15_000_000, 30_000_000, 1, 2.0]
    assert rows["IROP-105"][4] == datetime(2026, 12, 2, 14, 0)
    assert rows["rsk-904"][4] == datetime(2027, 3, 31)
    cells = {row[1].value: row for row in demand.iter_rows() if row[1].value in ("rsk-902", "IROP-105", "rsk-904")}
    assert cells["rsk-902"][8].number_format == "0 %" and cells["rsk-902"][6].number_format == CZK_FORMAT
    assert cells["IROP-105"][4].number_format == DATETIME_FORMAT == "d. m. yyyy h:mm"
    assert cells["rsk-904"][4].number_format == DATE_FORMAT == "d. m. yyyy"
    assert len(demand._charts) == 1 and len(book["Záměry podle fází"]._charts) == 2

    slips = book["Posuny termínů"]
    planned = {r[1]: r for r in sheet_rows(slips, "Zdroj", "Kód", "Výzva", "Program")}
    assert planned["IROP-127"][4:9] == ["březen 2027 (orientačně)", "září 2027 (orientačně)",
                                        datetime(2027, 5, 3), datetime(2027, 12, 2), 63]


def page_tables(at: AppTest) -> dict[tuple[str, ...], list[list[str]]]:
    """Every table on the page by its column headers."""
    return {tuple(df.value.columns): df.value.values.tolist() for df in at.dataframe}


def test_the_overview_page_shows_the_same_numbers_and_offers_the_workbook(region: Cli) -> None:
    report = region.json("report", "--json")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90).run()  # Přehled is the home page
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["Bílá místa", "Poptávka a alokace", "Posuny termínů", "Bariéry",
                                         "Záměry podle fází"]
    shown = " ".join(m.value for m in at.markdown)
    assert "2 záměry bez výzvy, rozpočet 20\u00a0500\u00a0000\u00a0Kč" in shown  # a sum never wraps
    assert "14 výzev, z toho 1 s poptávkou nad alokací" in shown
    tables = page_tables(at)
    spots = next(rows for columns, rows in tables.items() if columns[:2] == ("Č.", "Záměr"))
    assert [(r[0], r[6], r[7]) for r in spots] == [
        ("5", "2 500 000 Kč", "jediná vhodná výzva končí před připraveností záměru"),
        ("6", "18 000 000 Kč", "žádná výzva pro oblast doprava a žadatele obec")]
    demand = {r[1]: r for r in next(rows for columns, rows in tables.items() if "Poměr" in columns)}
    assert demand["rsk-902"][4:10] == ["3. 2. 2027", "15 000 000 Kč", "30 000 000 Kč", "1", "200 %",
                                       "záměr 1 (30 000 000 Kč)"]
    assert demand["IROP-128"][8] == "1,6 %"
    # Every table of every part, cell for cell, is the workbook's table in Czech.
    for sheet in report_sheets(report)[1:]:
        for table in sheet.tables:
            if table.rows:
                expected = [[cell_text(c.kind, v) for c, v in zip(table.columns, row)] for row in table.rows]
                assert tables[tuple(c.header for c in table.columns)] == expected, table.title
    [download] = at.get("download_button")
    assert download.proto.label == "Stáhnout pro jednání (XLSX)"


# --- a real crawl's moved deadline, and the rules -----------------------------------------------


def test_a_deadline_moved_by_a_real_crawl_is_a_slip_of_the_announced_call(db) -> None:
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        assert run_crawl("opzplus", server.url).ok
        server.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
        assert run_crawl("opzplus", server.url).changed == 1
    slips = Cli().json("report", "--json")["slips"]
    assert [(c["external_id"], c["field"], c["phase"], c["days"]) for c in slips["changes"]] == [
        ("03_25_095", "closes", "announced", 195)]
    assert [(g["phase"], g["moved_calls"], g["median_days"]) for g in slips["by_group"]] == [("announced", 1, 195)]
    # A deadline extension says nothing about when plans open: the planned calls keep their plan.
    assert {e["shift_days"] for e in slips["expected"]} == {0}


@pytest.mark.parametrize(("old", "new", "days"), [
    ("2027-03", "2027-03-15T10:00:00+01:00", 0),  # a month's plan made precise within the month
    ("2027-03", "2027-05", 31),  # from the last day of March to the first of May
    ("2027-Q2", "2027-07-01", 1),
    ("2026-12-17T14:00:00+01:00", "2027-06-30T14:00:00+02:00", 195),
    ("2027-06-30", "2027-06-01", -29),  # earlier
])
def test_a_slip_is_measured_between_the_nearest_days(old: str, new: str, days: int) -> None:
    assert slip_days(DateValue.from_iso(old), DateValue.from_iso(new)) == days


def test_white_spot_reasons_name_the_gap_or_what_is_wrong_with_each_call() -> None:
    intention = Intention(title="x", organization="y", ico="00262404", applicant_type="obec",
                          areas=["dluhy", "bydleni"], budget_czk=1, start_date=date(2027, 1, 1),
                          end_date=date(2027, 12, 31))
    assert white_spot_reason(intention, [], 12) == ("no_call", "žádná výzva pro oblasti dluhy, bydlení a žadatele obec")
    assert white_spot_reason(intention, ["undated"], 12)[1] == "jediná vhodná výzva nemá zveřejněný termín"
    assert white_spot_reason(intention, ["after_horizon"] * 2, 1)[1] == \
        "všechny vhodné výzvy (2) otevírají až po 1 měsíci"
    assert white_spot_reason(intention, ["after_horizon", "before_ready", "before_ready"], 6) == (
        "mixed", "vhodné výzvy končí před připraveností záměru (2) nebo otevírají až po 6 měsících (1)")


def test_the_horizon_is_counted_in_calendar_months() -> None:
    assert add_months(datetime(2026, 11, 23, tzinfo=PRAGUE), 12) == datetime(2027, 11, 23, tzinfo=PRAGUE)
    assert add_months(datetime(2027, 1, 31, tzinfo=PRAGUE), 1) == datetime(2027, 2, 28, tzinfo=PRAGUE)
    assert DateValue.from_iso("2027-Q2").precision is Precision.QUARTER


@pytest.mark.parametrize(("total", "headline"), [
    (0, "zatím žádné skryté výzvy"), (1, "1 skrytá výzva"), (3, "3 skryté výzvy"), (5, "5 skrytých výzev")])
def test_the_barriers_headline_counts_in_czech(total: int, headline: str) -> None:
    from tracker.intentions.report_sheets import barriers_sheet

    report = {"barriers": {"total": total, "by_reason": {}, "by_call": [], "by_programme": {}}}
    assert barriers_sheet(report).headline == headline
