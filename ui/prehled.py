"""Přehled: the region's report for the working group — white spots, demand against allocation,
schedule slips and the pipeline funnel — and the meeting workbook to download.

The page renders the same sheets the workbook holds (tracker.intentions.report_sheets), so the
two always agree and a new part of the report appears here without changing this page.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from tracker import clock
from tracker.exports import Chart, Sheet, Table
from tracker.intentions.report import MONTHS_DEFAULT, build_report
from tracker.intentions.report_sheets import (
    cell_text,
    czech_day,
    grouped,
    intentions_text,
    report_sheets,
    report_workbook,
)
from tracker.storage.db import session_scope
from tracker.text.display import unbroken_numbers
from ui.common import data_version

HORIZONS = (3, 6, 12, 18, 24)
TABLE_WIDTH_PX = 1180  # what a table may take at 1400 px before it would scroll sideways
NARROW_CHARS = 70  # tables this narrow (in the workbook's characters) stand side by side, three to a row
NUMERIC = ("int", "decimal", "czk", "ratio")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(show_spinner="Počítám přehled…", max_entries=4)
def load_report(version: tuple[Any, ...], today: str, months: int) -> tuple[dict[str, Any], list[Sheet]]:
    """The report and its sheets for a data version (shared, never copied: nothing here changes them)."""
    with session_scope() as session:
        report = build_report(session, clock.now(), months)
    return report, report_sheets(report)


@st.cache_data(show_spinner=False, max_entries=4)
def workbook(version: tuple[Any, ...], today: str, months: int) -> bytes:
    """The meeting workbook, written only when someone asks for it (the button's deferred data)."""
    return report_workbook(load_report(version, today, months)[0])


def frame(table: Table) -> pd.DataFrame:
    headers = [column.header for column in table.columns]
    rows = [[cell_text(column.kind, value) for column, value in zip(table.columns, row)] for row in table.rows]
    return pd.DataFrame(rows, columns=headers)


def scale(table: Table, width_px: int) -> float:
    """Pixels per character of the workbook's column widths, so that the table fits ``width_px``."""
    return min(8.0, width_px / sum(column.width for column in table.columns))


def column_config(table: Table, width_px: int = TABLE_WIDTH_PX) -> dict[str, Any]:
    """Column widths in proportion to the workbook's, scaled so the table fits without scrolling;
    numbers to the right."""
    px = scale(table, width_px)
    return {column.header: st.column_config.TextColumn(column.header, width=max(48, int(column.width * px)),
                                                       alignment="right" if column.kind in NUMERIC else "left")
            for column in table.columns}


def wraps(table: Table, width_px: int) -> bool:
    """Whether some text is longer than its column holds (about 7 px a character): then rows are made
    tall enough for it to wrap rather than be cut."""
    chars = scale(table, width_px) / 7
    return any(len(cell_text(column.kind, row[n])) > column.width * chars
               for row in table.rows for n, column in enumerate(table.columns))


def show_table(table: Table, width_px: int = TABLE_WIDTH_PX) -> None:
    if table.title:
        st.markdown(f"##### {table.title}")
    if table.rows:
        st.dataframe(frame(table), hide_index=True, column_config=column_config(table, width_px), width="stretch",
                     height="content", row_height=66 if wraps(table, width_px) else None)
    else:
        st.caption(table.empty)


def narrow(table: Table) -> bool:
    return sum(column.width for column in table.columns) <= NARROW_CHARS


def chart(table: Table, spec: Chart) -> alt.Chart:
    """A sheet's bar chart in Altair: one bar per row and value column, Czech numbers on the axis."""
    records = []
    for row in table.rows:
        for col in spec.series:
            value = row[col]
            if isinstance(value, (int, float)) and (value > 0 or not spec.log):
                records.append({"Položka": str(row[spec.categories]), "Řada": table.columns[col].header,
                                "Hodnota": value, "Text": cell_text(table.columns[col].kind, value)})
    data = pd.DataFrame(records, columns=["Položka", "Řada", "Hodnota", "Text"])
    order = list(dict.fromkeys(str(row[spec.categories]) for row in table.rows))
    whole = all(table.columns[col].kind in ("int", "czk") for col in spec.series)
    if spec.log and not data.empty:  # one tick per power of ten, read the Czech way: 1 mil., 10 mil., 1 mld.
        low, high = math.floor(math.log10(data["Hodnota"].min())), math.ceil(math.log10(data["Hodnota"].max()))
        axis = alt.Axis(title=None, values=[10**e for e in range(low, high + 1)], labelExpr=(
            "datum.value >= 1e9 ? format(datum.value / 1e9, 'd') + ' mld.' : datum.value >= 1e6 ? "
            "format(datum.value / 1e6, 'd') + ' mil.' : replace(format(datum.value, ',d'), /,/g, ' ')"))
    else:
        axis = alt.Axis(title=None, labelExpr="replace(format(datum.value, ',d'), /,/g, ' ')", tickCount=5,
                        tickMinStep=1 if whole else alt.Undefined)
    encoding: dict[str, Any] = {
        # Unstacked: a stacked bar starts at zero, which a logarithmic axis cannot show.
        "x": alt.X("Hodnota:Q", axis=axis, stack=None,
                   scale=alt.Scale(type="log") if spec.log else alt.Undefined),
        "y": alt.Y("Položka:N", sort=order, title=None, axis=alt.Axis(labelLimit=160)),
        "color": alt.Color("Řada:N", title=None,
                           legend=alt.Legend(orient="bottom") if len(spec.series) > 1 else None),
        "tooltip": [alt.Tooltip("Položka:N", title="Položka"), alt.Tooltip("Řada:N", title="Řada"),
                    alt.Tooltip("Text:N", title="Hodnota")],
    }
    if len(spec.series) > 1:
        encoding["yOffset"] = alt.YOffset("Řada:N")
    return (alt.Chart(data, title=spec.title).mark_bar(cornerRadius=2).encode(**encoding)
            .properties(height=alt.Step(14 if len(spec.series) > 1 else 22)))


def show_sheet(sheet: Sheet) -> None:
    """A sheet as on paper: headline, intro, tables (narrow ones three to a row) and their charts."""
    st.markdown(f"**{unbroken_numbers(sheet.headline)}**")
    for line in sheet.intro:
        st.caption(line)
    waiting: list[Table] = []

    def flush() -> None:
        for column, table in zip(st.columns(3), waiting):
            with column:
                show_table(table, TABLE_WIDTH_PX // 3)
        waiting.clear()

    for n, table in enumerate(sheet.tables):
        specs = [spec for spec in sheet.charts if spec.table == n] if table.rows else []
        if narrow(table) and not specs:
            waiting.append(table)
            if len(waiting) == 3:
                flush()
            continue
        flush()
        if specs and narrow(table):  # a small table with its charts beside it
            columns = st.columns(1 + len(specs))
            with columns[0]:
                show_table(table, TABLE_WIDTH_PX // len(columns))
        else:
            show_table(table)
            columns = [None, *st.columns(len(specs))] if specs else [None]
        for column, spec in zip(columns[1:], specs):
            column.altair_chart(chart(table, spec), width="stretch")
    flush()


st.title("Přehled pro pracovní skupinu")
today = clock.today()
controls = st.columns([1, 1, 2], vertical_alignment="bottom")
months = controls[0].selectbox("Horizont „může podat“", HORIZONS, index=HORIZONS.index(MONTHS_DEFAULT),
                               format_func=lambda m: f"{m} měsíců", key="report_months")
version = data_version()
report, sheets = load_report(version, today.isoformat(), months)
controls[1].download_button("Stáhnout pro jednání (XLSX)", lambda: workbook(version, today.isoformat(), months),
                            file_name=f"prehled-{today.isoformat()}.xlsx", mime=XLSX, key="report_xlsx")
controls[2].caption(f"K {czech_day(today)}: {intentions_text(report['intentions'])}, z toho hledá výzvu "
                    f"{grouped(report['seeking'])}; otevřené výzvy: {grouped(report['calls']['open'])}, plánované: "
                    f"{grouped(report['calls']['planned'])}.")

parts = sheets[1:]
for column, sheet in zip(st.columns(len(parts)), parts):
    with column.container(border=True):
        st.markdown(f"**{sheet.title}**")
        st.write(unbroken_numbers(sheet.headline))
for tab, sheet in zip(st.tabs([sheet.title for sheet in parts]), parts):
    with tab:
        show_sheet(sheet)
