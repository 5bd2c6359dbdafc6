"""The region's report as Czech tables: one :class:`~tracker.exports.Sheet` per part, written to the
meeting workbook by :func:`tracker.exports.workbook_bytes` and shown by the app's Přehled page.

Each function turns the report's JSON (:func:`tracker.intentions.report.build_report`) into a sheet;
:data:`SHEETS` lists them after the cover. A new part of the report is one more function here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tracker.exports import Chart, Column, Sheet, Table, workbook_bytes
from tracker.intentions.dismissals import REASONS
from tracker.intentions.report import ANNOUNCED, FLAG_OVER, FLAG_UNDER_TENTH, PLANNED
from tracker.intentions.stages import STAGE_LABELS
from tracker.sources.registry import source_label
from tracker.storage.models import Stage
from tracker.text.czech import DateValue, Precision, format_czk
from tracker.text.display import decimal_czech
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, STATE_LABELS

SheetBuilder = Callable[[dict[str, Any]], Sheet]
FLAG_LABELS = {FLAG_OVER: "nad alokací", FLAG_UNDER_TENTH: "pod desetinou alokace"}
PHASE_LABELS = {PLANNED: "plánovaný termín", ANNOUNCED: "vyhlášená výzva"}
FIELD_LABELS = {"announced": "vyhlášení", "opens": "zahájení příjmu", "closes": "uzávěrka"}
SCOPE_LABELS = {"programme": "podle programu", "source": "podle zdroje"}
STAGES = [stage.value for stage in Stage]
ROWS_MAX = 2000  # of a listing that grows with intentions × calls or with the years of history


def capped(title: str, rows: list[list[Any]]) -> tuple[str, list[list[Any]]]:
    """A long listing cut to its first :data:`ROWS_MAX` rows, saying so in its title."""
    if len(rows) <= ROWS_MAX:
        return title, rows
    return f"{title} – prvních {grouped(ROWS_MAX)} z {grouped(len(rows))} (všechny: tracker report --json)", \
        rows[:ROWS_MAX]


def grouped(count: int) -> str:
    """``2000`` → ``2 000``."""
    return f"{count:,}".replace(",", " ")


def plural(count: int, one: str, few: str, many: str) -> str:
    """``1 záměr``, ``3 záměry``, ``5 záměrů``, ``2 000 záměrů``."""
    return f"{grouped(count)} {one if count == 1 else few if 2 <= count <= 4 else many}"


def intentions_text(count: int) -> str:
    return plural(count, "záměr", "záměry", "záměrů")


def calls_text(count: int) -> str:
    return plural(count, "výzva", "výzvy", "výzev")


def czech_day(day: date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def date_cell(iso: str | None) -> date | datetime | str | None:
    """A date of the report for a cell: a real date when the day is known, else Czech text
    (``červen 2027 (orientačně)``)."""
    if not iso:
        return None
    value = DateValue.from_iso(iso)
    if value is None:
        return iso
    if value.precision is Precision.DATETIME:
        return value.when
    if value.precision is Precision.DAY:
        return value.when.date()
    return f"{value.czech()} (orientačně)"


def cell_text(kind: str, value: Any) -> str:
    """A sheet's cell as the app shows it: Czech money, dates, percentages and decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        day = czech_day(value.date())
        return f"{day} {value.hour}:{value.minute:02d}" if (value.hour, value.minute) != (0, 0) else day
    if isinstance(value, date):
        return czech_day(value)
    if kind == "czk" and isinstance(value, int):
        return format_czk(value)
    if kind == "ratio" and isinstance(value, (int, float)):
        return f"{decimal_czech(value * 100, 0 if value >= 0.1 or value == 0 else 1)} %"
    if kind == "decimal" and isinstance(value, (int, float)):
        return decimal_czech(value)
    return str(value)


def _stage(code: str) -> str:
    return STAGE_LABELS.get(Stage(code), code) if code in STAGES else code


def _areas(codes: list[str]) -> str:
    return ", ".join(AREA_LABELS.get(a, a) for a in codes)


def _totals_table(title: str, header: str, totals: dict[str, dict[str, int]], label: Callable[[str], str]) -> Table:
    rows = sorted(totals.items(), key=lambda item: (-item[1]["budget_czk"], item[0]))
    return Table((Column(header, width=34), Column("Záměrů", "int", 10), Column("Rozpočet", "czk", 18)),
                 [[label(key), value["count"], value["budget_czk"]] for key, value in rows], title=title)


# --- the sheets -------------------------------------------------------------------------------


