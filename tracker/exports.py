"""Tables out: the one way calls and intentions leave as CSV (UTF-8 with BOM, for Excel) or XLSX, and
the one way a formatted workbook of several sheets is written (the region's report)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from tracker.errors import UserError

FORMATS = ("csv", "xlsx")


def table_bytes(rows: list[list[Any]], fmt: str, sheet_title: str) -> bytes:
    """A header row plus rows as a ``csv`` or ``xlsx`` file's bytes."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise _unsupported(fmt)


def _unsupported(fmt: str) -> UserError:
    return UserError(f"unsupported export format {fmt!r}; use .csv or .xlsx",
                     "Nepodporovaný formát; použijte CSV nebo XLSX.", field="file")


def format_of(path: Path) -> str:
    """``csv`` or ``xlsx`` from a file name; any other suffix is refused."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise _unsupported(path.suffix)
    return fmt


def write_table(rows: list[list[Any]], path: Path, sheet_title: str) -> int:
    """Write a table to ``path`` (format by suffix); returns the number of data rows."""
    data = table_bytes(rows, format_of(path), sheet_title)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", f"Soubor {path} nelze zapsat.", field="file") from None
    return len(rows) - 1


# --- workbooks of several formatted sheets (the region's report) -------------------------------

# Number formats as Excel stores them; a Czech Excel or LibreOffice shows the thousands separator as
# a space ("21 174 960 Kč"). A literal space ("# ##0") would not group millions ("21174 960").
CZK_FORMAT = '#,##0 "Kč"'
DATE_FORMAT = "d. m. yyyy"
DATETIME_FORMAT = "d. m. yyyy h:mm"
NUMBER_FORMATS = {"int": "0", "czk": CZK_FORMAT, "ratio": "0 %", "decimal": "0.0"}
HEADER_FILL = "DDE6F0"


@dataclass(frozen=True)
class Column:
    """A column of a formatted table: Czech header, kind of value, width in characters."""

    header: str
    kind: str = "text"  # text | int | decimal | czk | ratio | date
    width: float = 14


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[list[Any]]
    title: str | None = None
    empty: str = "Žádné záznamy."


@dataclass(frozen=True)
class Chart:
    """A bar chart over one table of its sheet: categories from one column, a series per value column."""

    title: str
    table: int
    categories: int
    series: tuple[int, ...]
    horizontal: bool = True
    axis_title: str | None = None
    log: bool = False  # a logarithmic value axis, for amounts of very different size


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters (Excel)
    tables: tuple[Table, ...]
    intro: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    headline: str = ""  # one sentence for the cover's contents and the app


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Sheets of titled tables with Czech number and date formats, set column widths and bar charts."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    widths: dict[int, float] = {}
    row = 1
    ws.cell(row, 1, sheet.title).font = Font(bold=True, size=14)
    row += 1
    for line in sheet.intro:
        ws.cell(row, 1, line)
        row += 1
    placed: list[tuple[int, int]] = []  # (header row, last row) of each table
    for table in sheet.tables:
        row += 1
        if table.title:
            ws.cell(row, 1, table.title).font = Font(bold=True, size=12)
            row += 1
        header_row = row
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(row, col, column.header)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[col] = max(widths.get(col, 0), column.width)
        for values in table.rows:
            row += 1
            for col, (column, value) in enumerate(zip(table.columns, values), start=1):
                _write_cell(ws.cell(row, col), column.kind, value)
        if not table.rows:
            row += 1
            ws.cell(row, 1, table.empty)
        placed.append((header_row, row))
        row += 1
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if len(sheet.tables) == 1 and sheet.tables[0].rows:
        ws.freeze_panes = ws.cell(placed[0][0] + 1, 1)
    anchor_col = get_column_letter(max(widths, default=1) + 2)
    anchor_row = placed[0][0] if placed else 1
    for chart in sheet.charts:
        header_row, last_row = placed[chart.table]
        if last_row <= header_row or not sheet.tables[chart.table].rows:
            continue
        ws.add_chart(_bar_chart(ws, chart, header_row, last_row), f"{anchor_col}{anchor_row}")
        anchor_row += 20


def _write_cell(cell: Any, kind: str, value: Any) -> None:
    from openpyxl.styles import Alignment

    if value is None:
        return
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        cell.value = naive
        cell.number_format = DATETIME_FORMAT if naive.time() != time(0, 0) else DATE_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif kind in NUMBER_FORMATS and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = NUMBER_FORMATS[kind]
    else:  # text, or a date known only to the month ("červen 2027 (orientačně)")
        cell.value = str(value)
        cell.data_type = "s"  # never a formula, whatever a scraped title starts with
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _bar_chart(ws: Any, chart: Chart, header_row: int, last_row: int) -> Any:
    from openpyxl.chart import BarChart, Reference

    bars = BarChart()
    bars.type = "bar" if chart.horizontal else "col"
    bars.title = chart.title
    bars.height, bars.width = 9, 18
    if chart.axis_title:
        bars.y_axis.title = chart.axis_title
    if chart.log:
        bars.y_axis.scaling.logBase = 10
    for col in chart.series:
        bars.add_data(Reference(ws, min_col=col + 1, min_row=header_row, max_row=last_row), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=chart.categories + 1, min_row=header_row + 1, max_row=last_row))
    if chart.horizontal:
        bars.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    return bars