def white_spots_sheet(report: dict[str, Any]) -> Sheet:
    spots = report["white_spots"]
    budget = sum(s["budget_czk"] for s in spots)
    listing = Table((
        Column("Č.", "int", 6), Column("Záměr", width=32), Column("Organizace", width=24),
        Column("Typ žadatele", width=20), Column("Oblasti", width=20), Column("Fáze", width=10),
        Column("Rozpočet", "czk", 16), Column("Proč bez výzvy", width=46),
    ), [[s["intention_id"], s["title"], s["organization"], APPLICANT_LABELS.get(s["applicant_type"],
         s["applicant_type"]), _areas(s["areas"]), _stage(s["stage"]), s["budget_czk"], s["reason"]]
        for s in spots], title="Záměry bez výzvy", empty="Každý záměr ve fázi záměr nebo příprava má výzvu.")
    return Sheet(
        "Bílá místa",
        (listing,
         _totals_table("Podle oblasti", "Oblast", report["white_spots_by_area"], lambda a: AREA_LABELS.get(a, a)),
         _totals_table("Podle typu žadatele", "Typ žadatele", report["white_spots_by_applicant_type"],
                       lambda t: APPLICANT_LABELS.get(t, t)),
         _totals_table("Podle požadovaného programu", "Program", report["white_spots_by_programme"], str)),
        intro=(f"Záměry ve fázi záměr nebo příprava, které do {report['months']} měsíců nemají otevřenou ani "
               "plánovanou výzvu, do níž by se mohly přihlásit (oprávněný žadatel, shodná oblast, uzávěrka "
               "až po připravenosti záměru). Záměr s více oblastmi se počítá v každé z nich.",),
        headline=f"{intentions_text(len(spots))} bez výzvy, rozpočet {format_czk(budget)}",
    )


def demand_sheet(report: dict[str, Any]) -> Sheet:
    rows = report["demand"]
    over = sum(FLAG_OVER in r["flags"] for r in rows)
    calls = Table((
        Column("Zdroj", width=8), Column("Kód", width=11), Column("Výzva", width=34), Column("Stav", width=11),
        Column("Uzávěrka", "date", 17), Column("Alokace", "czk", 17), Column("Poptávka", "czk", 16),
        Column("Záměrů", "int", 8), Column("Poměr", "ratio", 8), Column("Podle fáze", width=24),
        Column("Upozornění", width=13),
    ), [[source_label(r["call"]["source"]), r["call"]["external_id"], r["call"]["title"],
         STATE_LABELS.get(r["call"]["state"], r["call"]["state"]), date_cell(r["call"]["closes_at"]),
         r["call"]["allocation_czk"], r["budget_czk"], r["count"], r["ratio"], _by_stage_text(r["by_stage"]),
         "; ".join(FLAG_LABELS[f] for f in r["flags"])] for r in rows], title="Výzvy")
    title, pairs = capped("Záměry u výzev", [
        [r["call"]["external_id"], i["intention_id"], i["title"], i["organization"], _stage(i["stage"]),
         i["budget_czk"], _entry_note(i)] for r in rows for i in r["intentions"]])
    entries = Table((
        Column("Kód výzvy", width=12), Column("Č.", "int", 6), Column("Záměr", width=32),
        Column("Organizace", width=24), Column("Fáze", width=10), Column("Rozpočet", "czk", 16),
        Column("Poznámka", width=34),
    ), pairs, title=title, empty="Žádný záměr se k otevřeným ani plánovaným výzvám nehodí.")
    return Sheet(
        "Poptávka a alokace", (calls, entries),
        intro=("Pro každou otevřenou a plánovanou výzvu záměry, které se do ní mohou přihlásit, a jejich rozpočty "
               "proti alokaci výzvy. Záměr s vybranou výzvou se počítá jen u ní; záměr, který výzvu teprve hledá, "
               "u každé výzvy, kterou stihne.",),
        charts=(Chart("Poptávka a alokace (Kč, logaritmická osa)", table=0, categories=1, series=(6, 5), log=True),),
        headline=f"{calls_text(len(rows))}, z toho {over} s poptávkou nad alokací",
    )


def _by_stage_text(by_stage: dict[str, dict[str, int]]) -> str:
    return "; ".join(f"{_stage(stage)} {v['count']} ({format_czk(v['budget_czk'])})" for stage, v in by_stage.items())


def _entry_note(entry: dict[str, Any]) -> str:
    notes = ["vybraná výzva" if entry["chosen"] else "výzvu hledá"]
    if entry["verify"]:
        notes.append("ověřte oprávněnost")
    return ", ".join(notes)


def slips_sheet(report: dict[str, Any]) -> Sheet:
    slips = report["slips"]
    groups = Table((
        Column("Zdroj", width=8), Column("Program", width=14), Column("Termín", width=16),
        Column("Výzev celkem", "int", 13), Column("Výzev s posunem", "int", 16), Column("Změn termínu", "int", 14),
        Column("Později", "int", 9), Column("Dříve", "int", 8), Column("Průměr (dní)", "decimal", 13),
        Column("Medián (dní)", "int", 13), Column("Největší posun (dní)", "int", 20),
    ), [[source_label(g["source"]), g["programme"], PHASE_LABELS[g["phase"]], g["calls"], g["moved_calls"],
         g["changes"], g["later"], g["earlier"], g["mean_days"], g["median_days"], g["max_days"]]
        for g in slips["by_group"]], title="Jak často a o kolik se termíny posouvaly",
        empty="Zatím nebyl zaznamenán žádný posun termínu.")
    expected = Table((
        Column("Zdroj", width=8), Column("Kód", width=11), Column("Výzva", width=28), Column("Program", width=12),
        Column("Zahájení (plán)", "date", 17), Column("Uzávěrka (plán)", "date", 17),
        Column("Zahájení (odhad)", "date", 17), Column("Uzávěrka (odhad)", "date", 17),
        Column("Posun (dní)", "int", 12), Column("Podle historie", width=22),
    ), [[source_label(e["source"]), e["external_id"], e["title"], e["programme"],
         date_cell(e["published"]["opens"]), date_cell(e["published"]["closes"]),
         date_cell(e["expected"]["opens"]), date_cell(e["expected"]["closes"]), e["shift_days"], _basis(e["basis"])]
        for e in slips["expected"]], title="Plánované výzvy: zveřejněný plán a očekávané okno",
        empty="Žádná výzva není plánovaná.")
    title, moves = capped("Zaznamenané změny termínů (nejnovější první)", [
        [datetime.fromisoformat(c["detected_at"]).date(), source_label(c["source"]), c["external_id"], c["title"],
         FIELD_LABELS.get(c["field"], c["field"]), PHASE_LABELS[c["phase"]], date_cell(c["old"]),
         date_cell(c["new"]), c["days"]] for c in reversed(slips["changes"])])
    changes = Table((
        Column("Zjištěno", "date", 12), Column("Zdroj", width=8), Column("Kód", width=12),
        Column("Výzva", width=36), Column("Údaj", width=14), Column("Termín", width=18),
        Column("Původně", "date", 16), Column("Nově", "date", 16), Column("Posun (dní)", "int", 9),
    ), moves, title=title, empty="Zatím nebyl zaznamenán žádný posun termínu.")
    moved = sum(g["moved_calls"] for g in slips["by_group"])
    return Sheet(
        "Posuny termínů", (groups, expected, changes),
        intro=("Z historie změn: o kolik dní se posunulo vyhlášení, zahájení příjmu a uzávěrka — u plánovaných "
               "termínů (harmonogramy) a u už vyhlášených výzev (prodloužení). Kladný posun je odklad. Očekávané "
               "okno plánované výzvy posouvá zveřejněný plán o medián dosavadních posunů plánů jejího programu "
               "(nebo zdroje).",),
        headline=f"{plural(len(slips['changes']), 'změna', 'změny', 'změn')} termínů u "
                 f"{plural(moved, 'výzvy', 'výzev', 'výzev')}",
    )


def _basis(basis: dict[str, Any]) -> str:
    if not basis["scope"]:
        return "bez historie posunů"
    return f"{SCOPE_LABELS[basis['scope']]}, {plural(basis['changes'], 'posun', 'posuny', 'posunů')}"


def funnel_sheet(report: dict[str, Any]) -> Sheet:
    funnel = report["funnel"]
    stages = Table((Column("Fáze", width=14), Column("Záměrů", "int", 10), Column("Rozpočet", "czk", 18)),
                   [[_stage(stage), v["count"], v["budget_czk"]] for stage, v in funnel["by_stage"].items()],
                   title="Záměry podle fáze")

    def matrix(title: str, header: str, groups: dict[str, dict[str, dict[str, int]]],
               label: Callable[[str], str]) -> Table:
        columns = (Column(header, width=24), *(Column(_stage(s), "int", 10) for s in STAGES),
                   Column("Celkem", "int", 10), Column("Rozpočet celkem", "czk", 18))
        rows = [[label(name), *(by.get(s, {}).get("count", 0) for s in STAGES),
                 sum(v["count"] for v in by.values()), sum(v["budget_czk"] for v in by.values())]
                for name, by in groups.items()]
        return Table(columns, rows, title=title, empty="Zatím nebyl zadán žádný záměr.")

    total = sum(v["count"] for v in funnel["by_stage"].values())
    budget = sum(v["budget_czk"] for v in funnel["by_stage"].values())
    return Sheet(
        "Záměry podle fází",
        (stages, matrix("Podle oblasti", "Oblast", funnel["by_area"], lambda a: AREA_LABELS.get(a, a)),
         matrix("Podle programu", "Program", funnel["by_programme"], str)),
        intro=("Kolik záměrů je v které fázi a s jakým rozpočtem; podle oblasti a podle programu (vybrané výzvy, "
               "jinak preferovaného). Záměr s více oblastmi nebo programy se počítá v každém z nich.",),
        charts=(Chart("Záměry podle fáze", table=0, categories=0, series=(1,)),
                Chart("Rozpočet podle fáze (Kč)", table=0, categories=0, series=(2,))),
        headline=f"{intentions_text(total)}, rozpočet {format_czk(budget)}",
    )


def barriers_sheet(report: dict[str, Any]) -> Sheet:
    barriers = report["barriers"]
    reasons = Table((Column("Důvod", width=44), Column("Kolikrát", "int", 10)),
                    [[REASONS.get(code, code), count] for code, count in barriers["by_reason"].items()],
                    title="Důvody celkem", empty="Zatím nikdo neoznačil výzvu jako nevhodnou.")
    per_call = Table((Column("Zdroj", width=8), Column("Kód", width=14), Column("Výzva", width=50),
                      Column("Skryto", "int", 8), Column("Důvody", width=60)),
                     [[source_label(row["call"]["source"]), row["call"]["external_id"], row["call"]["title"],
                       row["dismissals"], "; ".join(f"{REASONS.get(c, c)} ({n})" for c, n in row["reasons"].items())]
                      for row in barriers["by_call"]], title="Podle výzvy", empty="Žádná výzva nebyla skryta.")
    per_programme = Table((Column("Program", width=24), Column("Důvody", width=80)),
                          [[name, "; ".join(f"{REASONS.get(c, c)} ({n})" for c, n in counts.items())]
                           for name, counts in barriers["by_programme"].items()],
                          title="Podle programu", empty="Žádná výzva nebyla skryta.")
    return Sheet(
        "Bariéry",
        (reasons, per_call, per_programme),
        intro=("Proč se záměry do výzev nehlásí: důvody, které žadatelé uvedli u výzev označených „Nehodí se nám“ "
               "(stránka Shody), podle výzvy a podle programu.",),
        charts=(Chart("Důvody, proč se výzva nehodí", table=0, categories=0, series=(1,)),),
        headline=(plural(barriers["total"], "skrytá výzva", "skryté výzvy", "skrytých výzev") if barriers["total"]
                  else "zatím žádné skryté výzvy"),
    )


SHEETS: tuple[SheetBuilder, ...] = (white_spots_sheet, demand_sheet, slips_sheet, barriers_sheet, funnel_sheet)


def cover_sheet(report: dict[str, Any], sheets: list[Sheet]) -> Sheet:
    today = date.fromisoformat(report["today"])
    horizon = date.fromisoformat(report["horizon"])
    facts = Table((Column("Údaj", width=34), Column("Hodnota", width=40)), [
        ["Datum", today],
        ["Horizont", f"{report['months']} měsíců (do {czech_day(horizon)})"],
        ["Příprava záměru ve fázi záměr", plural(report["preparation_days"], "den", "dny", "dní")],
        ["Záměrů celkem", intentions_text(report["intentions"])],
        ["Z toho hledá výzvu (záměr, příprava)", intentions_text(report["seeking"])],
        ["Otevřených výzev", calls_text(report["calls"]["open"])],
        ["Plánovaných výzev", calls_text(report["calls"]["planned"])],
    ])
    contents = Table((Column("List", width=34), Column("Shrnutí", width=60)),
                     [[sheet.title, sheet.headline] for sheet in sheets], title="Obsah")
    return Sheet("Titulní list", (facts, contents),
                 intro=("Přehled pro pracovní skupinu RSK Libereckého kraje: bílá místa, poptávka proti alokaci, "
                        "posuny termínů a záměry podle fází.", "Filtry: všechny zdroje, oblasti a typy žadatelů; "
                        f"horizont {report['months']} měsíců."))


def report_sheets(report: dict[str, Any]) -> list[Sheet]:
    """The cover and one sheet per part of the report."""
    sheets = [build(report) for build in SHEETS]
    return [cover_sheet(report, sheets), *sheets]


def report_workbook(report: dict[str, Any]) -> bytes:
    """The meeting workbook (``tracker report --xlsx`` and the app's download button)."""
    return workbook_bytes(report_sheets(report))
